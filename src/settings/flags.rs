//! What the command line and the answers file say, checked against the
//! catalog before anything is asked: flags win over the answers file, and
//! every value is validated here, whichever of the two it came from.

use std::collections::BTreeMap;

use crate::answers::Answers;
use crate::catalog::{Catalog, Project};
use crate::cli::NewArgs;
use crate::error::{UsageError, quoted_list, unknown};

/// The values given up front; `None` is left to a question or a default.
#[derive(Debug, Clone, Default)]
pub(super) struct Given {
    pub project: Option<String>,
    pub stack: Option<String>,
    pub name: Option<String>,
    /// The last component of `--output`, a name candidate (like `cargo new PATH`).
    pub output_name: Option<String>,
    pub description: Option<String>,
    pub author: Option<String>,
}

impl Given {
    pub fn gather(args: &NewArgs, replay: &Answers) -> Self {
        Self {
            project: args.project.clone().or_else(|| replay.project.clone()),
            stack: args.stack.clone().or_else(|| replay.stack.clone()),
            name: args.name.clone().or_else(|| replay.name.clone()),
            output_name: args
                .output
                .as_ref()
                .and_then(|dir| dir.file_name())
                .map(|name| name.to_string_lossy().into_owned()),
            description: args
                .description
                .clone()
                .or_else(|| replay.description.clone()),
            author: args.author.clone().or_else(|| replay.author.clone()),
        }
    }

    /// Ids that name nothing in the catalog are refused before any question.
    pub fn check_ids(&self, catalog: &Catalog) -> Result<(), UsageError> {
        if let Some(id) = &self.project {
            check_project(catalog, id)?;
        }
        if let Some(id) = self
            .stack
            .as_deref()
            .filter(|id| catalog.stack(id).is_none())
        {
            return Err(unknown(
                "stack",
                id,
                &catalog.stack_ids(),
                "see `folio list`",
            ));
        }
        Ok(())
    }
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

pub(super) fn check_stack(project: &Project, stack: &str) -> Result<(), UsageError> {
    if project.stacks.iter().any(|id| id == stack) {
        return Ok(());
    }
    let available: Vec<&str> = project.stacks.iter().map(String::as_str).collect();
    Err(UsageError::new(
        format!(
            "project `{}` is not available in stack `{stack}`",
            project.id.get_ref()
        ),
        format!("it is available in: {}", quoted_list(&available)),
    ))
}

/// The option values given as flags or in the answers file, each one an
/// option the project has and a value that option has.
pub(super) fn given_options(
    catalog: &Catalog,
    project: &Project,
    flags: &BTreeMap<String, String>,
    replay: &Answers,
) -> Result<BTreeMap<String, String>, UsageError> {
    let id = project.id.get_ref();
    let own: Vec<String> = super::questions::option_order(catalog, project)
        .iter()
        .map(|option| format!("--{}", option.id.get_ref()))
        .collect();
    let own_hint = || {
        if own.is_empty() {
            format!("`{id}` has no options; leave the flag out")
        } else {
            let own: Vec<&str> = own.iter().map(String::as_str).collect();
            format!(
                "its options are: {}; `folio show {id}` lists their values",
                quoted_list(&own)
            )
        }
    };
    if let Some(option) = flags
        .keys()
        .find(|option| !project.options.contains_key(*option))
    {
        return Err(UsageError::new(
            format!("project `{id}` has no `--{option}` option"),
            own_hint(),
        ));
    }
    if let Some(option) = replay
        .options
        .keys()
        .find(|option| !project.options.contains_key(*option))
    {
        return Err(UsageError::new(
            format!("the answers file sets option `{option}`, which project `{id}` does not have"),
            format!("remove it from `[answers.options]`; {}", own_hint()),
        ));
    }
    // Flags override the answers file; each value is checked where it came from.
    let merged: BTreeMap<&String, (&String, bool)> = replay
        .options
        .iter()
        .map(|(option, value)| (option, (value, false)))
        .chain(flags.iter().map(|(option, value)| (option, (value, true))))
        .collect();
    let mut given = BTreeMap::new();
    for (option, (value, from_flag)) in merged {
        let definition = catalog.option(option).expect("validated");
        let known: Vec<&str> = definition
            .values
            .iter()
            .map(|value| value.id.as_str())
            .collect();
        if !known.contains(&value.as_str()) {
            let mut error = unknown("value", value, &known, "");
            error.message = if from_flag {
                format!("`--{option}` has no value `{value}`")
            } else {
                format!(
                    "the answers file sets `{option}` to `{value}`, which is not one of its values"
                )
            };
            error.hint = format!(
                "{} (`--{option}` sets the {})",
                error.hint.trim_end_matches([' ', '.']),
                definition.title.to_lowercase()
            );
            return Err(error);
        }
        given.insert(option.clone(), value.clone());
    }
    Ok(given)
}

/// Without a terminal nothing waits: every missing value in one message.
pub(super) fn missing_flags(
    catalog: &Catalog,
    missing: &[&str],
    project: Option<&str>,
) -> UsageError {
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
