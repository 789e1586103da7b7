//! Flags, answers file, catalog and questions → one resolved `Plan`.
//!
//! Precedence: flags, then the answers file (`flags`), then questions (only
//! when a terminal is there to ask on; their order is `questions`), then
//! catalog defaults for options. Without a terminal nothing waits: every
//! missing value is named in one error.

mod flags;
mod questions;

pub use questions::option_order;

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Result;

use crate::answers::Answers;
use crate::catalog::{Catalog, Project};
use crate::cli::{GitMode, NewArgs};
use crate::error::UsageError;
use crate::names::ProjectName;
use crate::prompt::Prompter;
use flags::Given;

/// A commit author, as git wants it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub name: String,
    pub email: String,
}

impl Author {
    /// Parse `Name <email>`.
    pub fn parse(text: &str) -> Result<Self, UsageError> {
        let hint = "write it as `--author \"Ada Lovelace <ada@example.com>\"`";
        if text.chars().any(char::is_control) {
            return Err(UsageError::new(
                format!("author {text:?} spans lines or holds control characters"),
                hint,
            ));
        }
        let parsed = text
            .trim()
            .strip_suffix('>')
            .and_then(|rest| rest.rsplit_once('<'))
            .map(|(name, email)| (name.trim(), email.trim()));
        match parsed {
            Some((name, email))
                if !name.is_empty()
                    && email.contains('@')
                    && !name.contains(['<', '>'])
                    && !email.contains(['<', '>']) =>
            {
                Ok(Self {
                    name: name.to_owned(),
                    email: email.to_owned(),
                })
            }
            _ => Err(UsageError::new(
                format!("author `{text}` is not of the form `Name <email>`"),
                hint,
            )),
        }
    }

    pub fn full(&self) -> String {
        format!("{} <{}>", self.name, self.email)
    }
}

/// Where the author came from, so the user hears about a fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthorSource {
    Given,
    GitConfig,
    Fallback,
}

pub const FALLBACK_AUTHOR: &str = "Portfolio Author <author@example.com>";

/// Everything `new` needs, resolved and validated.
#[derive(Debug, Clone)]
pub struct Plan {
    pub project: String,
    pub stack: String,
    pub name: ProjectName,
    pub options: BTreeMap<String, String>,
    pub description: String,
    pub author: Author,
    pub author_source: AuthorSource,
    pub target: PathBuf,
    pub git: GitMode,
    /// Whether any question was asked (then the equivalent command is printed).
    pub asked: bool,
}

impl Plan {
    pub fn answers(&self) -> Answers {
        Answers {
            project: Some(self.project.clone()),
            stack: Some(self.stack.clone()),
            name: Some(self.name.as_str().to_owned()),
            description: Some(self.description.clone()),
            author: Some(self.author.full()),
            options: self.options.clone(),
        }
    }
}

/// Resolve what `new` will do. `prompter` is `None` when nothing may be asked.
pub fn resolve(
    args: &NewArgs,
    catalog: &Catalog,
    replay: &Answers,
    git_identity: Option<Author>,
    mut prompter: Option<&mut (dyn Prompter + 'static)>,
) -> Result<Plan> {
    let mut asked = false;
    let given = Given::gather(args, replay);
    given.check_ids(catalog)?;

    if prompter.is_none() {
        let missing: Vec<&str> = [
            (given.project.is_none(), "PROJECT"),
            (given.stack.is_none(), "--stack"),
            (
                given.name.is_none() && given.output_name.is_none(),
                "--name",
            ),
        ]
        .into_iter()
        .filter_map(|(missing, flag)| missing.then_some(flag))
        .collect();
        if !missing.is_empty() {
            return Err(flags::missing_flags(catalog, &missing, given.project.as_deref()).into());
        }
    }

    let project = if let Some(id) = &given.project {
        catalog.project(id).expect("checked above")
    } else {
        asked = true;
        questions::ask_project(catalog, prompter.as_deref_mut().expect("interactive"))?
    };
    // Every given option is checked before the first question about them.
    let given_options = flags::given_options(catalog, project, &args.options, replay)?;
    let stack = if let Some(id) = &given.stack {
        id.clone()
    } else {
        asked = true;
        questions::ask_stack(
            catalog,
            project,
            prompter.as_deref_mut().expect("interactive"),
        )?
    };
    flags::check_stack(project, &stack)?;

    let mut options = BTreeMap::new();
    for definition in questions::option_order(catalog, project) {
        let id = definition.id.get_ref();
        let default = &project.options[id];
        let value = match (given_options.get(id), prompter.as_deref_mut()) {
            (Some(value), _) => value.clone(),
            (None, Some(prompter)) => {
                asked = true;
                questions::ask_option(definition, default, prompter)?
            }
            (None, None) => default.clone(),
        };
        options.insert(id.clone(), value);
    }

    let reserved = &catalog.stack(&stack).expect("validated").reserved_names;
    let name = resolve_name(
        given.name.clone(),
        given.output_name.clone(),
        project,
        reserved,
        prompter,
        &mut asked,
    )?;
    let description = given
        .description
        .clone()
        .unwrap_or_else(|| project.summary.clone());
    let (author, author_source) = resolve_author(given.author.as_deref(), git_identity)?;
    let target = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(name.directory()));

    Ok(Plan {
        project: project.id.get_ref().clone(),
        stack,
        name,
        options,
        description,
        author,
        author_source,
        target,
        git: args.git,
        asked,
    })
}

