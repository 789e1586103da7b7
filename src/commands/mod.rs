//! One module per subcommand; each turns resolved arguments into output.

pub mod check;
pub mod list;
pub mod new;
pub mod show;

use std::io::Write;

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};

pub fn completions(args: &CompletionsArgs) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut Cli::command(), "folio", &mut stdout);
    stdout.flush()?;
    Ok(())
}
