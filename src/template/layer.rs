//! `layer.toml`: which files of a layer only some combinations get.
//! Declared as data, so `folio check` can see every file a combination gets
//! without running anything. A rule's `when` names options, and may name the
//! `project`: a stack layer's file that only some of its projects use (the
//! password hashing of the projects with accounts) is written once there.

use std::collections::BTreeMap;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::selector::{OneOrMany, PROJECT};

pub const MANIFEST: &str = "layer.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerManifest {
    #[serde(default)]
    file: Vec<FileRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRule {
    /// The file as stored in the layer.
    path: String,
    /// Where it lands instead, placeholders allowed.
    rename: Option<String>,
    #[serde(default)]
    when: BTreeMap<String, OneOrMany>,
    #[serde(default)]
    executable: bool,
}

/// What the manifest says of one stored file.
#[derive(Debug, PartialEq, Eq)]
pub struct Placement {
    /// Output path before placeholders are rendered, `.hbs` not yet dropped.
    pub path: String,
    pub executable: bool,
}

impl LayerManifest {
    pub fn parse(text: &str, label: &str) -> Result<Self> {
        toml::from_str(text).with_context(|| format!("invalid `{label}`"))
    }

    /// Every rule names a file that exists, and options and projects that exist.
    pub fn check(
        &self,
        label: &str,
        files: &[&str],
        options: &[&str],
        projects: &[&str],
    ) -> Result<()> {
        for rule in &self.file {
            if !files.contains(&rule.path.as_str()) {
                bail!(
                    "`{label}` has a rule for `{}`, which is not in the layer",
                    rule.path
                );
            }
            if let Some(option) = rule
                .when
                .keys()
                .find(|option| *option != PROJECT && !options.contains(&option.as_str()))
            {
                bail!(
                    "`{label}`: the rule for `{}` depends on option `{option}`, which the catalog does not declare",
                    rule.path
                );
            }
            if let Some(project) = rule.when.get(PROJECT).and_then(|wanted| {
                wanted
                    .values()
                    .iter()
                    .find(|project| !projects.contains(&project.as_str()))
            }) {
                bail!(
                    "`{label}`: the rule for `{}` names project `{project}`, which the catalog does not declare",
                    rule.path
                );
            }
        }
        Ok(())
    }

    /// Where `path` lands for this project and these options, or `None` when it is left out.
    pub fn place(
        &self,
        path: &str,
        project: &str,
        options: &BTreeMap<String, String>,
    ) -> Option<Placement> {
        let Some(rule) = self.file.iter().find(|rule| rule.path == path) else {
            return Some(Placement {
                path: path.to_owned(),
                executable: false,
            });
        };
        let wanted = rule.when.iter().all(|(key, values)| {
            let value = if key == PROJECT {
                Some(project)
            } else {
                options.get(key).map(String::as_str)
            };
            value.is_some_and(|value| values.contains(value))
        });
        wanted.then(|| Placement {
            path: match &rule.rename {
                // A renamed template keeps being rendered: the suffix says so.
                Some(rename) if path.ends_with(".hbs") && !rename.ends_with(".hbs") => {
                    format!("{rename}.hbs")
                }
                Some(rename) => rename.clone(),
                None => path.to_owned(),
            },
            executable: rule.executable,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST_TEXT: &str = r#"
[[file]]
path = "ci.yml"
when = { ci = "github" }

[[file]]
path = "requirements-postgres.txt"
rename = "requirements.txt"
when = { db = ["postgres"] }

[[file]]
path = "LICENSE-MIT.hbs"
rename = "LICENSE"
when = { license = "mit" }

[[file]]
path = "passwords.py"
when = { project = ["todo-api", "chat"] }
"#;

    fn options(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
            .collect()
    }

    #[test]
    fn unlisted_files_are_always_placed() {
        let manifest = LayerManifest::parse(MANIFEST_TEXT, "layer.toml").unwrap();
        let placed = manifest
            .place("Makefile", "todo-api", &options(&[]))
            .unwrap();
        assert_eq!(placed.path, "Makefile");
    }

    #[test]
    fn when_selects_and_rename_moves() {
        let manifest = LayerManifest::parse(MANIFEST_TEXT, "layer.toml").unwrap();
        let postgres = options(&[("db", "postgres"), ("ci", "none"), ("license", "mit")]);
        assert_eq!(manifest.place("ci.yml", "todo-api", &postgres), None);
        assert_eq!(
            manifest
                .place("requirements-postgres.txt", "todo-api", &postgres)
                .unwrap()
                .path,
            "requirements.txt"
        );
        assert_eq!(
            manifest
                .place("LICENSE-MIT.hbs", "todo-api", &postgres)
                .unwrap()
                .path,
            "LICENSE.hbs"
        );
        assert_eq!(
            manifest.place(
                "requirements-postgres.txt",
                "todo-api",
                &options(&[("db", "sqlite")])
            ),
            None
        );
    }

    #[test]
    fn check_finds_rules_for_missing_files() {
        let manifest = LayerManifest::parse(MANIFEST_TEXT, "layer.toml").unwrap();
        let error = manifest
            .check(
                "layer.toml",
                &["ci.yml"],
                &["db", "ci", "license"],
                &["todo-api"],
            )
            .unwrap_err();
        assert!(
            error.to_string().contains("requirements-postgres.txt"),
            "{error}"
        );
    }

    #[test]
    fn when_may_select_by_project() {
        let manifest = LayerManifest::parse(MANIFEST_TEXT, "layer.toml").unwrap();
        let any = options(&[("db", "sqlite")]);
        assert!(manifest.place("passwords.py", "chat", &any).is_some());
        assert_eq!(manifest.place("passwords.py", "job-queue", &any), None);
        let files = [
            "ci.yml",
            "requirements-postgres.txt",
            "LICENSE-MIT.hbs",
            "passwords.py",
        ];
        let error = manifest
            .check(
                "layer.toml",
                &files,
                &["db", "ci", "license"],
                &["todo-api"],
            )
            .unwrap_err();
        assert!(
            error
                .to_string()
                .contains("names project `chat`, which the catalog does not declare"),
            "{error}"
        );
        manifest
            .check(
                "layer.toml",
                &files,
                &["db", "ci", "license"],
                &["todo-api", "chat"],
            )
            .unwrap();
    }
}
