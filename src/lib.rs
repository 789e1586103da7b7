//! folio: scaffold backend portfolio projects from a curated catalog.
//!
//! Data flows one way: `cli` (flags) → `settings` (flags + answers file +
//! questions → a `Plan`) → `template` (a pure render of the catalog entry) →
//! `output` (atomic write) → `git` (one commit).

pub mod answers;
pub mod catalog;
pub mod cli;
pub mod commands;
pub mod error;
pub mod escape;
pub mod git;
pub mod names;
pub mod output;
pub mod prompt;
pub mod selector;
pub mod settings;
pub mod source;
pub mod template;
mod tree;

use std::ffi::OsString;

use anyhow::Result;

use crate::catalog::Catalog;
use crate::cli::{Cli, Command};
use crate::source::Source;

pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The whole program: `args` as the process got them, program name first.
///
/// The catalog is loaded before the command line is parsed, because `new`'s
/// option flags come from it. A catalog that fails to load is reported
/// before any parse error (it is the likelier cause), but help and version
/// still print.
pub fn main(args: &[OsString]) -> Result<()> {
    let dir = cli::catalog_dir(args);
    let loaded = Source::load(dir.as_deref());
    let parsed = cli::parse_from(loaded.as_ref().ok().map(|(_, catalog)| catalog), args);
    let cli = match parsed {
        Ok(cli) => cli,
        Err(error) => match cli::usage_error(&error, args) {
            None => error.exit(),
            Some(usage) => {
                loaded?;
                return Err(usage.into());
            }
        },
    };
    let (source, catalog) = loaded?;
    run(cli, &source, &catalog)
}

pub fn run(cli: Cli, source: &Source, catalog: &Catalog) -> Result<()> {
    match cli.command {
        Command::List(args) => commands::list::run(&args, catalog),
        Command::Show(args) => commands::show::run(&args, catalog),
        Command::New(args) => commands::new::run(&args, source),
        Command::Check(args) => commands::check::run(&args, source, catalog),
        Command::Completions(args) => commands::completions(&args, catalog),
    }
}
