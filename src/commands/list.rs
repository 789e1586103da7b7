//! `folio list`: the catalog by level.

use std::fmt::Write as _;
use std::io::Write as _;

use anyhow::Result;
use serde_json::json;

use crate::catalog::{Catalog, Project};
use crate::cli::ListArgs;
use crate::error::unknown;

pub fn run(args: &ListArgs, catalog: &Catalog) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    write!(stdout, "{}", render(catalog, args)?)?;
    Ok(())
}

pub fn render(catalog: &Catalog, args: &ListArgs) -> Result<String> {
    if let Some(level) = &args.level {
        if catalog.level(level).is_none() {
            return Err(unknown(
                "level",
                level,
                &catalog.level_ids(),
                "levels go from beginner to advanced",
            )
            .into());
        }
    }
    if let Some(stack) = &args.stack {
        if catalog.stack(stack).is_none() {
            return Err(unknown(
                "stack",
                stack,
                &catalog.stack_ids(),
                "`folio list` without `--stack` shows every project",
            )
            .into());
        }
    }
    let selected: Vec<&Project> = catalog
        .projects
        .iter()
        .filter(|project| {
            args.level
                .as_ref()
                .is_none_or(|level| project.level == *level)
        })
        .filter(|project| {
            args.stack
                .as_ref()
                .is_none_or(|stack| project.stacks.contains(stack))
        })
        .collect();
    if args.json {
        let report = json!({
            "catalogVersion": catalog.version,
            "levels": catalog.levels.iter().map(|level| json!({ "id": level.id.get_ref(), "title": level.title, "summary": level.summary })).collect::<Vec<_>>(),
            "stacks": catalog.stacks.iter().map(|stack| json!({ "id": stack.id.get_ref(), "title": stack.title })).collect::<Vec<_>>(),
            "projects": selected.iter().map(|project| json!({
                "id": project.id.get_ref(),
                "title": project.title,
                "level": project.level,
                "summary": project.summary,
                "skills": project.skills,
                "hours": project.hours,
                "stacks": project.stacks,
            })).collect::<Vec<_>>(),
        });
        return Ok(format!("{}\n", serde_json::to_string_pretty(&report)?));
    }
    let mut out = String::new();
    let width = selected
        .iter()
        .map(|project| project.id.get_ref().len())
        .max()
        .unwrap_or(0);
    for level in &catalog.levels {
        let projects: Vec<&&Project> = selected
            .iter()
            .filter(|project| project.level == *level.id.get_ref())
            .collect();
        if projects.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{} — {}", level.title, level.summary);
        for project in projects {
            let stacks = if project.stacks.is_empty() {
                "no verified stack yet".to_owned()
            } else {
                project.stacks.join(", ")
            };
            let _ = writeln!(
                out,
                "  {:width$}  {} · ~{} h · {stacks}\n  {:width$}  {}",
                project.id.get_ref(),
                project.title,
                project.hours,
                "",
                project.summary,
            );
        }
        out.push('\n');
    }
    if selected.is_empty() {
        out.push_str("no project matches; `folio list` without filters shows them all\n");
    } else {
        out.push_str("Details: `folio show PROJECT`. Generate: `folio new PROJECT --stack STACK --name NAME`.\n");
    }
    Ok(out)
}
