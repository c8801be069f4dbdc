//! Provider-drift snapshots: the `human` and `json` reports over `corpus/captures/`. When a
//! capture is re-recorded and a provider changed something, the snapshot diff shows exactly
//! which fields and values drifted. And whatever the format, no credential of a capture is
//! ever printed.

#![allow(
    clippy::unwrap_used,
    reason = "tests: a panic is a failed test with its message"
)]

use std::path::{Path, PathBuf};

use callspec_validate::OutputFormat as Format;
use callspec_validate::{
    Engine, InputFormat, InputSource, Options, Renderer, ReportWriter, Style, Summary,
};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The report over one capture, as `callspec validate --format FORMAT --color never` writes it,
/// with the capture named by its path in the repository.
fn report(capture: &str, format: Format, show_values: bool) -> String {
    let path = workspace().join(capture);
    let (input, _) = InputFormat::from_path(&path).unwrap();
    let source = InputSource::file(&path, input);
    let engine = Engine::new(Options::default()).unwrap();
    let style = Style {
        show_values,
        ..Style::default()
    };
    let (renderer, mut writer) = (
        Renderer::new(format, style),
        ReportWriter::new(format, style),
    );
    let mut out = Vec::new();
    writer.start(&mut out).unwrap();
    let mut summary = Summary::default();
    for record in source.records().unwrap() {
        for report in engine.check(record) {
            summary.add(&report);
            writer.write_report(&mut out, &renderer, &report).unwrap();
        }
    }
    writer.finish(&mut out, &summary).unwrap();
    String::from_utf8(out)
        .unwrap()
        .replace(&path.display().to_string(), capture)
}

const CAPTURES: [&str; 2] = [
    "corpus/captures/mixed-providers.har",
    "corpus/captures/mixed-providers.ndjson",
];

#[test]
fn drift_snapshots() {
    for capture in CAPTURES {
        let name = Path::new(capture)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace('.', "_");
        insta::assert_snapshot!(
            format!("{name}__human"),
            report(capture, Format::Human, false)
        );
        insta::assert_snapshot!(
            format!("{name}__json"),
            report(capture, Format::Json, false)
        );
    }
}

#[test]
fn no_format_prints_a_credential() {
    let corpus = callspec_corpus::load(&callspec_corpus::corpus_dir()).unwrap();
    let secrets: Vec<String> = corpus
        .manifests
        .iter()
        .flat_map(|(_, _, m)| m.secrets.clone())
        .collect();
    assert!(
        !secrets.is_empty(),
        "the captures manifest lists the credentials its inputs carry"
    );
    for capture in CAPTURES {
        for format in [
            Format::Human,
            Format::Json,
            Format::Junit,
            Format::Sarif,
            Format::Github,
        ] {
            for show_values in [false, true] {
                let out = report(capture, format, show_values);
                for secret in &secrets {
                    assert!(
                        !out.contains(secret.as_str()),
                        "{capture} --format {format} printed `{secret}`"
                    );
                }
            }
        }
    }
}
