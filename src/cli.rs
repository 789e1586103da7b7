//! Command-line types. Parsing only: nothing here reads files or the terminal.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "folio",
    version,
    about = "Scaffold a backend portfolio project from a curated catalog",
    long_about = "Scaffold a backend portfolio project from a curated catalog.\n\n\
        Pick a project by level, pick a stack, and get a git repository that builds, \
        passes its tests, runs in Docker, has CI, and explains its design trade-offs.",
    after_help = "Start with `folio list`, then `folio new` (it asks for what the flags leave open)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the catalog's projects, by level
    List(ListArgs),
    /// Show one project: what it teaches, its stacks, options and trade-offs
    Show(ShowArgs),
    /// Generate a new project repository
    New(Box<NewArgs>),
    /// Validate a catalog and its templates: every combination must render
    Check(CheckArgs),
    /// Print a shell completion script
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only projects of this level (beginner, intermediate, advanced)
    #[arg(long, value_name = "LEVEL")]
    pub level: Option<String>,
    /// Only projects available in this stack
    #[arg(long, value_name = "STACK")]
    pub stack: Option<String>,
    /// Print JSON (shape documented in docs/JSON.md)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Project id, as `folio list` prints it
    pub project: String,
    /// Print JSON (shape documented in docs/JSON.md)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "each bool is an independent command-line switch"
)]
pub struct NewArgs {
    /// Project id, as `folio list` prints it (asked for when omitted)
    pub project: Option<String>,
    /// Stack to generate the project in
    #[arg(long, value_name = "STACK")]
    pub stack: Option<String>,
    /// Name of the new project: lowercase letters, digits and `-`
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Directory to create [default: ./NAME]
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Database: sqlite or postgres
    #[arg(long, value_name = "DB")]
    pub db: Option<String>,
    /// Continuous integration: github or none
    #[arg(long, value_name = "CI")]
    pub ci: Option<String>,
    /// License: mit, apache-2.0 or none
    #[arg(long, value_name = "LICENSE")]
    pub license: Option<String>,
    /// Commit author, "Name <email>" [default: git config user.name and user.email]
    #[arg(long, value_name = "AUTHOR")]
    pub author: Option<String>,
    /// One-line description for the README and manifests [default: the project's summary]
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// What to do with git: make one commit, only init, or nothing
    #[arg(long, value_enum, default_value_t = GitMode::Commit)]
    pub git: GitMode,
    /// Replay the answers in a `.folio.toml`; flags given too take precedence
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// Print the files that would be written, and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Write into a non-empty directory (files folio does not write are kept)
    #[arg(long)]
    pub force: bool,
    /// Never ask; fail with every missing flag named instead
    #[arg(long)]
    pub no_input: bool,
    /// Print a JSON report of what was (or would be) written
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GitMode {
    /// Initialize a repository on `main` and make one commit
    Commit,
    /// Initialize a repository on `main`, commit nothing
    Init,
    /// Leave git alone
    None,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Directory holding `catalog.toml` and `templates/` [default: the catalog built into folio]
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell to print completions for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}
