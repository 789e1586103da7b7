//! The catalog: which projects, stacks, levels and options exist.
//!
//! `Catalog::parse` is the only way to get one, and it validates every
//! cross-reference, so the rest of folio can index without checking.

mod model;

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use model::CatalogFile;
pub use model::{Endpoint, Level, OneOrMany, OptionDef, OptionValue, Project, Stack, Tradeoff};

use crate::selector;

/// What a `.folio.toml` records for the catalog built into folio; no
/// catalog on disk may take it as its id.
pub const BUILT_IN: &str = "built-in";

/// Ids no option may take: every option becomes a `folio new --<id>` flag,
/// so it must not shadow one of `new`'s own (a test in `cli` keeps this list
/// in step with them), nor the selector key `project`.
pub const RESERVED_OPTION_IDS: &[&str] = &[
    selector::PROJECT,
    "stack",
    "name",
    "output",
    "author",
    "description",
    "git",
    "answers",
    "catalog",
    "dry-run",
    "force",
    "no-input",
    "json",
    "help",
    "version",
];

/// A problem in a catalog file, located by line and column.
#[derive(Debug, thiserror::Error)]
pub struct CatalogError {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

#[derive(Debug, Clone)]
pub struct Catalog {
    pub id: String,
    pub version: String,
    pub levels: Vec<Level>,
    pub options: Vec<OptionDef>,
    pub stacks: Vec<Stack>,
    pub projects: Vec<Project>,
}

impl Catalog {
    /// Parse and validate catalog text; `path` only labels errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self, CatalogError> {
        let at = |offset: usize, message: String| {
            let (line, column) = line_column(text, offset);
            CatalogError {
                path: path.to_owned(),
                line,
                column,
                message,
            }
        };
        let file: CatalogFile = toml::from_str(text).map_err(|error| {
            let offset = error.span().map_or(0, |span| span.start);
            at(offset, error.message().trim().to_owned())
        })?;
        if file.catalog.id.get_ref() == BUILT_IN {
            return Err(at(
                file.catalog.id.span().start,
                format!(
                    "catalog id `{BUILT_IN}` is reserved for the catalog built into folio; give yours its own"
                ),
            ));
        }
        valid_id(&file.catalog.id).map_err(|(offset, message)| at(offset, message))?;
        let catalog = Self {
            id: file.catalog.id.into_inner(),
            version: file.catalog.version,
            levels: file.levels,
            options: file.options,
            stacks: file.stacks,
            projects: file.projects,
        };
        catalog
            .validate()
            .map_err(|(offset, message)| at(offset, message))?;
        Ok(catalog)
    }

    pub fn level(&self, id: &str) -> Option<&Level> {
        self.levels.iter().find(|level| *level.id.get_ref() == id)
    }

    pub fn stack(&self, id: &str) -> Option<&Stack> {
        self.stacks.iter().find(|stack| *stack.id.get_ref() == id)
    }

    pub fn project(&self, id: &str) -> Option<&Project> {
        self.projects
            .iter()
            .find(|project| *project.id.get_ref() == id)
    }

    pub fn option(&self, id: &str) -> Option<&OptionDef> {
        self.options
            .iter()
            .find(|option| *option.id.get_ref() == id)
    }

    pub fn project_ids(&self) -> Vec<&str> {
        self.projects
            .iter()
            .map(|project| project.id.get_ref().as_str())
            .collect()
    }

    pub fn stack_ids(&self) -> Vec<&str> {
        self.stacks
            .iter()
            .map(|stack| stack.id.get_ref().as_str())
            .collect()
    }

    pub fn level_ids(&self) -> Vec<&str> {
        self.levels
            .iter()
            .map(|level| level.id.get_ref().as_str())
            .collect()
    }

