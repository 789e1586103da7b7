//! Flags, answers file, catalog and questions → one resolved `Plan`.
//!
//! Precedence: flags, then the answers file, then questions (only when a
//! terminal is there to ask on), then catalog defaults for options. Without a
//! terminal nothing waits: every missing value is named in one error.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Result;

use crate::answers::Answers;
use crate::catalog::{Catalog, Project};
use crate::cli::{GitMode, NewArgs};
use crate::error::{UsageError, quoted_list, unknown};
use crate::names::ProjectName;
use crate::prompt::Prompter;

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
    let project_id = args.project.clone().or_else(|| replay.project.clone());
    let stack_id = args.stack.clone().or_else(|| replay.stack.clone());
    let given_name = args.name.clone().or_else(|| replay.name.clone());
    // Like `cargo new PATH`: the output directory's name is the name. When it
    // is not a valid one and somebody can be asked, it is asked instead.
    let output_name = name_from_output(args);

    if let Some(id) = &project_id {
        check_project(catalog, id)?;
    }
    if let Some(id) = &stack_id {
        if catalog.stack(id).is_none() {
            return Err(unknown("stack", id, &catalog.stack_ids(), "see `folio list`").into());
        }
    }

    if prompter.is_none() {
        let missing: Vec<&str> = [
            (project_id.is_none(), "PROJECT"),
            (stack_id.is_none(), "--stack"),
            (given_name.is_none() && output_name.is_none(), "--name"),
        ]
        .into_iter()
        .filter_map(|(missing, flag)| missing.then_some(flag))
        .collect();
        if !missing.is_empty() {
            return Err(missing_flags(catalog, &missing, project_id.as_deref()).into());
        }
    }

    let project = if let Some(id) = project_id {
        catalog.project(&id).expect("checked above")
    } else {
        asked = true;
        ask_project(catalog, prompter.as_deref_mut().expect("interactive"))?
    };
    let stack = resolve_stack(
        stack_id,
        catalog,
        project,
        prompter.as_deref_mut(),
        &mut asked,
    )?;
    let options = resolve_options(
        args,
        catalog,
        project,
        replay,
        prompter.as_deref_mut(),
        &mut asked,
    )?;
    let reserved = &catalog.stack(&stack).expect("validated").reserved_names;
    let name = resolve_name(
        given_name,
        output_name,
        project,
        reserved,
        prompter,
        &mut asked,
    )?;

    let description = args
        .description
        .clone()
        .or_else(|| replay.description.clone())
        .unwrap_or_else(|| project.summary.clone());
    let (author, author_source) = resolve_author(
        args.author.as_deref().or(replay.author.as_deref()),
        git_identity,
    )?;
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

fn resolve_stack(
    given: Option<String>,
    catalog: &Catalog,
    project: &Project,
    prompter: Option<&mut (dyn Prompter + 'static)>,
    asked: &mut bool,
) -> Result<String> {
    let stack = if let Some(id) = given {
        id
    } else {
        *asked = true;
        let prompter = prompter.expect("interactive");
        let labels: Vec<String> = project
            .stacks
            .iter()
            .map(|id| catalog.stack(id).expect("validated").title.clone())
            .collect();
        project.stacks[prompter.select("Stack", &labels, 0)?].clone()
    };
    if !project.stacks.contains(&stack) {
        let available: Vec<&str> = project.stacks.iter().map(String::as_str).collect();
        return Err(UsageError::new(
            format!(
                "project `{}` is not available in stack `{stack}`",
                project.id.get_ref()
            ),
            format!("it is available in: {}", quoted_list(&available)),
        )
        .into());
    }
    Ok(stack)
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
    let validate = |text: &str| {
        ProjectName::parse(text, reserved)
            .map(drop)
            .map_err(|error| describe_name_error(&error))
    };
    let default = output_name
        .and_then(|text| ProjectName::parse(&text, reserved).err())
        .and_then(|error| error.suggestion())
        .unwrap_or_else(|| default_name(project.id.get_ref(), reserved));
    let text = prompter.input("Name", &default, &validate)?;
    Ok(ProjectName::parse(&text, reserved).map_err(|error| name_error(&error))?)
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

fn check_project(catalog: &Catalog, id: &str) -> Result<(), UsageError> {
    let Some(project) = catalog.project(id) else {
        return Err(unknown(
            "project",
            id,
            &catalog.project_ids(),
            "see `folio list`",
        ));
    };
    if project.stacks.is_empty() {
        return Err(UsageError::new(
            format!("project `{id}` has no verified stack yet"),
            "folio only offers combinations that pass verification; see `folio list` for what is available now",
        ));
    }
    Ok(())
}

fn ask_project<'c>(catalog: &'c Catalog, prompter: &mut dyn Prompter) -> Result<&'c Project> {
    let available: Vec<&Project> = catalog
        .projects
        .iter()
        .filter(|project| !project.stacks.is_empty())
        .collect();
    let levels: Vec<_> = catalog
        .levels
        .iter()
        .filter(|level| {
            available
                .iter()
                .any(|project| project.level == *level.id.get_ref())
        })
        .collect();
    let labels: Vec<String> = levels
        .iter()
        .map(|level| format!("{} — {}", level.title, level.summary))
        .collect();
    let level = levels[prompter.select("Level", &labels, 0)?].id.get_ref();
    let projects: Vec<&Project> = available
        .into_iter()
        .filter(|project| project.level == *level)
        .collect();
    let labels: Vec<String> = projects
        .iter()
        .map(|project| {
            format!(
                "{} — {} ({} h; {})",
                project.title,
                project.summary,
                project.hours,
                project.skills.join(", ")
            )
        })
        .collect();
    Ok(projects[prompter.select("Project", &labels, 0)?])
}

