//! Tests of reading inputs into records.

#![allow(
    clippy::unwrap_used,
    reason = "tests may unwrap: a panic there is a failed test with its message"
)]

use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use super::decompress::GZIP_MAGIC;
use super::source::records;
use super::*;
use crate::locate::{self, Position};
use flate2::Compression;
use flate2::write::GzEncoder;
use proptest::prelude::*;
use std::io::Write;

fn read(bytes: &[u8], format: InputFormat) -> Vec<Record> {
    Records::from_reader(Cursor::new(bytes.to_vec()), format, Arc::from("t")).collect()
}

fn bodies(records: &[Record]) -> Vec<Result<String, ReadProblem>> {
    records
        .iter()
        .map(|r| {
            r.body
                .clone()
                .map(|b| String::from_utf8_lossy(&b).into_owned())
        })
        .collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("callspec-input-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn format_names() {
    for format in InputFormat::ALL {
        assert_eq!(format.as_str().parse::<InputFormat>().unwrap(), format);
        assert_eq!(format.to_string(), format.as_str());
    }
    assert_eq!("JSONL".parse::<InputFormat>().unwrap(), InputFormat::Ndjson);
    let err = "yaml".parse::<InputFormat>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown input format `yaml`: expected `json`, `ndjson` or `har`"
    );
}

#[test]
fn formats_from_extensions() {
    let cases = [
        ("a/x.json", Some((InputFormat::Json, false))),
        ("x.ndjson.gz", Some((InputFormat::Ndjson, true))),
        ("X.JSONL", Some((InputFormat::Ndjson, false))),
        ("capture.har.GZ", Some((InputFormat::Har, true))),
        ("x.log", None),
        ("x.gz", None),
        ("json", None),
        ("ndjson.gz", None),
    ];
    for (path, expected) in cases {
        assert_eq!(InputFormat::from_path(Path::new(path)), expected, "{path}");
    }
}

#[test]
fn ndjson_lines() {
    let input = b"\xEF\xBB\xBF{\"a\":1}\r\n\n   \t\r\n{\"b\":\n\0\xFF{\"c\":2}";
    let records = read(input, InputFormat::Ndjson);
    assert_eq!(
        bodies(&records),
        vec![
            Ok("{\"a\":1}".into()),
            Ok("{\"b\":".into()),
            Ok("\0\u{fffd}{\"c\":2}".into())
        ]
    );
    assert_eq!(records[2].body.as_ref().unwrap()[..2], [0, 0xFF]);
    let lines: Vec<_> = records.iter().map(|r| r.origin.line).collect();
    assert_eq!(lines, [Some(1), Some(4), Some(5)]);
    assert!(records[0].origin.bom && !records[1].origin.bom);
    assert_eq!(records[1].origin.start, Position::new(4, 1));
    assert_eq!(records[1].origin.to_string(), "t:4");
    assert!(read(b"", InputFormat::Ndjson).is_empty());
    assert!(read(b"\n \n", InputFormat::Ndjson).is_empty());
}

#[test]
fn ndjson_huge_line() {
    let mut input = Vec::with_capacity(100 * 1024 * 1024 + 64);
    input.extend_from_slice(b"{\"small\":1}\n{\"s\":\"");
    input.resize(input.len() + 100 * 1024 * 1024, b'x');
    input.extend_from_slice(b"\"}\n{\"after\":2}\n");
    let limits = Limits {
        record_bytes: 128 << 20,
        ..Limits::default()
    };
    let records: Vec<Record> = Records::with_limits(
        Cursor::new(input.clone()),
        InputFormat::Ndjson,
        "t".into(),
        limits,
    )
    .collect();
    assert_eq!(records.len(), 3);
    assert_eq!(
        records[1].body.as_ref().unwrap().len(),
        100 * 1024 * 1024 + 8
    );
    assert_eq!(records[2].body.as_ref().unwrap(), b"{\"after\":2}");
    assert_eq!(records[2].origin.line, Some(3));
}

#[test]
fn ndjson_line_past_the_limit_ends_the_source() {
    let mut input = b"{\"small\":1}\n".to_vec();
    input.resize(input.len() + 100, b'x');
    input.extend_from_slice(b"\n{\"after\":2}\n");
    let limits = Limits {
        record_bytes: 64,
        ..Limits::default()
    };
    let records: Vec<Record> =
        Records::with_limits(Cursor::new(input), InputFormat::Ndjson, "t".into(), limits).collect();
    assert_eq!(records.len(), 2, "{records:?}");
    assert_eq!(records[1].body, Err(ReadProblem::LineTooLong { limit: 64 }));
    assert_eq!(records[1].origin.line, Some(2));
}

