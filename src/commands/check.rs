//! `folio check`: a catalog and its templates, validated the way a user
//! would find the problems, but before any user does.
//!
//! Every project × stack × option combination is rendered twice: once with
//! plain answers, to find template markers that survived, and once with a
//! hostile description and author, to prove the escaping keeps every
//! manifest parseable.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Result;

use crate::catalog::{Catalog, Project};
use crate::cli::{CheckArgs, GitMode};
use crate::error::UsageError;
use crate::names::ProjectName;
use crate::settings::{Author, AuthorSource, Plan};
use crate::source::Source;
use crate::template::{self, LayerManifest, RenderedFile};

const HOSTILE_TEXT: &str = "He said \"hi\" \\ {{x}} ${{ y }} 'single' `tick` 🎉\nsecond line\ttab";
const HOSTILE_AUTHOR: &str = "Zoë \"Z\" O'Brien \\ {{x}} ${{ y }} 🎉 <zoe@example.com>";

/// `source` and `catalog` are what `--catalog` (or `FOLIO_CATALOG`) named,
/// already loaded: a catalog that does not parse never gets here.
pub fn run(_args: &CheckArgs, source: &Source, catalog: &Catalog) -> Result<()> {
    let (combinations, problems) = check(source, catalog);
    if problems.is_empty() {
        println!(
            "ok: {} projects, {combinations} combinations rendered, every manifest parses",
            catalog.projects.len()
        );
        return Ok(());
    }
    let label = source.describe(catalog);
    let listed: Vec<String> = problems
        .iter()
        .map(|problem| format!("  - {problem}"))
        .collect();
    Err(UsageError::new(
        format!("{} problem(s) in {}:\n{}", problems.len(), label, listed.join("\n")),
        "fix each one and run `folio check` again; docs/TEMPLATES.md describes layers and variables",
    )
    .into())
}

/// Returns how many combinations were rendered, and every problem found.
pub fn check(source: &Source, catalog: &Catalog) -> (usize, Vec<String>) {
    let mut problems = check_manifests(source, catalog);
    let mut combinations = 0;
    for project in &catalog.projects {
        for stack in &project.stacks {
            for options in option_combinations(catalog, project) {
                combinations += 1;
                let label = format!(
                    "{} / {stack} with {}",
                    project.id.get_ref(),
                    describe(&options)
                );
                let plain = plan(
                    catalog,
                    project,
                    stack,
                    options.clone(),
                    "A portfolio project",
                    "Ada Lovelace <ada@example.com>",
                );
                match template::render(source, catalog, &plain) {
                    Ok(files) => problems.extend(
                        files
                            .iter()
                            .filter_map(leftover_marker)
                            .map(|problem| format!("{label}: {problem}")),
                    ),
                    Err(error) => {
                        problems.push(format!("{label}: {error:#}"));
                        continue;
                    }
                }
                let hostile = plan(
                    catalog,
                    project,
                    stack,
                    options,
                    HOSTILE_TEXT,
                    HOSTILE_AUTHOR,
                );
                match template::render(source, catalog, &hostile) {
                    Ok(files) => problems.extend(
                        files
                            .iter()
                            .filter_map(unparseable)
                            .map(|problem| format!("{label}, hostile description: {problem}")),
                    ),
                    Err(error) => problems.push(format!("{label}, hostile description: {error:#}")),
                }
            }
        }
    }
    (combinations, problems)
}

fn check_manifests(source: &Source, catalog: &Catalog) -> Vec<String> {
    let options: Vec<&str> = catalog
        .options
        .iter()
        .map(|option| option.id.get_ref().as_str())
        .collect();
    let projects: Vec<&str> = catalog
        .projects
        .iter()
        .map(|project| project.id.get_ref().as_str())
        .collect();
    let mut problems = Vec::new();
    for (path, bytes) in &source.templates {
        let Some(layer) = path.strip_suffix("/layer.toml") else {
            continue;
        };
        let label = format!("templates/{path}");
        let files: Vec<&str> = source.layer(layer).map(|(file, _)| file).collect();
        let checked = std::str::from_utf8(bytes)
            .map_err(anyhow::Error::from)
            .and_then(|text| LayerManifest::parse(text, &label))
            .and_then(|manifest| manifest.check(&label, &files, &options, &projects));
        if let Err(error) = checked {
            problems.push(format!("{error:#}"));
        }
    }
    problems
}