fn resolve_options(
    args: &NewArgs,
    catalog: &Catalog,
    project: &Project,
    replay: &Answers,
    mut prompter: Option<&mut (dyn Prompter + 'static)>,
    asked: &mut bool,
) -> Result<BTreeMap<String, String>> {
    let flags = BTreeMap::from([
        ("db", &args.db),
        ("ci", &args.ci),
        ("license", &args.license),
    ]);
    for (option, value) in &flags {
        if value.is_some() && !project.options.contains_key(*option) {
            return Err(UsageError::new(
                format!(
                    "project `{}` has no `--{option}` option",
                    project.id.get_ref()
                ),
                format!(
                    "its options are: {}",
                    quoted_list(
                        &project
                            .options
                            .keys()
                            .map(String::as_str)
                            .collect::<Vec<_>>()
                    )
                ),
            )
            .into());
        }
    }
    for option in replay.options.keys() {
        if !project.options.contains_key(option) {
            return Err(UsageError::new(
                format!(
                    "the answers file sets option `{option}`, which project `{}` does not have",
                    project.id.get_ref()
                ),
                "remove it from `[answers.options]`",
            )
            .into());
        }
    }
    let mut resolved = BTreeMap::new();
    for (option, default) in &project.options {
        let definition = catalog.option(option).expect("validated");
        let known: Vec<&str> = definition
            .values
            .iter()
            .map(|value| value.id.as_str())
            .collect();
        let given = flags
            .get(option.as_str())
            .and_then(|value| value.as_ref())
            .or_else(|| replay.options.get(option));
        let value = match (given, prompter.as_deref_mut()) {
            (Some(value), _) => {
                if !known.contains(&value.as_str()) {
                    let mut error = unknown("value", value, &known, "");
                    error.message = format!("`--{option}` has no value `{value}`");
                    error.hint = format!(
                        "{} (`--{option}` sets the {})",
                        error.hint.trim_end_matches([' ', '.']),
                        definition.title.to_lowercase()
                    );
                    return Err(error.into());
                }
                value.clone()
            }
            (None, Some(prompter)) => {
                *asked = true;
                let labels: Vec<String> = definition
                    .values
                    .iter()
                    .map(|value| value.title.clone())
                    .collect();
                let default_index = known.iter().position(|id| id == default).unwrap_or(0);
                known[prompter.select(&definition.title, &labels, default_index)?].to_owned()
            }
            (None, None) => default.clone(),
        };
        resolved.insert(option.clone(), value);
    }
    Ok(resolved)
}

fn missing_flags(catalog: &Catalog, missing: &[&str], project: Option<&str>) -> UsageError {
    let example_project = project.and_then(|id| catalog.project(id)).or_else(|| {
        catalog
            .projects
            .iter()
            .find(|project| !project.stacks.is_empty())
    });
    let example = example_project.map_or_else(String::new, |project| {
        let stack = project.stacks.first().map_or("STACK", String::as_str);
        format!(
            ", e.g. `folio new {} --stack {stack} --name my-{}`",
            project.id.get_ref(),
            project.id.get_ref()
        )
    });
    let why = if std::env::var_os("CI").is_some() {
        "CI is set"
    } else {
        "there is no terminal to ask on, or --no-input was given"
    };
    UsageError::new(
        format!("missing {} ({why})", missing.join(", ")),
        format!("pass them as flags{example}; `folio list` shows every project and stack"),
    )
}

fn name_from_output(args: &NewArgs) -> Option<String> {
    args.output
        .as_ref()
        .and_then(|dir| dir.file_name())
        .map(|name| name.to_string_lossy().into_owned())
}

fn default_name(project: &str, reserved: &[String]) -> String {
    let candidate = format!("my-{project}");
    if ProjectName::parse(&candidate, reserved).is_ok() {
        candidate
    } else {
        "my-project".to_owned()
    }
}

fn describe_name_error(error: &crate::names::NameError) -> String {
    match error.suggestion() {
        Some(suggestion) => format!("{error}; try `{suggestion}`"),
        None => error.to_string(),
    }
}

fn name_error(error: &crate::names::NameError) -> UsageError {
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