#[test]
fn gzip_is_sniffed_and_counted() {
    let plain = b"{\"a\":1}\n{\"a\":2}\n".repeat(1000);
    let mut compressed = gzip(&plain);
    // A second member: MultiGzDecoder reads concatenated gzip streams.
    compressed.extend(gzip(b"{\"a\":3}\n"));
    let size = compressed.len() as u64;
    let mut records =
        Records::from_reader(Cursor::new(compressed), InputFormat::Ndjson, "t".into());
    let counter = records.bytes_read();
    let all: Vec<_> = records.by_ref().collect();
    assert_eq!(all.len(), 2001);
    assert_eq!(all[2000].body.as_ref().unwrap(), b"{\"a\":3}");
    assert_eq!(counter.load(Ordering::Relaxed), size);
    let json = read(&gzip(b"\xEF\xBB\xBF[1]"), InputFormat::Json);
    assert_eq!(bodies(&json), vec![Ok("[1]".into())]);
    assert!(json[0].origin.bom);
    // One byte only: not gzip, passed through.
    assert_eq!(
        bodies(&read(b"\x1f", InputFormat::Json)),
        vec![Ok("\x1f".into())]
    );
}

#[test]
fn corrupt_gzip_is_a_record() {
    let mut compressed = gzip(&b"{\"a\":1}\n".repeat(10_000));
    compressed.truncate(compressed.len() / 2);
    let records = read(&compressed, InputFormat::Ndjson);
    let last = records.last().unwrap();
    assert!(
        matches!(
            &last.body,
            Err(ReadProblem::Io {
                gzip_hint: true,
                ..
            })
        ),
        "{last:?}"
    );
    assert!(records[..records.len() - 1].iter().all(|r| r.body.is_ok()));
    let mut garbage = GZIP_MAGIC.to_vec();
    garbage.extend_from_slice(b"not deflate at all");
    let records = read(&garbage, InputFormat::Json);
    assert_eq!(records.len(), 1);
    assert!(matches!(records[0].body, Err(ReadProblem::Io { .. })));
    assert!(
        records[0]
            .body
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("gzip")
    );
}

#[test]
fn json_file_is_one_record() {
    let records = read(b"  {\"a\": [1, 2]}\n", InputFormat::Json);
    assert_eq!(bodies(&records), vec![Ok("  {\"a\": [1, 2]}\n".into())]);
    assert_eq!(records[0].origin, Origin::new("t".into()));
    assert_eq!(records[0].origin.to_string(), "t");
    assert_eq!(read(b"", InputFormat::Json).len(), 1);
}

#[test]
fn split_arrays() {
    let body = b"[\n  {\"a\": \"x]\\\"\"},\n  [1, [2]], \"\xC3\xA9\", 3\n]";
    let elements = split_top_level_array(body, Position::new(10, 4)).unwrap();
    let texts: Vec<_> = elements
        .iter()
        .map(|(i, range, at)| (*i, std::str::from_utf8(&body[range.clone()]).unwrap(), *at))
        .collect();
    assert_eq!(
        texts,
        vec![
            (0, "{\"a\": \"x]\\\"\"}", Position::new(11, 3)),
            (1, "[1, [2]]", Position::new(12, 3)),
            (2, "\"é\"", Position::new(12, 13)),
            (3, "3", Position::new(12, 18)),
        ]
    );
    assert_eq!(
        split_top_level_array(b" [ ] ", Position::START),
        Some(vec![])
    );
    assert_eq!(
        split_top_level_array(b"[1]", Position::new(3, 5)),
        Some(vec![(0, 1..2, Position::new(3, 6))])
    );
    for bad in [
        &b"{}"[..],
        b"[1,]",
        b"[1 2]",
        b"[1] x",
        b"[\"a]",
        b"",
        b"[{]}",
    ] {
        assert_eq!(split_top_level_array(bad, Position::START), None, "{bad:?}");
    }
    let origin = Origin::new("f.json".into()).element(2, Position::new(12, 13));
    assert_eq!(origin.to_string(), "f.json#index=2");
    assert_eq!(
        origin.source_position(Position::new(1, 2)),
        Position::new(12, 14)
    );
}

const HAR: &str = r#"{"log": {"version": "1.2", "entries": [
  {"request": {"method": "GET", "url": "https://voice.bandwidth.com/api/v2/accounts/1/calls/c-1?x=%2B1&y",
               "headers": [{"name": "Authorization", "value": "Basic abc"}]},
   "response": {"status": 200, "headers": [{"name": "Content-Type", "value": "application/json"}],
                "content": {"mimeType": "application/json", "text": "\ufeff{\"callId\": \"c-1\"}"}}},
  {"request": {"method": "GET", "url": "https://h/p", "queryString": [{"name": "page", "value": "1"}]},
   "response": {"status": 200, "content": {"size": 0, "mimeType": "application/json"}}},
  {"request": {"method": "GET", "url": "https://h/p"},
   "response": {"status": 200, "content": {"text": "eyJhIjoxfQ==", "encoding": "base64"}}},
  {"request": {"method": "GET", "url": "https://h/p"},
   "response": {"status": 200, "content": {"text": "@@@", "encoding": "base64"}}},
  {"response": {"status": 404}},
  {"request": {"url": "https://h/p"}},
  {"request": {"url": "https://h/p"}, "response": {"status": 204, "headers": null}},
  {"request": {"url": "https://h/p"}, "response": {"status": "ok"}},
  42,
  {"request": {"url": "https://h/p"}, "response": {"status": 200, "content": {"text": "x", "encoding": "gzip"}}},
  {"request": {"url": "https://h/p"}, "response": {"status": 200, "content": {"text": "eyJh\nIjoxfQ==", "encoding": "base64"}}}
]}}"#;

