//! The serde model of `catalog.toml`. Every table denies unknown keys, so a
//! typo in the catalog is an error with a line number, not a silent default.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

pub use crate::selector::OneOrMany;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogFile {
    pub catalog: CatalogMeta,
    pub levels: Vec<Level>,
    pub options: Vec<OptionDef>,
    pub stacks: Vec<Stack>,
    #[serde(default)]
    pub projects: Vec<Project>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogMeta {
    /// Names the catalog in a generated `.folio.toml`, so a replay can tell
    /// one catalog from another; `built-in` is reserved for folio's own.
    pub id: Spanned<String>,
    pub version: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub id: Spanned<String>,
    pub title: String,
    pub summary: String,
}

/// An option a project may offer (`db`, `ci`, `license`), with its values.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OptionDef {
    pub id: Spanned<String>,
    pub title: String,
    pub values: Vec<OptionValue>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OptionValue {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Stack {
    pub id: Spanned<String>,
    pub title: String,
    pub language: String,
    pub framework: String,
    /// The database libraries, named in the README only of a combination with a database.
    #[serde(default)]
    pub database: Option<String>,
    pub toolchain: String,
    pub install: String,
    pub run: String,
    pub test: String,
    /// Project names refused for this stack because the derived package
    /// would shadow a keyword, a standard-library module or a dependency.
    #[serde(default)]
    pub reserved_names: Vec<String>,
    #[serde(default)]
    pub tradeoffs: Vec<Tradeoff>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub id: Spanned<String>,
    pub title: String,
    pub level: String,
    /// One line, shown in `folio list`.
    pub summary: String,
    /// A paragraph for the generated README's opening.
    pub about: String,
    pub skills: Vec<String>,
    pub hours: u32,
    /// Stacks in which this project passes verification.
    pub stacks: Vec<String>,
    /// The options this project offers, each with its default value.
    pub options: BTreeMap<String, String>,
    /// What a running server needs beyond the database its `db` option brings:
    /// `redis`, or a fake of a third-party API. `scripts/verify` starts each
    /// once per run and hands its address to the combinations that need it.
    #[serde(default)]
    pub services: Vec<String>,
    /// A Mermaid flowchart body, rendered in the README's architecture section.
    pub architecture: String,
    pub endpoints: Vec<Endpoint>,
    pub tradeoffs: Vec<Tradeoff>,
    pub milestones: Vec<String>,
    pub talking_points: Vec<String>,
    /// A short shell session of the main flow against a local server, for
    /// the README's "Try it" section; the same in every stack.
    #[serde(default)]
    pub try_it: String,
    /// The project's own Prometheus metrics, one line each (name, type,
    /// meaning), listed in the README next to the shared HTTP metrics.
    #[serde(default)]
    pub metrics: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    pub method: String,
    pub path: String,
    pub summary: String,
    /// The success status, e.g. `201`.
    pub success: u16,
    /// Failure statuses with a few words each, e.g. `"404 not found"`.
    #[serde(default)]
    pub failures: Vec<String>,
}

/// A design decision, as data: which option values it applies to decides
/// whether a generated README talks about it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Tradeoff {
    pub decision: String,
    pub alternatives: Vec<String>,
    pub why: String,
    pub revisit: String,
    /// Option id → the values this trade-off applies to. Empty: always.
    #[serde(default)]
    pub applies: BTreeMap<String, OneOrMany>,
}

impl Tradeoff {
    /// Whether this trade-off holds for the resolved option values.
    pub fn applies_to(&self, options: &BTreeMap<String, String>) -> bool {
        self.applies.iter().all(|(option, wanted)| {
            options
                .get(option)
                .is_some_and(|value| wanted.contains(value))
        })
    }
}
