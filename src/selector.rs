//! The vocabulary shared by the catalog's trade-off `applies` and a layer's
//! `when`: a key (an option id, or `project`) and the values it must take.
//! It lives apart so that `catalog` and `template::layer` both depend on it
//! and never on each other.

use serde::{Deserialize, Serialize};

/// The selector key that matches the project rather than an option; no
/// option may be called this.
pub const PROJECT: &str = "project";

/// `db = "postgres"` or `db = ["sqlite", "postgres"]`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn values(&self) -> &[String] {
        match self {
            Self::One(value) => std::slice::from_ref(value),
            Self::Many(values) => values,
        }
    }

    pub fn contains(&self, value: &str) -> bool {
        self.values().iter().any(|candidate| candidate == value)
    }
}
