//! Command-line types. Parsing only: nothing here reads files or the terminal.
//!
//! The fixed flags are derived; `new`'s option flags (`--db`, `--cache`, …)
//! come from the catalog at run time, so a catalog that declares a new option
//! gets its flag, help, completion and validation without a rebuild.

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Arg, ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::catalog::Catalog;
use crate::error::UsageError;
use crate::source::CATALOG_ENV;

/// The help heading of the flags built from the catalog's `[[options]]`.
pub const OPTIONS_HEADING: &str = "Project options (from the catalog)";

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
    /// Directory holding `catalog.toml` and `templates/` [default: the catalog built into folio]
    #[arg(long, value_name = "DIR", env = CATALOG_ENV, hide_env_values = true)]
    pub catalog: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Project id, as `folio list` prints it
    pub project: String,
    /// Print JSON (shape documented in docs/JSON.md)
    #[arg(long)]
    pub json: bool,
    /// Directory holding `catalog.toml` and `templates/` [default: the catalog built into folio]
    #[arg(long, value_name = "DIR", env = CATALOG_ENV, hide_env_values = true)]
    pub catalog: Option<PathBuf>,
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
    /// Directory holding `catalog.toml` and `templates/` [default: the catalog built into folio]
    #[arg(long, value_name = "DIR", env = CATALOG_ENV, hide_env_values = true)]
    pub catalog: Option<PathBuf>,
    /// The catalog's option flags that were given (`--db postgres` → `db`).
    #[arg(skip)]
    pub options: BTreeMap<String, String>,
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
    #[arg(long, value_name = "DIR", env = CATALOG_ENV, hide_env_values = true)]
    pub catalog: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell to print completions for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
    /// Directory holding `catalog.toml` and `templates/` [default: the catalog built into folio]
    #[arg(long, value_name = "DIR", env = CATALOG_ENV, hide_env_values = true)]
    pub catalog: Option<PathBuf>,
}

/// The whole command line, with `new`'s option flags and the completion
/// values (project, stack and level ids) taken from `catalog`. Without a
/// catalog (it failed to load) only the fixed flags exist.
pub fn command(catalog: Option<&Catalog>) -> clap::Command {
    let command = Cli::command();
    let Some(catalog) = catalog else {
        return command;
    };
    let projects = Offered::new(catalog.projects.iter().map(|project| {
        PossibleValue::new(project.id.get_ref().clone()).help(project.title.clone())
    }));
    let stacks = Offered::new(
        catalog
            .stacks
            .iter()
            .map(|stack| PossibleValue::new(stack.id.get_ref().clone()).help(stack.title.clone())),
    );
    let levels = Offered::new(
        catalog
            .levels
            .iter()
            .map(|level| PossibleValue::new(level.id.get_ref().clone()).help(level.title.clone())),
    );
    command
        .mut_subcommand("new", |new| {
            new.mut_arg("project", |arg| {
                arg.value_parser(projects.clone())
                    .hide_possible_values(true)
            })
            .mut_arg("stack", |arg| arg.value_parser(stacks.clone()))
            .args(option_args(catalog))
        })
        .mut_subcommand("show", |show| {
            show.mut_arg("project", |arg| {
                arg.value_parser(projects.clone())
                    .hide_possible_values(true)
            })
        })
        .mut_subcommand("list", |list| {
            list.mut_arg("stack", |arg| arg.value_parser(stacks.clone()))
                .mut_arg("level", |arg| arg.value_parser(levels.clone()))
        })
}

/// `--<option> VALUE` for every `[[options]]` entry, in catalog order.
fn option_args(catalog: &Catalog) -> Vec<Arg> {
    catalog
        .options
        .iter()
        .map(|option| {
            let id = option.id.get_ref();
            let offered_by: Vec<&str> = catalog
                .projects
                .iter()
                .filter(|project| project.options.contains_key(id))
                .map(|project| project.id.get_ref().as_str())
                .collect();
            let projects = if offered_by.len() == catalog.projects.len() {
                "every project".to_owned()
            } else if offered_by.is_empty() {
                "no project yet".to_owned()
            } else {
                offered_by.join(", ")
            };
            Arg::new(id.clone())
                .long(id.clone())
                .value_name(id.to_uppercase())
                .help(format!("{} [projects: {projects}]", option.title))
                .help_heading(OPTIONS_HEADING)
                .value_parser(Offered::new(option.values.iter().map(|value| {
                    PossibleValue::new(value.id.clone()).help(value.title.clone())
                })))
        })
        .collect()
}

/// Parse `args` (the program name first) against the catalog's command line.
pub fn parse_from<I, T>(catalog: Option<&Catalog>, args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let matches = command(catalog).try_get_matches_from(args)?;
    let mut cli = Cli::from_arg_matches(&matches)?;
    if let (Command::New(new), Some(catalog), Some(("new", sub))) =
        (&mut cli.command, catalog, matches.subcommand())
    {
        new.options = given_options(catalog, sub);
    }
    Ok(cli)
}

