//! What is asked, in which order, and how each choice reads: level, project,
//! stack, then the project's options in the catalog's `[[options]]` order
//! (the database before CI), then the name.
//!
//! A choice is one short line (a terminal of 80 columns shows it whole);
//! what describes it goes in its details, which the terminal shows for the
//! highlighted choice only.

use anyhow::Result;

use crate::catalog::{Catalog, OptionDef, Project};
use crate::names::{NameError, ProjectName};
use crate::prompt::Prompter;

/// The options `project` offers, in the order the catalog declares them.
pub fn option_order<'c>(catalog: &'c Catalog, project: &Project) -> Vec<&'c OptionDef> {
    catalog
        .options
        .iter()
        .filter(|option| project.options.contains_key(option.id.get_ref()))
        .collect()
}

pub(super) fn ask_project<'c>(
    catalog: &'c Catalog,
    prompter: &mut dyn Prompter,
) -> Result<&'c Project> {
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
        .map(|level| {
            let count = available
                .iter()
                .filter(|project| project.level == *level.id.get_ref())
                .count();
            let plural = if count == 1 { "" } else { "s" };
            format!("{} · {count} project{plural}", level.title)
        })
        .collect();
    let details: Vec<Vec<String>> = levels
        .iter()
        .map(|level| vec![level.summary.clone()])
        .collect();
    let level = levels[prompter.select_described("Level", &labels, &details, 0)?]
        .id
        .get_ref();
    let projects: Vec<&Project> = available
        .into_iter()
        .filter(|project| project.level == *level)
        .collect();
    let width = projects
        .iter()
        .map(|project| project.id.get_ref().len())
        .max()
        .unwrap_or(0);
    let labels: Vec<String> = projects
        .iter()
        .map(|project| {
            format!(
                "{:width$}  {} · ~{} h",
                project.id.get_ref(),
                project.title,
                project.hours
            )
        })
        .collect();
    let details: Vec<Vec<String>> = projects
        .iter()
        .map(|project| {
            vec![
                project.summary.clone(),
                format!("skills: {}", project.skills.join(", ")),
            ]
        })
        .collect();
    Ok(projects[prompter.select_described("Project", &labels, &details, 0)?])
}

pub(super) fn ask_stack(
    catalog: &Catalog,
    project: &Project,
    prompter: &mut dyn Prompter,
) -> Result<String> {
    let labels: Vec<String> = project
        .stacks
        .iter()
        .map(|id| catalog.stack(id).expect("validated").title.clone())
        .collect();
    Ok(project.stacks[prompter.select("Stack", &labels, 0)?].clone())
}

pub(super) fn ask_option(
    definition: &OptionDef,
    default: &str,
    prompter: &mut dyn Prompter,
) -> Result<String> {
    let labels: Vec<String> = definition
        .values
        .iter()
        .map(|value| value.title.clone())
        .collect();
    let default_index = definition
        .values
        .iter()
        .position(|value| value.id == default)
        .unwrap_or(0);
    let index = prompter.select(&definition.title, &labels, default_index)?;
    Ok(definition.values[index].id.clone())
}

/// The name, checked as it is typed: the prompt keeps asking until it is valid.
pub(super) fn ask_name(
    default: &str,
    reserved: &[String],
    prompter: &mut dyn Prompter,
) -> Result<ProjectName> {
    let validate = |text: &str| {
        ProjectName::parse(text, reserved)
            .map(drop)
            .map_err(|error| describe_name_error(&error))
    };
    let text = prompter.input("Name", default, &validate)?;
    Ok(ProjectName::parse(&text, reserved).map_err(|error| super::name_error(&error))?)
}

fn describe_name_error(error: &NameError) -> String {
    match error.suggestion() {
        Some(suggestion) => format!("{error}; try `{suggestion}`"),
        None => error.to_string(),
    }
}