/// A name typed or given is final; one taken from `--output` is asked for
/// again, with a valid suggestion, when it is invalid and someone can answer.
fn resolve_name(
    given: Option<String>,
    output_name: Option<String>,
    project: &Project,
    reserved: &[String],
    prompter: Option<&mut (dyn Prompter + 'static)>,
    asked: &mut bool,
) -> Result<ProjectName> {
    let candidate = given.or_else(|| output_name.clone());
    let prompter = match (candidate, prompter) {
        (Some(text), None) => {
            return Ok(ProjectName::parse(&text, reserved).map_err(|error| name_error(&error))?);
        }
        (Some(text), Some(_)) if ProjectName::parse(&text, reserved).is_ok() => {
            return Ok(ProjectName::parse(&text, reserved).expect("checked"));
        }
        (_, Some(prompter)) => prompter,
        (None, None) => unreachable!("a missing name without a prompter is reported earlier"),
    };
    *asked = true;
    let default = output_name
        .and_then(|text| ProjectName::parse(&text, reserved).err())
        .and_then(|error| error.suggestion())
        .unwrap_or_else(|| default_name(project.id.get_ref(), reserved));
    questions::ask_name(&default, reserved, prompter)
}

fn resolve_author(
    given: Option<&str>,
    git_identity: Option<Author>,
) -> Result<(Author, AuthorSource), UsageError> {
    Ok(match given {
        Some(text) => (Author::parse(text)?, AuthorSource::Given),
        None => match git_identity {
            Some(author) => (author, AuthorSource::GitConfig),
            None => (
                Author::parse(FALLBACK_AUTHOR).expect("valid"),
                AuthorSource::Fallback,
            ),
        },
    })
}

fn default_name(project: &str, reserved: &[String]) -> String {
    let candidate = format!("my-{project}");
    if ProjectName::parse(&candidate, reserved).is_ok() {
        candidate
    } else {
        "my-project".to_owned()
    }
}

pub(super) fn name_error(error: &crate::names::NameError) -> UsageError {
    let hint = match error.suggestion() {
        Some(suggestion) => format!(
            "try `--name {suggestion}`; a name is lowercase letters, digits and `-`, starting with a letter"
        ),
        None => {
            "a name is 2–64 lowercase letters, digits and `-`, starting with a letter".to_owned()
        }
    };
    UsageError::new(error.to_string(), hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn author_parses_name_and_email() {
        let author =
            Author::parse("Ada \"The Countess\" Lovelace \\ 🎉 <ada@example.com>").unwrap();
        assert_eq!(author.name, "Ada \"The Countess\" Lovelace \\ 🎉");
        assert_eq!(author.email, "ada@example.com");
    }

    #[test]
    fn author_without_email_or_on_two_lines_is_refused() {
        assert!(Author::parse("Ada").is_err());
        assert!(Author::parse("Ada <not-an-email>").is_err());
        assert!(Author::parse("Ada\nLovelace <ada@example.com>").is_err());
    }
}
