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
pub mod settings;
pub mod source;
pub mod template;
mod tree;

use anyhow::Result;

use crate::cli::{Cli, Command};

pub const VERSION: &str = env!("CARGO_PKG_VERSION");

pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::List(args) => commands::list::run(&args),
        Command::Show(args) => commands::show::run(&args),
        Command::New(args) => commands::new::run(&args),
        Command::Check(args) => commands::check::run(&args),
        Command::Completions(args) => commands::completions(&args),
    }
}
