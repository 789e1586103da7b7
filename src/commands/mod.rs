//! One module per subcommand; each turns resolved arguments into output.

pub mod check;
pub mod list;
pub mod new;
pub mod show;

use std::io::Write;

use anyhow::Result;

use crate::catalog::Catalog;
use crate::cli::{self, CompletionsArgs};

/// Static completions of the catalog's command line: option values, project,
/// stack and level ids are baked into the script.
pub fn completions(args: &CompletionsArgs, catalog: &Catalog) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    clap_complete::generate(
        args.shell,
        &mut cli::command(Some(catalog)),
        "folio",
        &mut stdout,
    );
    stdout.flush()?;
    Ok(())
}