fn plan(
    catalog: &Catalog,
    project: &Project,
    stack: &str,
    options: BTreeMap<String, String>,
    description: &str,
    author: &str,
) -> Plan {
    let reserved = &catalog.stack(stack).expect("validated").reserved_names;
    Plan {
        project: project.id.get_ref().clone(),
        stack: stack.to_owned(),
        name: ProjectName::parse("check-project", reserved).expect("a valid name"),
        options,
        description: description.to_owned(),
        author: Author::parse(author).expect("a valid author"),
        author_source: AuthorSource::Given,
        target: PathBuf::from("check-project"),
        git: GitMode::None,
        asked: false,
    }
}

/// Every assignment of values to the project's options.
fn option_combinations(catalog: &Catalog, project: &Project) -> Vec<BTreeMap<String, String>> {
    let mut combinations = vec![BTreeMap::new()];
    for option in project.options.keys() {
        let values = &catalog.option(option).expect("validated").values;
        combinations = combinations
            .into_iter()
            .flat_map(|partial| {
                values.iter().map(move |value| {
                    let mut next = partial.clone();
                    next.insert(option.clone(), value.id.clone());
                    next
                })
            })
            .collect();
    }
    combinations
}

fn describe(options: &BTreeMap<String, String>) -> String {
    options
        .iter()
        .map(|(key, value)| format!("{key}={value}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `{{` or `}}` left in a rendered file, other than GitHub's `${{ … }}`.
fn leftover_marker(file: &RenderedFile) -> Option<String> {
    if !file.rendered {
        return None;
    }
    let text = String::from_utf8_lossy(&file.contents);
    for (number, line) in text.lines().enumerate() {
        let without_actions = strip_actions_expressions(line);
        if without_actions.contains("{{") || without_actions.contains("}}") {
            return Some(format!(
                "`{}` line {}: a template marker survived: `{}`",
                file.path,
                number + 1,
                line.trim()
            ));
        }
    }
    None
}

fn strip_actions_expressions(line: &str) -> String {
    let mut rest = line;
    let mut kept = String::new();
    while let Some(start) = rest.find("${{") {
        kept.push_str(&rest[..start]);
        match rest[start..].find("}}") {
            Some(end) => rest = &rest[start + end + 2..],
            None => return kept + &rest[start..],
        }
    }
    kept + rest
}

/// A TOML, JSON or YAML file that no longer parses.
fn unparseable(file: &RenderedFile) -> Option<String> {
    let text = match std::str::from_utf8(&file.contents) {
        Ok(text) => text,
        Err(_) if file.rendered => return Some(format!("`{}` is not UTF-8", file.path)),
        Err(_) => return None,
    };
    let extension = file
        .path
        .rsplit_once('.')
        .map_or("", |(_, extension)| extension);
    let error = match extension {
        "toml" => toml::from_str::<toml::Table>(text)
            .err()
            .map(|error| error.to_string()),
        "json" => serde_json::from_str::<serde_json::Value>(text)
            .err()
            .map(|error| error.to_string()),
        "yml" | "yaml" => yaml_rust2::YamlLoader::load_from_str(text)
            .err()
            .map(|error| error.to_string()),
        _ => None,
    }?;
    Some(format!("`{}` does not parse: {}", file.path, error.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(path: &str, text: &str) -> RenderedFile {
        RenderedFile {
            path: path.to_owned(),
            contents: text.as_bytes().to_vec(),
            executable: false,
            rendered: true,
        }
    }

    #[test]
    fn actions_expressions_are_not_markers() {
        assert_eq!(
            leftover_marker(&rendered("ci.yml", "run: echo ${{ github.sha }}\n")),
            None
        );
        assert!(
            leftover_marker(&rendered("README.md", "# {{name}}\n"))
                .unwrap()
                .contains("line 1")
        );
    }

    #[test]
    fn broken_manifests_are_found() {
        assert!(unparseable(&rendered("pyproject.toml", "name = \"a\"b\"\n")).is_some());
        assert!(unparseable(&rendered("package.json", "{\"a\": }")).is_some());
        assert!(unparseable(&rendered("ci.yml", "a: [b\n")).is_some());
        assert_eq!(
            unparseable(&rendered("pyproject.toml", "name = \"a\"\n")),
            None
        );
    }

    #[test]
    fn the_built_in_catalog_passes() {
        let source = Source::embedded();
        let catalog = source.catalog().unwrap();
        let (combinations, problems) = check(&source, &catalog);
        assert!(problems.is_empty(), "{problems:#?}");
        assert!(combinations > 0);
    }
}
