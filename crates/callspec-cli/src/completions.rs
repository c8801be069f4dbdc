//! `callspec completions SHELL`: the shell completion script, generated from the clap
//! definitions by clap_complete, so it always offers the subcommands and flags the binary has.

use std::io::Write;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::{Cli, SUCCESS, ignore_broken_pipe};

/// `callspec completions` arguments.
#[derive(Debug, Args)]
#[command(after_help = "\
Install, for example:
  bash:       callspec completions bash > ~/.local/share/bash-completion/completions/callspec
  zsh:        callspec completions zsh > ~/.zfunc/_callspec   (with ~/.zfunc on $fpath)
  fish:       callspec completions fish > ~/.config/fish/completions/callspec.fish
  PowerShell: callspec completions powershell | Out-String | Invoke-Expression
  elvish:     callspec completions elvish >> ~/.config/elvish/rc.elv")]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Writes the completion script for `args.shell` to `out`.
pub fn run(args: &CompletionsArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let script = script(args.shell);
    ignore_broken_pipe(out.write_all(&script))?;
    Ok(SUCCESS)
}

/// The completion script for `shell`. Generated into memory first: clap_complete panics when
/// its writer fails, and a closed pipe must end the output quietly instead.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "callspec", &mut script);
    script
}
