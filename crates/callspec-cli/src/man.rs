//! `callspec man`: the manual pages, generated from the clap definitions by clap_mangen:
//! callspec(1) on standard output, or with `--dir` one page per command written there
//! (`callspec.1`, `callspec-validate.1`, ...).

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, CommandFactory};

use crate::{Cli, SUCCESS, ignore_broken_pipe};

/// `callspec man` arguments.
#[derive(Debug, Args)]
#[command(after_help = "\
Read it with `callspec man | man -l -`, or install the pages with
`callspec man --dir ~/.local/share/man/man1`.")]
pub struct ManArgs {
    /// Write callspec.1 and one page per subcommand into this directory (created if missing)
    /// instead of printing callspec(1).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Prints callspec(1) to `out`, or writes every page into `args.dir`.
pub fn run(args: &ManArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    match &args.dir {
        None => ignore_broken_pipe(out.write_all(&page()?))?,
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create `{}`", dir.display()))?;
            clap_mangen::generate_to(Cli::command(), dir).with_context(|| {
                format!("cannot write the manual pages into `{}`", dir.display())
            })?;
        }
    }
    Ok(SUCCESS)
}

/// callspec(1) as roff.
pub fn page() -> std::io::Result<Vec<u8>> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    Ok(page)
}