#[test]
fn har_entries() {
    let records = read(HAR.as_bytes(), InputFormat::Har);
    assert_eq!(records.len(), 11);
    let first = &records[0];
    assert_eq!(first.body.as_deref().unwrap(), b"{\"callId\": \"c-1\"}");
    assert!(first.origin.bom);
    assert_eq!(first.origin.entry, Some(0));
    assert_eq!(first.origin.to_string(), "t#entry=0");
    let exchange = first.exchange.as_ref().unwrap();
    assert_eq!(exchange.method, "GET");
    assert_eq!(exchange.status, 200);
    assert_eq!(
        exchange.query,
        vec![("x".into(), "+1".into()), ("y".into(), "".into())]
    );
    assert_eq!(exchange.request_header("authorization"), Some("Basic abc"));
    assert_eq!(
        exchange.response_header("content-type"),
        Some("application/json")
    );
    assert_eq!(exchange.mime_type.as_deref(), Some("application/json"));

    assert_eq!(records[1].body, Err(ReadProblem::MissingText));
    let second = records[1].exchange.as_ref().unwrap();
    assert_eq!(second.query, vec![("page".into(), "1".into())]);
    assert_eq!(records[2].body.as_deref().unwrap(), b"{\"a\":1}");
    assert!(matches!(records[3].body, Err(ReadProblem::Base64 { .. })));
    assert!(records[3].exchange.is_some());
    assert_eq!(records[4].body, Err(ReadProblem::MissingRequest));
    assert_eq!(records[5].body, Err(ReadProblem::MissingResponse));
    assert_eq!(records[6].body, Err(ReadProblem::MissingContent));
    assert_eq!(records[6].exchange.as_ref().unwrap().status, 204);
    assert!(matches!(
        records[7].body,
        Err(ReadProblem::InvalidEntry { .. })
    ));
    assert!(matches!(
        records[8].body,
        Err(ReadProblem::InvalidEntry { .. })
    ));
    assert_eq!(
        records[9].body,
        Err(ReadProblem::UnsupportedEncoding {
            encoding: "gzip".into()
        })
    );
    assert_eq!(records[10].body.as_deref().unwrap(), b"{\"a\":1}");
    assert_eq!(records[10].origin.entry, Some(10));
}

#[test]
fn har_document_problems() {
    // An entry that is not JSON is a problem of that entry, at its place in the capture.
    let records = read(b"{\"log\": {\"entries\": [\n  {,}]}}", InputFormat::Har);
    assert_eq!(records.len(), 1);
    let Err(ReadProblem::EntrySyntax { message, position }) = &records[0].body else {
        panic!("{records:?}");
    };
    assert_eq!(message, "key must be a string");
    assert_eq!(*position, Position::new(2, 4));
    assert_eq!(records[0].origin.entry, Some(0));
    assert!(
        records[0]
            .body
            .as_ref()
            .unwrap_err()
            .to_string()
            .starts_with("HAR entry at line 2 column 4 is not JSON: key must be a string;")
    );
    for no_entries in [
        &b"{}"[..],
        b"{\"log\": {}}",
        b"{\"log\": null}",
        b"{\"log\": {\"entries\": null}}",
    ] {
        let records = read(no_entries, InputFormat::Har);
        assert_eq!(bodies(&records), vec![Err(ReadProblem::HarNoEntries)]);
    }
    let records = read(b"\n  [{\"entries\": []}]", InputFormat::Har);
    assert_eq!(
        records[0].body,
        Err(ReadProblem::HarDocument {
            message: "the top-level value is not an object".into(),
            position: Some(Position::new(2, 3)),
        })
    );
    let records = read(b"", InputFormat::Har);
    assert!(matches!(
        &records[0].body,
        Err(ReadProblem::HarDocument {
            position: Some(_),
            ..
        })
    ));
    assert!(read(b"{\"log\": {\"entries\": []}}", InputFormat::Har).is_empty());
}

fn found(paths: &[PathBuf], format: Option<InputFormat>) -> Discovered {
    discover(
        paths,
        &DiscoverOptions {
            format,
            ..DiscoverOptions::default()
        },
    )
}

