//! `callspec completions SHELL` and `callspec man`: generated from the clap definitions, so
//! each must name every subcommand, and the bash script and the roff must be well formed.

#![allow(
    clippy::unwrap_used,
    reason = "tests may unwrap: a panic there is a failed test with its message"
)]

#[macro_use]
mod common;

/// Every subcommand a user can complete or look up, from the clap definitions (so a new
/// subcommand is checked without editing this test).
fn subcommands() -> Vec<String> {
    let names: Vec<String> = <callspec_cli::Cli as clap::CommandFactory>::command()
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| s.get_name().to_owned())
        .collect();
    for expected in ["validate", "generate", "completions", "man"] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    names
}

fn stdout_of(args: &[&str]) -> String {
    let output = common::callspec(args).output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "callspec {args:?}: {}",
        common::render_output(&output)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn every_shell_completes_every_subcommand_and_a_validate_flag() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(&["completions", shell]);
        assert!(!script.trim().is_empty(), "{shell}: empty script");
        for subcommand in subcommands() {
            assert!(
                script.contains(&subcommand),
                "{shell}: `{subcommand}` missing from\n{script}"
            );
        }
        // fish spells a long flag `-l input-format`, the others `--input-format`.
        assert!(
            script.contains("input-format"),
            "{shell}: validate's `--input-format` missing"
        );
    }
}

#[test]
fn the_bash_script_parses() {
    let script = stdout_of(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("callspec.bash");
    std::fs::write(&path, &script).unwrap();
    let check = std::process::Command::new("bash")
        .arg("-n")
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "bash -n: {}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(script.contains("complete -F _callspec"), "{script}");
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let output = common::callspec(["completions", "tcsh"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("possible values: bash"), "{stderr}");
}

#[test]
fn the_man_page_is_roff_naming_every_subcommand() {
    let page = stdout_of(&["man"]);
    assert!(page.contains(".TH callspec 1"), "{page}");
    assert!(page.contains(".SH SUBCOMMANDS"), "{page}");
    for subcommand in subcommands() {
        assert!(
            page.contains(&format!("callspec\\-{subcommand}(1)")),
            "`{subcommand}` missing from\n{page}"
        );
    }
}

#[test]
fn man_dir_writes_one_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    stdout_of(&["man", "--dir", out.to_str().unwrap()]);
    let mut pages: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    pages.sort();
    let mut expected: Vec<String> = subcommands()
        .iter()
        .map(|s| format!("callspec-{s}.1"))
        .chain(["callspec.1".to_owned()])
        .collect();
    expected.sort();
    assert_eq!(pages, expected);
    let validate = std::fs::read_to_string(out.join("callspec-validate.1")).unwrap();
    assert!(validate.contains(".TH callspec-validate 1"), "{validate}");
    assert!(validate.contains("\\-\\-input\\-format"), "{validate}");
}
