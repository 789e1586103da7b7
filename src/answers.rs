//! `.folio.toml`: the answers that generated a repository, so that
//! `folio new --answers .folio.toml` replays them to the same tree.
//!
//! Nothing time- or machine-dependent goes in here: the file is part of the
//! generated tree, and a replay must reproduce it byte for byte.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use anyhow::Result;
use serde::{Deserialize, Serialize};

use crate::error::UsageError;

pub const FILE_NAME: &str = ".folio.toml";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswersFile {
    #[serde(default)]
    pub folio: Provenance,
    #[serde(default)]
    pub answers: Answers,
}

/// Which folio and catalog produced the tree.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// folio's version.
    pub version: Option<String>,
    /// `built-in`, or the `[catalog] id` of the directory given as `--catalog`.
    pub catalog: Option<String>,
    pub catalog_version: Option<String>,
}

impl Provenance {
    /// The recorded catalog id and version. Files written before the id was
    /// recorded hold only `catalog = "<version>"`, from the built-in catalog.
    pub fn catalog(&self) -> (Option<&str>, Option<&str>) {
        match (&self.catalog, &self.catalog_version) {
            (Some(version), None) => (Some(crate::catalog::BUILT_IN), Some(version)),
            (id, version) => (id.as_deref(), version.as_deref()),
        }
    }
}

/// Every field is optional when read: a hand-written answers file may leave
/// some open for flags or questions to fill.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answers {
    pub project: Option<String>,
    pub stack: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub author: Option<String>,
    #[serde(default)]
    pub options: BTreeMap<String, String>,
}

impl AnswersFile {
    pub fn read(path: &Path) -> Result<Self> {
        let text = fs::read_to_string(path).map_err(|error| {
            UsageError::new(
                format!("cannot read answers file `{}`: {error}", path.display()),
                "pass the `.folio.toml` of a project folio generated, e.g. `--answers my-todo/.folio.toml`",
            )
        })?;
        toml::from_str(&text).map_err(|error| {
            let line = error.span().map_or(1, |span| text[..span.start].matches('\n').count() + 1);
            UsageError::new(
                format!("answers file `{}` line {line}: {}", path.display(), error.message().trim()),
                "an answers file has a `[folio]` table (version, catalog) and an `[answers]` table \
                 (project, stack, name, description, author, and `[answers.options]`); see docs/JSON.md",
            )
            .into()
        })
    }

    pub fn to_toml(&self) -> String {
        let body = toml::to_string(self).expect("answers always serialize");
        format!(
            "# The answers folio generated this project from.\n# Reproduce it with `folio new --answers .folio.toml --output DIR`.\n{body}"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_toml() {
        let file = AnswersFile {
            folio: Provenance {
                version: Some("0.1.0".into()),
                catalog: Some("bootcamp".into()),
                catalog_version: Some("2026.11.0".into()),
            },
            answers: Answers {
                project: Some("todo-api".into()),
                stack: Some("python".into()),
                name: Some("my-todo".into()),
                description: Some("He said \"hi\" \\ {{x}}\nnext".into()),
                author: Some("Ada <ada@example.com>".into()),
                options: BTreeMap::from([("db".into(), "sqlite".into())]),
            },
        };
        let parsed: AnswersFile = toml::from_str(&file.to_toml()).unwrap();
        assert_eq!(parsed, file);
    }

    #[test]
    fn a_file_from_before_catalog_ids_names_the_built_in_catalog() {
        let file: AnswersFile = toml::from_str("[folio]\ncatalog = \"2026.11.0\"\n").unwrap();
        assert_eq!(file.folio.catalog(), (Some("built-in"), Some("2026.11.0")));
    }

    #[test]
    fn unknown_keys_are_refused() {
        let error = toml::from_str::<AnswersFile>("[answers]\nprojet = \"x\"\n").unwrap_err();
        assert!(error.message().contains("projet"), "{error}");
    }
}