#[test]
fn discovery() {
    let dir = temp_dir("discover");
    fs::create_dir_all(dir.join("b/deeper")).unwrap();
    fs::create_dir_all(dir.join("a")).unwrap();
    for name in [
        "z.json",
        "a/y.ndjson.gz",
        "b/deeper/x.har",
        "b/notes.txt",
        "b/w.jsonl",
        "a.json",
    ] {
        fs::write(dir.join(name), b"{}").unwrap();
    }
    let sources = found(std::slice::from_ref(&dir), None).sources;
    let names: Vec<_> = sources
        .iter()
        .map(|s| {
            s.path()
                .unwrap()
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        names,
        [
            "a/y.ndjson.gz",
            "a.json",
            "b/deeper/x.har",
            "b/w.jsonl",
            "z.json"
        ]
    );
    assert_eq!(sources[0].format(), InputFormat::Ndjson);
    assert_eq!(sources[0].size(), Some(2));
    assert_eq!(&**sources[4].name(), dir.join("z.json").to_string_lossy());

    let notes = dir.join("b/notes.txt");
    let result = found(std::slice::from_ref(&notes), None);
    assert!(
        matches!(&result.errors[..], [InputError::UnknownFormat { path }] if *path == notes),
        "{result:?}"
    );
    let forced = found(std::slice::from_ref(&notes), Some(InputFormat::Ndjson));
    assert_eq!(forced.sources[0].format(), InputFormat::Ndjson);
    // --input-format applies to files whose extension says none, in directories too; a known
    // extension wins.
    let walked = found(std::slice::from_ref(&dir), Some(InputFormat::Ndjson));
    let formats: Vec<_> = walked
        .sources
        .iter()
        .map(|s| {
            (
                s.path().unwrap().file_name().unwrap().to_owned(),
                s.format(),
            )
        })
        .collect();
    assert!(formats.contains(&("notes.txt".into(), InputFormat::Ndjson)));
    assert!(formats.contains(&("z.json".into(), InputFormat::Json)));

    // One missing path does not stop the others.
    let missing = dir.join("missing.json");
    let result = found(&[missing, dir.join("z.json")], None);
    assert_eq!(result.sources.len(), 1);
    let [err] = &result.errors[..] else {
        panic!("{result:?}")
    };
    assert!(err.to_string().contains("missing.json"), "{err}");
    assert!(matches!(err, InputError::NotFound { .. }));

    assert!(matches!(
        &found(&["-".into()], None).errors[..],
        [InputError::StdinNeedsFormat]
    ));
    let stdin = found(&["-".into()], Some(InputFormat::Har)).sources;
    assert!(stdin[0].is_stdin() && stdin[0].path().is_none());
    assert_eq!(&**stdin[0].name(), STDIN_NAME);

    let records: Vec<_> = sources[4].records().unwrap().collect();
    assert_eq!(bodies(&records), vec![Ok("{}".into())]);
    let gone = InputSource::file(dir.join("gone.json"), InputFormat::Json);
    assert!(matches!(
        records_err(&gone),
        Some(InputError::NotFound { .. })
    ));
    fs::remove_dir_all(&dir).unwrap();
}

/// Walking as ripgrep does: ignore files and hidden files respected unless asked, globs, and
/// whatever cannot be read named, not skipped in silence.
#[cfg(unix)]
#[test]
fn walking() {
    let dir = temp_dir("walk");
    fs::create_dir_all(dir.join("logs")).unwrap();
    fs::create_dir_all(dir.join(".hidden")).unwrap();
    fs::create_dir_all(dir.join("target")).unwrap();
    for name in [
        "logs/a.ndjson",
        "logs/b.json",
        ".hidden/c.json",
        ".d.json",
        "target/e.json",
        "skip.json",
    ] {
        fs::write(dir.join(name), b"{}").unwrap();
    }
    fs::write(dir.join(".gitignore"), b"target/\n").unwrap();
    fs::write(dir.join(".ignore"), b"skip.json\n").unwrap();
    let names = |result: &Discovered| -> Vec<String> {
        result
            .sources
            .iter()
            .map(|s| {
                s.path()
                    .unwrap()
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
    };
    let walk = |options: DiscoverOptions| discover(std::slice::from_ref(&dir), &options);
    assert_eq!(
        names(&walk(DiscoverOptions::default())),
        ["logs/a.ndjson", "logs/b.json"]
    );
    assert_eq!(
        names(&walk(DiscoverOptions {
            hidden: true,
            ..DiscoverOptions::default()
        })),
        [".d.json", ".hidden/c.json", "logs/a.ndjson", "logs/b.json"]
    );
    assert_eq!(
        names(&walk(DiscoverOptions {
            no_ignore: true,
            ..DiscoverOptions::default()
        })),
        ["logs/a.ndjson", "logs/b.json", "skip.json", "target/e.json"]
    );
    assert_eq!(
        names(&walk(DiscoverOptions {
            exclude: vec!["*.ndjson".into()],
            ..DiscoverOptions::default()
        })),
        ["logs/b.json"]
    );
    assert_eq!(
        names(&walk(DiscoverOptions {
            include: vec!["*.ndjson".into()],
            ..DiscoverOptions::default()
        })),
        ["logs/a.ndjson"]
    );
    // Given explicitly, an ignored file is read.
    let explicit = found(&[dir.join("target/e.json")], None);
    assert_eq!(explicit.sources.len(), 1);

    // A dangling link and a link loop are named; a FIFO is named and skipped; a file name that
    // is not UTF-8 is read like any other.
    std::os::unix::fs::symlink(dir.join("nowhere"), dir.join("logs/dangling.json")).unwrap();
    std::os::unix::fs::symlink(dir.join("logs"), dir.join("logs/loop")).unwrap();
    let fifo = dir.join("logs/pipe.ndjson");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status();
    let made_fifo = status.is_ok_and(|s| s.success());
    use std::os::unix::ffi::OsStrExt;
    let odd = dir.join(std::ffi::OsStr::from_bytes(b"logs/caf\xe9.json"));
    fs::write(&odd, b"{}").unwrap();
    let result = walk(DiscoverOptions::default());
    assert!(
        names(&result).iter().any(|n| n.starts_with("logs/caf")),
        "{result:?}"
    );
    let errors: Vec<String> = result.errors.iter().map(ToString::to_string).collect();
    assert!(
        errors.iter().any(|e| e.contains("dangling.json")),
        "{errors:?}"
    );
    assert!(errors.iter().any(|e| e.contains("loop")), "{errors:?}");
    if made_fifo {
        assert_eq!(result.skipped.len(), 1, "{result:?}");
        assert_eq!(result.skipped[0].kind, "a FIFO");
        assert!(result.skipped[0].to_string().contains("pipe.ndjson"));
    }
    fs::remove_dir_all(&dir).unwrap();
}

/// `.callspecignore` leaves out what a repository holds as JSON but is not traffic: read in the
/// walked directory and in its parents, over `.gitignore`, and dropped by `--no-ignore`.
#[test]
fn callspec_ignore_file() {
    let dir = temp_dir("callspecignore");
    fs::create_dir_all(dir.join("corpus/captures")).unwrap();
    fs::create_dir_all(dir.join("specs")).unwrap();
    for name in [
        "corpus/captures/log.ndjson",
        "corpus/captures/manifest.json",
        "specs/index.json",
        "kept.json",
    ] {
        fs::write(dir.join(name), b"{}").unwrap();
    }
    fs::write(dir.join(".gitignore"), b"kept.json\n").unwrap();
    fs::write(
        dir.join(IGNORE_FILE),
        b"# not traffic\n/specs/\ncorpus/**/manifest.json\n!kept.json\n",
    )
    .unwrap();
    let names = |root: &Path, options: &DiscoverOptions| -> Vec<String> {
        discover(&[root.to_path_buf()], options)
            .sources
            .iter()
            .map(|s| {
                let path = s.path().unwrap().strip_prefix(&dir).unwrap();
                path.to_string_lossy().into_owned()
            })
            .collect()
    };
    let default = DiscoverOptions::default();
    // Its whitelist wins over `.gitignore`, as ripgrep's `.rgignore` does.
    assert_eq!(
        names(&dir, &default),
        ["corpus/captures/log.ndjson", "kept.json"]
    );
    // Walking a subdirectory still reads the file in its parent.
    assert_eq!(
        names(&dir.join("corpus/captures"), &default),
        ["corpus/captures/log.ndjson"]
    );
    let everything = DiscoverOptions {
        no_ignore: true,
        ..DiscoverOptions::default()
    };
    assert_eq!(
        names(&dir, &everything),
        [
            "corpus/captures/log.ndjson",
            "corpus/captures/manifest.json",
            "kept.json",
            "specs/index.json"
        ]
    );
    // Named explicitly, an ignored file is read.
    assert_eq!(
        names(&dir.join("specs/index.json"), &default),
        ["specs/index.json"]
    );
    fs::remove_dir_all(&dir).unwrap();
}

fn records_err(source: &InputSource) -> Option<InputError> {
    records(source, Limits::default()).err()
}

#[test]
fn records_are_send() {
    fn is_send<T: Send>() {}
    is_send::<Records>();
    is_send::<Record>();
}

proptest! {
    #[test]
    fn readers_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512), gz in any::<bool>()) {
        let bytes = if gz { gzip(&bytes) } else { bytes };
        for format in InputFormat::ALL {
            let _ = read(&bytes, format);
        }
        let _ = split_top_level_array(&bytes, Position::START);
    }

    #[test]
    fn corrupted_gzip_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..256), flip in any::<prop::sample::Index>(), cut in any::<prop::sample::Index>()) {
        let mut compressed = gzip(&bytes);
        let at = flip.index(compressed.len());
        compressed[at] ^= 0x55;
        compressed.truncate(cut.index(compressed.len() + 1));
        for format in InputFormat::ALL {
            let _ = read(&compressed, format);
        }
    }

    #[test]
    fn ndjson_keeps_every_line(lines in prop::collection::vec("[a-z{}\" ]{0,12}", 0..20), crlf in any::<bool>()) {
        let newline = if crlf { "\r\n" } else { "\n" };
        let text = lines.join(newline);
        let expected: Vec<(u64, String)> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| (i as u64 + 1, l.clone()))
            .collect();
        let got: Vec<(u64, String)> = read(text.as_bytes(), InputFormat::Ndjson)
            .into_iter()
            .map(|r| (r.origin.line.unwrap(), String::from_utf8(r.body.unwrap()).unwrap()))
            .collect();
        prop_assert_eq!(got, expected);
    }

    #[test]
    fn split_agrees_with_serde_json(items in prop::collection::vec("(null|true|-1\\.5e3|\"[a-z\\]\\[,\\\\\"é]{0,5}\"|\\[\\]|\\{\"k\": \\[1, \\{\\}\\]\\})", 0..8), pretty in any::<bool>()) {
        let separator = if pretty { ",\n  " } else { "," };
        let body = format!("[{}]", items.join(separator));
        if let Ok(serde_json::Value::Array(values)) = serde_json::from_str::<serde_json::Value>(&body) {
            let elements = split_top_level_array(body.as_bytes(), Position::START);
            prop_assert!(elements.is_some(), "{}", body);
            let elements = elements.unwrap();
            prop_assert_eq!(elements.len(), values.len());
            for ((i, range, at), value) in elements.into_iter().zip(values) {
                let parsed: serde_json::Value = serde_json::from_slice(&body.as_bytes()[range.clone()]).unwrap();
                prop_assert_eq!(parsed, value);
                prop_assert_eq!(at, locate::position_at(body.as_bytes(), range.start, Position::START));
                prop_assert_eq!(Some(range.start), locate::locate(body.as_bytes(), &format!("/{i}")).map(|l| l.offset));
            }
        }
    }
}

