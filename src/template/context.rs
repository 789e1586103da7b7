//! The variables a template sees (documented in docs/TEMPLATES.md). Derived
//! names are computed here, in Rust, so templates hold no logic.

use serde_json::{Value, json};

use crate::catalog::{Catalog, Tradeoff};
use crate::settings::Plan;

pub fn build(catalog: &Catalog, plan: &Plan) -> Value {
    let project = catalog
        .project(&plan.project)
        .expect("plan names a catalog project");
    let stack = catalog
        .stack(&plan.stack)
        .expect("plan names a catalog stack");
    let level = catalog.level(&project.level).expect("validated level");
    let name = &plan.name;
    let package = match stack.language.to_lowercase().as_str() {
        "python" => name.python_package(),
        "typescript" | "javascript" => name.npm_package(),
        "go" => name.go_module(),
        _ => name.crate_name(),
    };
    let tradeoffs: Vec<Value> = project
        .tradeoffs
        .iter()
        .chain(&stack.tradeoffs)
        .filter(|tradeoff| tradeoff.applies_to(&plan.options))
        .map(tradeoff)
        .collect();
    let license_id = plan.options.get("license").map_or("none", String::as_str);
    json!({
        "name": name.as_str(),
        "package": package,
        "names": {
            "directory": name.directory(),
            "python_package": name.python_package(),
            "npm_package": name.npm_package(),
            "go_module": name.go_module(),
            "crate": name.crate_name(),
        },
        "description": plan.description,
        "author": { "name": plan.author.name, "email": plan.author.email, "full": plan.author.full() },
        "options": plan.options,
        "license": license(license_id),
        "project": {
            "id": project.id.get_ref(),
            "title": project.title,
            "level": project.level,
            "level_title": level.title,
            "summary": project.summary,
            "about": project.about,
            "skills": project.skills,
            "hours": project.hours,
            "architecture": project.architecture.trim_end(),
            "endpoints": project.endpoints,
            "milestones": project.milestones,
            "talking_points": project.talking_points,
            "try_it": project.try_it.trim_end(),
            "metrics": project.metrics,
        },
        "tradeoffs": tradeoffs,
        "stack": {
            "id": stack.id.get_ref(),
            "title": stack.title,
            "language": stack.language,
            "framework": stack.framework,
            "database": stack.database,
            "toolchain": stack.toolchain,
            "install": stack.install,
            "run": stack.run,
            "test": stack.test,
        },
        "folio": { "version": crate::VERSION, "catalog_version": catalog.version },
    })
}

fn tradeoff(tradeoff: &Tradeoff) -> Value {
    json!({
        "decision": tradeoff.decision,
        "alternatives": tradeoff.alternatives,
        "why": tradeoff.why,
        "revisit": tradeoff.revisit,
    })
}

fn license(id: &str) -> Value {
    let (spdx, title) = match id {
        "mit" => ("MIT", "MIT License"),
        "apache-2.0" => ("Apache-2.0", "Apache License 2.0"),
        _ => ("", "No license"),
    };
    json!({ "id": id, "spdx": spdx, "title": title })
}