    /// Every cross-reference resolves; the error carries a byte offset.
    fn validate(&self) -> Result<(), (usize, String)> {
        unique("level", self.levels.iter().map(|level| &level.id))?;
        unique("option", self.options.iter().map(|option| &option.id))?;
        unique("stack", self.stacks.iter().map(|stack| &stack.id))?;
        unique("project", self.projects.iter().map(|project| &project.id))?;
        for option in &self.options {
            if option.id.get_ref() == selector::PROJECT {
                return Err((
                    option.id.span().start,
                    format!(
                        "option `{}` is reserved: layer.toml rules use it to select by project",
                        option.id.get_ref()
                    ),
                ));
            }
            if RESERVED_OPTION_IDS.contains(&option.id.get_ref().as_str()) {
                return Err((
                    option.id.span().start,
                    format!(
                        "option `{}` is reserved: `folio new --{}` is one of folio's own flags",
                        option.id.get_ref(),
                        option.id.get_ref()
                    ),
                ));
            }
            valid_id(&option.id)?;
            for value in &option.values {
                if !valid_value(&value.id) {
                    return Err((
                        option.id.span().start,
                        format!(
                            "option `{}`: value `{}` must be lowercase letters, digits, `.` and `-`",
                            option.id.get_ref(),
                            value.id
                        ),
                    ));
                }
            }
            if option.values.is_empty() {
                return Err((
                    option.id.span().start,
                    format!("option `{}` has no values", option.id.get_ref()),
                ));
            }
        }
        for stack in &self.stacks {
            let offset = stack.id.span().start;
            valid_id(&stack.id)?;
            for tradeoff in &stack.tradeoffs {
                let all: Vec<&str> = self
                    .options
                    .iter()
                    .map(|option| option.id.get_ref().as_str())
                    .collect();
                self.check_applies(
                    tradeoff,
                    &all,
                    offset,
                    &format!("stack `{}`", stack.id.get_ref()),
                )?;
            }
        }
        for project in &self.projects {
            self.validate_project(project)?;
        }
        Ok(())
    }

    fn validate_project(&self, project: &Project) -> Result<(), (usize, String)> {
        let offset = project.id.span().start;
        let id = project.id.get_ref();
        valid_id(&project.id)?;
        if self.level(&project.level).is_none() {
            let known = self.level_ids().join(", ");
            return Err((
                offset,
                format!(
                    "project `{id}` has level `{}`; known levels: {known}",
                    project.level
                ),
            ));
        }
        for stack in &project.stacks {
            if self.stack(stack).is_none() {
                return Err((
                    offset,
                    format!(
                        "project `{id}` lists stack `{stack}`, which no [[stacks]] entry declares"
                    ),
                ));
            }
        }
        for (option, default) in &project.options {
            let Some(definition) = self.option(option) else {
                return Err((
                    offset,
                    format!(
                        "project `{id}` has option `{option}`, which no [[options]] entry declares"
                    ),
                ));
            };
            if !definition.values.iter().any(|value| value.id == *default) {
                return Err((
                    offset,
                    format!(
                        "project `{id}`: default `{default}` is not a value of option `{option}`"
                    ),
                ));
            }
        }
        let own: Vec<&str> = project.options.keys().map(String::as_str).collect();
        for tradeoff in &project.tradeoffs {
            self.check_applies(tradeoff, &own, offset, &format!("project `{id}`"))?;
        }
        Ok(())
    }