fn read_with(bytes: &[u8], format: InputFormat, limits: Limits) -> Vec<Record> {
    Records::with_limits(Cursor::new(bytes.to_vec()), format, "t".into(), limits).collect()
}

#[test]
fn compressions() {
    // Trailing zeros after the last gzip member are padding, as gzip(1) reads them.
    let mut padded = gzip(b"{\"a\":1}\n");
    padded.extend([0u8; 512]);
    assert_eq!(
        bodies(&read(&padded, InputFormat::Ndjson)),
        vec![Ok("{\"a\":1}".into())]
    );
    // Anything else after a member is an error.
    let mut garbage = gzip(b"{\"a\":1}\n");
    garbage.extend(b"junk");
    let records = read(&garbage, InputFormat::Ndjson);
    assert!(
        matches!(records.last().unwrap().body, Err(ReadProblem::Io { .. })),
        "{records:?}"
    );
    // zstd, several frames.
    let mut zst = zstd::encode_all(&b"{\"a\":1}\n"[..], 3).unwrap();
    zst.extend(zstd::encode_all(&b"{\"a\":2}\n"[..], 3).unwrap());
    assert_eq!(
        bodies(&read(&zst, InputFormat::Ndjson)),
        vec![Ok("{\"a\":1}".into()), Ok("{\"a\":2}".into())]
    );
    // bzip2 and xz: one clear problem, whatever the format.
    for (bytes, name) in [
        (&b"BZh91AY&SY\x00\x00"[..], "bzip2"),
        (b"\xfd7zXZ\x00\x00\x04", "xz"),
    ] {
        for format in InputFormat::ALL {
            let records = read(bytes, format);
            assert_eq!(
                bodies(&records),
                vec![Err(ReadProblem::Compression { format: name })],
                "{name} {format}"
            );
            assert!(
                records[0]
                    .body
                    .as_ref()
                    .unwrap_err()
                    .to_string()
                    .contains(name),
                "{records:?}"
            );
        }
    }
}