fn given_options(catalog: &Catalog, matches: &ArgMatches) -> BTreeMap<String, String> {
    catalog
        .options
        .iter()
        .filter_map(|option| {
            let id = option.id.get_ref();
            matches
                .get_one::<String>(id)
                .map(|value| (id.clone(), value.clone()))
        })
        .collect()
}

/// The catalog directory the command line asks for, found before parsing
/// (the flags of `new` depend on it): `--catalog DIR` or `--catalog=DIR`
/// before any `--`, else `FOLIO_CATALOG` when set and not empty.
pub fn catalog_dir(args: &[OsString]) -> Option<PathBuf> {
    let mut words = args.iter().skip(1);
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if word == "--catalog" {
            return words.next().map(PathBuf::from);
        }
        if let Some(dir) = word
            .to_str()
            .and_then(|word| word.strip_prefix("--catalog="))
        {
            return Some(PathBuf::from(dir));
        }
    }
    std::env::var_os(CATALOG_ENV)
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
}

/// A clap parse error in house style (`error:`, blank line, `hint:`), or
/// `None` for help and version, which clap prints itself.
/// `args` (program name first) name the subcommand when clap's message
/// does not.
pub fn usage_error(error: &clap::Error, args: &[OsString]) -> Option<UsageError> {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        return None;
    }
    let text = error.render().to_string();
    let usage_words = text
        .lines()
        .find_map(|line| line.trim().strip_prefix("Usage: "))
        .map_or_else(
            || {
                let subcommand = args.iter().skip(1).find_map(|word| {
                    let word = word.to_str()?;
                    Cli::command()
                        .find_subcommand(word)
                        .map(|_| format!("folio {word}"))
                });
                subcommand.unwrap_or_else(|| "folio".to_owned())
            },
            |rest| {
                rest.split(' ')
                    .take_while(|word| !word.starts_with(['[', '<', '-']))
                    .collect::<Vec<_>>()
                    .join(" ")
            },
        );
    let list_hint = format!("`{usage_words} --help` lists every flag");
    if error.kind() == ErrorKind::UnknownArgument {
        use clap::error::{ContextKind, ContextValue};
        let flag = match error.get(ContextKind::InvalidArg) {
            Some(ContextValue::String(flag)) => flag.clone(),
            _ => String::new(),
        };
        let suggested = match error.get(ContextKind::SuggestedArg) {
            Some(ContextValue::String(close)) => Some(close.clone()),
            _ => None,
        };
        let flag_name = flag.split_whitespace().next().unwrap_or_default();
        let hint = match suggested {
            Some(close) => format!("did you mean `{close}`? {list_hint}"),
            None if usage_words == "folio new" => format!(
                "{list_hint}; a project's options, with their values, are in `folio show PROJECT`"
            ),
            None => list_hint,
        };
        return Some(UsageError::new(format!("unknown flag `{flag_name}`"), hint));
    }
    let mut lines = text.lines();
    let message = lines
        .next()
        .unwrap_or_default()
        .trim_start_matches("error: ")
        .replace('\'', "`");
    let mut hints: Vec<String> = Vec::new();
    for line in lines {
        let line = line.trim();
        if let Some(tip) = line.strip_prefix("tip: ") {
            hints.push(tip.replace('\'', "`"));
        } else if line.starts_with('[') {
            hints.push(line.trim_matches(['[', ']']).to_owned());
        }
    }
    hints.push(list_hint);
    Some(UsageError::new(message, hints.join("; ")))
}

/// Accepts any UTF-8 value and offers `values` to help and completions.
/// Checking the value is left to `settings`, which says "did you mean" in
/// folio's own words and checks `--answers` values the same way.
#[derive(Debug, Clone)]
struct Offered(Vec<PossibleValue>);

impl Offered {
    fn new(values: impl IntoIterator<Item = PossibleValue>) -> Self {
        Self(values.into_iter().collect())
    }
}

impl TypedValueParser for Offered {
    type Value = String;

    fn parse_ref(
        &self,
        command: &clap::Command,
        arg: Option<&Arg>,
        value: &OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(command, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.0.iter().cloned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::RESERVED_OPTION_IDS;

    #[test]
    fn every_flag_of_new_is_a_reserved_option_id() {
        let command = Cli::command();
        let new = command.find_subcommand("new").unwrap();
        for arg in new.get_arguments() {
            let name = arg.get_long().unwrap_or(arg.get_id().as_str());
            assert!(
                RESERVED_OPTION_IDS.contains(&name),
                "`--{name}` is a flag of `folio new`: add it to RESERVED_OPTION_IDS"
            );
        }
    }

    #[test]
    fn catalog_dir_is_found_before_parsing() {
        let args = |words: &[&str]| words.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            catalog_dir(&args(&["folio", "new", "--catalog", "dir", "x"])),
            Some(PathBuf::from("dir"))
        );
        assert_eq!(
            catalog_dir(&args(&["folio", "list", "--catalog=d"])),
            Some(PathBuf::from("d"))
        );
    }
}