    fn check_applies(
        &self,
        tradeoff: &Tradeoff,
        allowed: &[&str],
        offset: usize,
        owner: &str,
    ) -> Result<(), (usize, String)> {
        for (option, values) in &tradeoff.applies {
            if !allowed.contains(&option.as_str()) {
                return Err((
                    offset,
                    format!(
                        "{owner}: trade-off `{}` applies to option `{option}`, which it does not have",
                        tradeoff.decision
                    ),
                ));
            }
            let definition = self.option(option).expect("allowed options are declared");
            for value in values.values() {
                if !definition.values.iter().any(|known| known.id == *value) {
                    return Err((
                        offset,
                        format!(
                            "{owner}: trade-off `{}` applies to `{option} = {value}`, which is not a value of `{option}`",
                            tradeoff.decision
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

fn unique<'a>(
    kind: &str,
    ids: impl Iterator<Item = &'a toml::Spanned<String>>,
) -> Result<(), (usize, String)> {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id.get_ref()) {
            return Err((
                id.span().start,
                format!("{kind} `{}` is declared twice", id.get_ref()),
            ));
        }
    }
    Ok(())
}

/// Ids appear in flags, paths and JSON: keep them to lowercase kebab-case.
fn valid_id(id: &toml::Spanned<String>) -> Result<(), (usize, String)> {
    let text = id.get_ref();
    let ok = text.starts_with(|c: char| c.is_ascii_lowercase())
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err((
            id.span().start,
            format!(
                "id `{text}` must be lowercase letters, digits and `-`, starting with a letter"
            ),
        ))
    }
}

/// A value is typed after `--<option>`: no spaces, no shell metacharacters
/// (`apache-2.0` has a dot).
fn valid_value(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |last| last.chars().count())
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
[catalog]
id = "test"
version = "1"

[[levels]]
id = "beginner"
title = "Beginner"
summary = "s"

[[options]]
id = "db"
title = "Database"
values = [{ id = "sqlite", title = "SQLite" }]

[[stacks]]
id = "python"
title = "Python"
language = "Python"
framework = "FastAPI"
toolchain = "Python"
install = "make install"
run = "make run"
test = "make test"

[[projects]]
id = "todo-api"
title = "Todo API"
level = "beginner"
summary = "s"
about = "a"
skills = []
hours = 1
stacks = ["python"]
options = { db = "sqlite" }
architecture = "A --> B"
endpoints = []
tradeoffs = []
milestones = []
talking_points = []
"#;

    fn parse(text: &str) -> Result<Catalog, CatalogError> {
        Catalog::parse(text, Path::new("catalog.toml"))
    }

    #[test]
    fn minimal_catalog_parses() {
        let catalog = parse(MINIMAL).unwrap();
        assert_eq!(catalog.project_ids(), ["todo-api"]);
    }

    #[test]
    fn unknown_stack_names_the_project_line() {
        let text = MINIMAL.replace(r#"stacks = ["python"]"#, r#"stacks = ["ruby"]"#);
        let error = parse(&text).unwrap_err();
        assert_eq!(error.line, 27, "{error}");
        assert!(error.message.contains("stack `ruby`"), "{error}");
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let text = MINIMAL.replace("hours = 1", "hours = \"one\"");
        let error = parse(&text).unwrap_err();
        assert_eq!(error.line, 33, "{error}");
        assert!(error.to_string().starts_with("catalog.toml:33:"), "{error}");
    }

    #[test]
    fn unknown_key_is_an_error() {
        let text = MINIMAL.replace("hours = 1", "hours = 1\nhorus = 2");
        assert!(parse(&text).unwrap_err().message.contains("horus"));
    }

    #[test]
    fn default_must_be_a_value_of_the_option() {
        let text = MINIMAL.replace(
            r#"options = { db = "sqlite" }"#,
            r#"options = { db = "mysql" }"#,
        );
        assert!(
            parse(&text)
                .unwrap_err()
                .message
                .contains("default `mysql`")
        );
    }

    #[test]
    fn an_option_may_not_shadow_a_flag_of_new() {
        let text = MINIMAL.replacen("id = \"db\"", "id = \"output\"", 1);
        let error = parse(&text).unwrap_err();
        assert!(error.message.contains("`folio new --output`"), "{error}");
    }

    #[test]
    fn the_built_in_id_is_reserved() {
        let text = MINIMAL.replacen("id = \"test\"", "id = \"built-in\"", 1);
        assert!(parse(&text).unwrap_err().message.contains("reserved"));
    }

    #[test]
    fn project_is_not_an_option_name() {
        let text = MINIMAL.replacen("id = \"db\"", "id = \"project\"", 1);
        assert!(parse(&text).unwrap_err().message.contains("reserved"));
    }
}
