//! One test per corpus case (`cargo test -p callspec-corpus --test corpus -- SOME_CASE` runs
//! one), plus the corpus lint. Known divergences fail when they start passing.

use callspec_corpus::{
    EngineSubject, Judgment, KNOWN_DIVERGENCES, corpus_dir, lint, load, run_case,
};
use libtest_mimic::{Arguments, Failed, Trial};

fn main() {
    let args = Arguments::from_args();
    let corpus = match load(&corpus_dir()) {
        Ok(corpus) => corpus,
        Err(error) => {
            eprintln!("the corpus does not load: {error}");
            std::process::exit(101);
        }
    };
    let subject = std::sync::Arc::new(EngineSubject::default());
    let mut trials = Vec::new();
    let lint_errors = lint(&corpus);
    trials.push(Trial::test("corpus_lint", move || {
        if lint_errors.is_empty() {
            Ok(())
        } else {
            Err(Failed::from(
                lint_errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n"),
            ))
        }
    }));
    for (path, _, manifest) in corpus.manifests {
        let group = manifest
            .resource
            .clone()
            .unwrap_or_else(|| "captures".to_owned());
        for case in manifest.cases {
            let name = format!("{group}::{}", case.file);
            let dir = manifest.dir.clone();
            let resource = manifest.resource.clone();
            let divergence = KNOWN_DIVERGENCES
                .iter()
                .find(|(d, _)| *d == case.description)
                .map(|(_, r)| *r);
            let manifest_path = path.clone();
            let subject = std::sync::Arc::clone(&subject);
            trials.push(Trial::test(name, move || {
                let outcome = run_case(&*subject, &dir, resource.as_deref(), &case);
                let context = format!("{} ({})", case.description, manifest_path.display());
                match (outcome, divergence) {
                    (Judgment::Passed, None) => Ok(()),
                    (Judgment::Passed, Some(reason)) => Err(Failed::from(format!(
                        "{context}: passes now; remove it from KNOWN_DIVERGENCES ({reason})"
                    ))),
                    (Judgment::Failed(_), Some(_)) => Ok(()),
                    (Judgment::Failed(why), None) => {
                        Err(Failed::from(format!("{context}:\n{why}")))
                    }
                    (Judgment::Skipped(why), _) => {
                        Err(Failed::from(format!("{context}: skipped: {why}")))
                    }
                    (Judgment::Errored(why), _) => {
                        Err(Failed::from(format!("{context}: errored: {why}")))
                    }
                }
            }));
        }
    }
    libtest_mimic::run(&args, trials).exit();
}
