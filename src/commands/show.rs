//! `folio show`: one project in full, as a learner deciding would want it.

use std::fmt::Write as _;
use std::io::Write as _;

use anyhow::Result;
use serde_json::json;

use crate::catalog::{Catalog, Project, Tradeoff};
use crate::cli::ShowArgs;
use crate::error::unknown;

pub fn run(args: &ShowArgs, catalog: &Catalog) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    write!(stdout, "{}", render(catalog, args)?)?;
    Ok(())
}

pub fn render(catalog: &Catalog, args: &ShowArgs) -> Result<String> {
    let Some(project) = catalog.project(&args.project) else {
        return Err(unknown(
            "project",
            &args.project,
            &catalog.project_ids(),
            "see `folio list`",
        )
        .into());
    };
    if args.json {
        return Ok(format!(
            "{}\n",
            serde_json::to_string_pretty(&as_json(catalog, project))?
        ));
    }
    let mut out = String::new();
    let level = catalog.level(&project.level).expect("validated");
    let _ = writeln!(
        out,
        "{} ({}) — {}, about {} hours\n",
        project.title,
        project.id.get_ref(),
        level.title.to_lowercase(),
        project.hours
    );
    let _ = writeln!(out, "{}\n", project.about.trim());
    let _ = writeln!(out, "Skills: {}", project.skills.join(", "));
    let stacks: Vec<String> = project
        .stacks
        .iter()
        .map(|id| format!("{id} ({})", catalog.stack(id).expect("validated").title))
        .collect();
    let _ = writeln!(
        out,
        "Stacks: {}",
        if stacks.is_empty() {
            "none verified yet".to_owned()
        } else {
            stacks.join(", ")
        }
    );
    for definition in crate::settings::option_order(catalog, project) {
        let option = definition.id.get_ref();
        let default = &project.options[option];
        let values: Vec<&str> = definition
            .values
            .iter()
            .map(|value| value.id.as_str())
            .collect();
        let _ = writeln!(
            out,
            "Option --{option}: {} (default {default})",
            values.join(" | ")
        );
    }
    let _ = writeln!(out, "\nEndpoints:");
    for endpoint in &project.endpoints {
        let _ = writeln!(
            out,
            "  {:6} {:32} {}  {}",
            endpoint.method, endpoint.path, endpoint.success, endpoint.summary
        );
    }
    let _ = writeln!(out, "\nTrade-offs:");
    for tradeoff in &project.tradeoffs {
        let _ = writeln!(out, "  - {}{}", tradeoff.decision, applies_note(tradeoff));
    }
    let _ = writeln!(out, "\nNext milestones:");
    for milestone in &project.milestones {
        let _ = writeln!(out, "  - {milestone}");
    }
    if let Some(stack) = project.stacks.first() {
        let _ = writeln!(
            out,
            "\nGenerate it: folio new {} --stack {stack} --name my-{}",
            project.id.get_ref(),
            project.id.get_ref()
        );
    }
    Ok(out)
}

fn applies_note(tradeoff: &Tradeoff) -> String {
    if tradeoff.applies.is_empty() {
        return String::new();
    }
    let conditions: Vec<String> = tradeoff
        .applies
        .iter()
        .map(|(option, values)| format!("--{option} {}", values.values().join("|")))
        .collect();
    format!(" (with {})", conditions.join(", "))
}

fn as_json(catalog: &Catalog, project: &Project) -> serde_json::Value {
    json!({
        "id": project.id.get_ref(),
        "title": project.title,
        "level": project.level,
        "summary": project.summary,
        "about": project.about,
        "skills": project.skills,
        "hours": project.hours,
        "stacks": project.stacks.iter().map(|id| json!({ "id": id, "title": catalog.stack(id).expect("validated").title })).collect::<Vec<_>>(),
        "options": crate::settings::option_order(catalog, project).iter().map(|option| json!({
            "id": option.id.get_ref(),
            "title": option.title,
            "default": project.options[option.id.get_ref()],
            "values": option.values.iter().map(|value| &value.id).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "endpoints": project.endpoints,
        "tradeoffs": project.tradeoffs,
        "milestones": project.milestones,
        "talkingPoints": project.talking_points,
    })
}