#[test]
fn limits_are_findings() {
    // A gzip bomb: the per-source limit ends it with one problem.
    let bomb = gzip(&vec![b'\n'; 4 << 20]);
    let limits = Limits {
        source_bytes: 1 << 20,
        ..Limits::default()
    };
    let records = read_with(&bomb, InputFormat::Ndjson, limits);
    assert_eq!(
        bodies(&records),
        vec![Err(ReadProblem::SourceTooLarge { limit: 1 << 20 })]
    );
    // A JSON body past the per-record limit.
    let limits = Limits {
        record_bytes: 16,
        ..Limits::default()
    };
    let records = read_with(b"{\"a\": \"0123456789abcdef\"}", InputFormat::Json, limits);
    assert!(
        matches!(
            records[..],
            [Record {
                body: Err(ReadProblem::RecordTooLarge { limit: 16, .. }),
                ..
            }]
        ),
        "{records:?}"
    );
    // NUL bytes as NDJSON (`/dev/zero`): one problem, and reading stops.
    let zeros = std::io::Read::take(std::io::repeat(0), 1 << 30);
    let records: Vec<Record> = Records::with_limits(
        zeros,
        InputFormat::Ndjson,
        "zero".into(),
        Limits {
            record_bytes: 1 << 20,
            ..Limits::default()
        },
    )
    .collect();
    assert_eq!(
        bodies(&records),
        vec![Err(ReadProblem::LineTooLong { limit: 1 << 20 })]
    );
}

/// The entry of a HAR with `body` as the response text of a Bandwidth call.
fn entry(text: &str) -> String {
    format!(
        r#"{{"request": {{"method": "GET", "url": "https://voice.bandwidth.com/api/v2/accounts/1/calls/c-1", "headers": []}},
          "response": {{"status": 200, "headers": [], "content": {{"mimeType": "application/json", "text": {text}}}}}}}"#
    )
}

fn har(entries: &[String]) -> String {
    format!(
        "{{\"log\": {{\"version\": \"1.2\", \"pages\": [{{\"id\": \"p\"}}], \"entries\": [\n{}\n]}}}}",
        entries.join(",\n")
    )
}

#[test]
fn har_entries_stream_and_fail_alone() {
    let deep = format!(
        r#"{{"request": {{"url": "https://h/p", "_vendor": {}1{}}}, "response": {{"status": 200}}}}"#,
        "[".repeat(200),
        "]".repeat(200)
    );
    let capture = har(&[
        entry(r#""{\"a\": 1}""#),
        entry(r#""{\"cut\": \"\ud83d\"}""#),
        deep,
        entry(r#""{\"a\": 3}""#),
        r#"{"request": {"url": "https://h/\ud800"}, "response": {"status": 200}}"#.to_owned(),
        entry(r#""{\"a\": 5}""#),
    ]);
    let records = read(capture.as_bytes(), InputFormat::Har);
    assert_eq!(records.len(), 6, "{records:?}");
    assert_eq!(records[0].body.as_deref().unwrap(), b"{\"a\": 1}");
    // A lone surrogate inside the body text is a problem of that body, the exchange kept.
    assert!(
        matches!(&records[1].body, Err(ReadProblem::BodyText { .. })),
        "{:?}",
        records[1]
    );
    assert!(records[1].exchange.is_some());
    assert_eq!(
        records[2].body,
        Err(ReadProblem::TooDeep {
            what: "the HAR entry",
            limit: Limits::MAX_DEPTH
        })
    );
    assert_eq!(records[3].body.as_deref().unwrap(), b"{\"a\": 3}");
    // A lone surrogate elsewhere in the entry: that entry only.
    assert!(
        matches!(&records[4].body, Err(ReadProblem::EntrySyntax { .. })),
        "{:?}",
        records[4]
    );
    assert_eq!(records[5].body.as_deref().unwrap(), b"{\"a\": 5}");
    let entries: Vec<_> = records.iter().map(|r| r.origin.entry).collect();
    assert_eq!(entries, (0..6).map(Some).collect::<Vec<_>>());
    let offset = records[3].origin.offset.unwrap() as usize;
    assert!(capture[offset..].starts_with("{\"request\""));

    // Cut in the middle: every complete entry, then one problem.
    let cut = &capture[..capture.find("{\\\"a\\\": 3}").unwrap()];
    let records = read(cut.as_bytes(), InputFormat::Har);
    assert_eq!(records.len(), 4, "{records:?}");
    assert!(records[0].body.is_ok());
    assert!(
        matches!(
            &records[3].body,
            Err(ReadProblem::Truncated {
                inside: "`log.entries`",
                ..
            })
        ),
        "{:?}",
        records[3]
    );
}

#[test]
fn har_bodies_as_recorders_write_them() {
    use base64::Engine as _;
    let json = br#"{"callId": "c-1"}"#;
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD_NO_PAD.encode(bytes);
    let gz = gzip(json);
    let mut br = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut br, 4096, 5, 22);
        writer.write_all(json).unwrap();
    }
    let mut deflate = flate2::write::ZlibEncoder::new(Vec::new(), Compression::fast());
    deflate.write_all(json).unwrap();
    let deflate = deflate.finish().unwrap();
    let entry = |status: &str, encoding: &str, text: String| {
        format!(
            r#"{{"request": {{"url": "https://h/p"}}, "response": {{"status": {status}, "headers": [{{"name": "Content-Encoding", "value": "{encoding}"}}], "content": {{"text": "{text}", "encoding": "base64"}}}}}}"#
        )
    };
    let capture = har(&[
        entry("200", "identity", b64(json)),
        entry("200.0", "gzip", b64(&gz)),
        entry("\"200\"", "br", b64(&br)),
        entry("201", "deflate", b64(&deflate)),
        // Recorders usually store the decoded body and keep the header.
        entry("200", "gzip", b64(json)),
    ]);
    let records = read(capture.as_bytes(), InputFormat::Har);
    for (i, record) in records.iter().enumerate() {
        assert_eq!(
            record.body.as_deref(),
            Ok(&json[..]),
            "entry {i}: {record:?}"
        );
    }
    let statuses: Vec<u16> = records
        .iter()
        .map(|r| r.exchange.as_ref().unwrap().status)
        .collect();
    assert_eq!(statuses, [200, 200, 200, 201, 200]);
}

#[test]
fn large_arrays_stream_element_by_element() {
    let element =
        r#"{"callId": "c-1", "padding": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}"#;
    let count = WHOLE_ARRAY_BYTES / element.len() * 2;
    let body = format!("[\n  {}\n]\n", vec![element; count].join(",\n  "));
    let records = read(body.as_bytes(), InputFormat::Json);
    assert_eq!(records.len(), count);
    for (i, record) in records.iter().enumerate() {
        assert_eq!(record.body.as_deref().unwrap(), element.as_bytes());
        assert_eq!(record.origin.index, Some(i));
        assert_eq!(record.origin.start, Position::new(i as u64 + 2, 3));
    }
    // The same positions as the engine's splitter gives a small array.
    let split = split_top_level_array(body.as_bytes(), Position::START).unwrap();
    assert_eq!(split[5].2, records[5].origin.start);
    // Cut: every complete element, then one problem.
    let cut = &body[..body.len() - 40];
    let records = read(cut.as_bytes(), InputFormat::Json);
    assert_eq!(records.len(), count);
    assert!(
        matches!(
            records.last().unwrap().body,
            Err(ReadProblem::Truncated { .. })
        ),
        "{:?}",
        records.last()
    );
    // A small array stays one record.
    let records = read(b"[1, 2]", InputFormat::Json);
    assert_eq!(bodies(&records), vec![Ok("[1, 2]".into())]);
}

/// The records of NDJSON read in chunks of about `size` bytes and split as the run's workers
/// split them.
fn read_chunked(bytes: &[u8], size: usize, limits: Limits) -> Vec<Record> {
    let mut records = Records::with_limits(
        Cursor::new(bytes.to_vec()),
        InputFormat::Ndjson,
        Arc::from("t"),
        limits,
    );
    let mut out = Vec::new();
    // Each chunk is read into the buffer of the one before, as the run gives them back.
    let mut spare = Vec::new();
    while let Some(piece) = records.next_piece(size, std::mem::take(&mut spare)) {
        match piece {
            Piece::Lines(lines) => {
                out.extend(lines.bodies().map(|(origin, body)| Record {
                    origin,
                    body: Ok(lines.bytes[body].to_vec()),
                    exchange: None,
                }));
                spare = lines.bytes;
            }
            Piece::Record(record) => out.push(*record),
        }
    }
    out
}

/// One NDJSON line of the chunking tests: blank, whitespace, CRLF, a byte order mark, long.
fn ndjson_line() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"".to_vec()),
        Just(b"  \t".to_vec()),
        Just(b"{\"a\":1}\r".to_vec()),
        Just(b"\xEF\xBB\xBF{\"b\":2}".to_vec()),
        Just(b"\r".to_vec()),
        "[a-z{}\":,]{0,40}".prop_map(String::into_bytes),
        (1usize..9000).prop_map(|n| {
            let mut line = b"\"".to_vec();
            line.resize(n, b'x');
            line
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Chunked reading gives exactly the records line-by-line reading gives: the same bodies,
    /// line numbers, byte order marks, the same line-too-long problem ending the source, whatever
    /// the chunk size and whether the input ends with a newline.
    #[test]
    fn chunked_ndjson_reads_as_line_by_line(
        lines in proptest::collection::vec(ndjson_line(), 0..40),
        final_newline in any::<bool>(),
        size in 1usize..20_000,
        limit in prop_oneof![Just(64u64 << 20), 1u64..5000],
    ) {
        let mut bytes = lines.join(&b'\n');
        if final_newline {
            bytes.push(b'\n');
        }
        let limits = Limits { record_bytes: limit, ..Limits::default() };
        let expected: Vec<Record> = Records::with_limits(
            Cursor::new(bytes.clone()),
            InputFormat::Ndjson,
            Arc::from("t"),
            limits,
        )
        .collect();
        prop_assert_eq!(read_chunked(&bytes, size, limits), expected);
    }
}

#[test]
fn chunked_ndjson_reports_a_corrupt_stream_after_the_lines_before_it() {
    let mut compressed = gzip(b"{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n");
    let cut = compressed.len() - 6;
    compressed.truncate(cut);
    let expected = read(&compressed, InputFormat::Ndjson);
    let chunked = read_chunked(&compressed, 4096, Limits::default());
    assert_eq!(chunked, expected);
    assert!(chunked.last().unwrap().body.is_err(), "{chunked:?}");
}

#[test]
fn a_small_object_file_read_in_one_call_is_the_record_the_json_reader_gives() {
    let dir = temp_dir("small-files");
    let contents: [(&str, Vec<u8>); 7] = [
        ("object.json", b"{\"a\": 1}\n".to_vec()),
        ("bom.json", b"\xEF\xBB\xBF  {\"a\": 1}".to_vec()),
        ("spaces.json", b" \r\n\t{\"b\": [1, 2]}  ".to_vec()),
        ("array.json", b"[{\"a\": 1}, {\"a\": 2}]".to_vec()),
        ("empty.json", Vec::new()),
        ("broken.json", b"{\"a\": ".to_vec()),
        ("packed.json", gzip(b"{\"a\": 1}")),
    ];
    for (name, bytes) in &contents {
        fs::write(dir.join(name), bytes).unwrap();
    }
    let found = discover(std::slice::from_ref(&dir), &DiscoverOptions::default());
    assert_eq!(found.sources.len(), contents.len());
    let mut fast = 0;
    for source in &found.sources {
        let expected: Vec<Record> = source.records().unwrap().collect();
        if let Some(record) = small_file(source, Limits::default()) {
            fast += 1;
            assert_eq!(vec![record], expected, "{}", source.name());
        }
        let tight = Limits {
            record_bytes: 4,
            ..Limits::default()
        };
        assert_eq!(small_file(source, tight), None, "{}", source.name());
    }
    // The object files; the array, the empty, the compressed file go the ordinary way.
    assert_eq!(fast, 4);
}
