//! Project names: the one name a user types, and every name derived from it.
//!
//! Templates put the name and its derived forms into paths, manifests and
//! imports without escaping, so this module is the single gate: a
//! [`ProjectName`] exists only once the input is safe for every stack, and a
//! rejected input comes back with its reason and, where one can be made, a
//! valid name to offer instead.

use std::fmt;

use thiserror::Error;

/// Fewest characters in a project name.
pub const MIN_LEN: usize = 2;
/// Most characters in a project name.
pub const MAX_LEN: usize = 64;

/// A validated project name: lowercase ASCII letters, digits and single `-`
/// between them, starting with a letter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProjectName {
    name: String,
    identifier: String,
}

impl ProjectName {
    /// Validates `input`; `reserved` holds the chosen stack's keywords and
    /// standard modules, matched case-insensitively against the name and its
    /// Python package form.
    ///
    /// # Errors
    ///
    /// The first rule the input breaks, with a suggested valid name.
    pub fn parse(input: &str, reserved: &[String]) -> Result<Self, NameError> {
        check(input, reserved, true)?;
        Ok(Self {
            name: input.to_owned(),
            identifier: input.replace('-', "_"),
        })
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.name
    }

    #[must_use]
    pub fn directory(&self) -> &str {
        &self.name
    }

    #[must_use]
    pub fn python_package(&self) -> &str {
        &self.identifier
    }

    #[must_use]
    pub fn npm_package(&self) -> &str {
        &self.name
    }

    #[must_use]
    pub fn go_module(&self) -> &str {
        &self.name
    }

    #[must_use]
    pub fn crate_name(&self) -> &str {
        &self.identifier
    }
}

impl fmt::Display for ProjectName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// Why a name was rejected: one variant per reason, each (but `Empty`) with the
/// input and a suggested replacement, see [`NameError::suggestion`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NameError {
    #[error("project name is empty")]
    Empty,
    #[error("project name `{0}` is a path, not a name")]
    Path(Rejected),
    #[error("project name `{0}` starts with `-` and would be read as a flag")]
    LeadingDash(Rejected),
    #[error("project name is {} characters long; the limit is {MAX_LEN}", .0.input.chars().count())]
    TooLong(Rejected),
    #[error("project name `{0}` contains whitespace")]
    Whitespace(Rejected),
    #[error("project name `{0}` contains the non-ASCII character `{character}`", character = .1.escape_debug())]
    NonAscii(Rejected, char),
    #[error("project name `{0}` contains `{character}`: use lowercase letters, digits and `-`", character = .1.escape_debug())]
    InvalidCharacter(Rejected, char),
    #[error("project name `{0}` contains uppercase letters")]
    Uppercase(Rejected),
    #[error("project name `{0}` does not start with a letter")]
    NoLeadingLetter(Rejected),
    #[error("project name `{0}` is too short: it needs at least {MIN_LEN} characters")]
    TooShort(Rejected),
    #[error("project name `{0}` contains `--`")]
    DoubleDash(Rejected),
    #[error("project name `{0}` ends with `-`")]
    TrailingDash(Rejected),
    #[error("project name `{0}` would shadow a keyword, a standard module or a dependency")]
    Reserved(Rejected),
}

/// A rejected input and the valid name derived from it, if one could be made.
/// Displays the input with control characters escaped, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub input: String,
    pub suggestion: Option<String>,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.input.escape_debug())
    }
}

impl NameError {
    /// A valid name derived from the rejected input (with the same reserved
    /// words), if one can be made.
    #[must_use]
    pub fn suggestion(&self) -> Option<String> {
        match self {
            Self::Empty => None,
            Self::Path(rejected)
            | Self::LeadingDash(rejected)
            | Self::TooLong(rejected)
            | Self::Whitespace(rejected)
            | Self::NonAscii(rejected, _)
            | Self::InvalidCharacter(rejected, _)
            | Self::Uppercase(rejected)
            | Self::NoLeadingLetter(rejected)
            | Self::TooShort(rejected)
            | Self::DoubleDash(rejected)
            | Self::TrailingDash(rejected)
            | Self::Reserved(rejected) => rejected.suggestion.clone(),
        }
    }
}

/// Checks in the order a user would fix things; `suggest` is false while
/// vetting a suggestion, which ends the recursion.
fn check(input: &str, reserved: &[String], suggest: bool) -> Result<(), NameError> {
    let rejected = || Rejected {
        input: input.to_owned(),
        suggestion: suggest.then(|| suggestion_for(input, reserved)).flatten(),
    };
    let first = |wrong: fn(&char) -> bool| input.chars().find(wrong);
    let length = input.chars().count();
    let package = input.replace('-', "_");
    Err(if input.is_empty() {
        NameError::Empty
    } else if matches!(input, "." | "..") || input.contains(['/', '\\']) {
        NameError::Path(rejected())
    } else if input.starts_with('-') {
        NameError::LeadingDash(rejected())
    } else if length > MAX_LEN {
        NameError::TooLong(rejected())
    } else if input.contains(char::is_whitespace) {
        NameError::Whitespace(rejected())
    } else if let Some(character) = first(|c| !c.is_ascii()) {
        NameError::NonAscii(rejected(), character)
    } else if let Some(character) = first(|c| !c.is_ascii_alphanumeric() && *c != '-') {
        NameError::InvalidCharacter(rejected(), character)
    } else if input.contains(|c: char| c.is_ascii_uppercase()) {
        NameError::Uppercase(rejected())
    } else if !input.starts_with(|c: char| c.is_ascii_lowercase()) {
        NameError::NoLeadingLetter(rejected())
    } else if length < MIN_LEN {
        NameError::TooShort(rejected())
    } else if input.contains("--") {
        NameError::DoubleDash(rejected())
    } else if input.ends_with('-') {
        NameError::TrailingDash(rejected())
    } else if reserved
        .iter()
        .any(|word| word.eq_ignore_ascii_case(input) || word.eq_ignore_ascii_case(&package))
    {
        NameError::Reserved(rejected())
    } else {
        return Ok(());
    })
}

/// Lowercases, drops non-ASCII, turns separators into single `-`, trims to a
/// leading letter and no trailing `-`, shortens at a `-` where it can; then
/// offers that name, or it with `-app` when it is too short or reserved.
fn suggestion_for(input: &str, reserved: &[String]) -> Option<String> {
    let mut slug = String::with_capacity(input.len());
    for c in input.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if (c.is_ascii() || c.is_whitespace())
            && !matches!(c, '\'' | '"' | '`')
            && !slug.ends_with('-')
        {
            slug.push('-');
        }
    }
    let mut slug = slug
        .trim_start_matches(|c: char| !c.is_ascii_lowercase())
        .to_owned();
    if slug.len() > MAX_LEN {
        let cut = slug[..=MAX_LEN]
            .rfind('-')
            .filter(|&at| at >= MIN_LEN)
            .unwrap_or(MAX_LEN);
        slug.truncate(cut);
    }
    let slug = slug.trim_end_matches('-');
    [slug.to_owned(), format!("{slug}-app")]
        .into_iter()
        .find(|candidate| check(candidate, reserved, false).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reject(input: &str, reserved: &[&str]) -> NameError {
        let reserved: Vec<String> = reserved.iter().map(ToString::to_string).collect();
        let error = ProjectName::parse(input, &reserved).expect_err(input);
        if let Some(suggestion) = error.suggestion() {
            let parsed = ProjectName::parse(&suggestion, &reserved);
            assert!(
                parsed.is_ok(),
                "suggestion {suggestion:?} for {input:?}: {parsed:?}"
            );
        }
        error
    }

    /// `(input, reserved, message, suggestion)`
    #[rustfmt::skip]
    const REJECTED: &[(&str, &[&str], &str, Option<&str>)] = &[
        ("", &[], "project name is empty", None),
        (".", &[], "project name `.` is a path, not a name", None),
        ("..", &[], "project name `..` is a path, not a name", None),
        ("a/b", &[], "project name `a/b` is a path, not a name", Some("a-b")),
        ("a\\b", &[], "project name `a\\\\b` is a path, not a name", Some("a-b")),
        ("-x", &[], "project name `-x` starts with `-` and would be read as a flag", Some("x-app")),
        ("my todo", &[], "project name `my todo` contains whitespace", Some("my-todo")),
        ("my\ntodo", &[], "project name `my\\ntodo` contains whitespace", Some("my-todo")),
        ("café-api", &[], "project name `café-api` contains the non-ASCII character `é`", Some("caf-api")),
        ("My-Todo", &[], "project name `My-Todo` contains uppercase letters", Some("my-todo")),
        ("my_todo", &[], "project name `my_todo` contains `_`: use lowercase letters, digits and `-`", Some("my-todo")),
        ("9lives", &[], "project name `9lives` does not start with a letter", Some("lives")),
        ("a", &[], "project name `a` is too short: it needs at least 2 characters", Some("a-app")),
        ("json", &["json"], "project name `json` would shadow a keyword, a standard module or a dependency", Some("json-app")),
        ("todo--api", &[], "project name `todo--api` contains `--`", Some("todo-api")),
        ("todo-", &[], "project name `todo-` ends with `-`", Some("todo")),
        ("my-types", &["MY_TYPES"], "project name `my-types` would shadow a keyword, a standard module or a dependency", Some("my-types-app")),
        ("JSON", &["json"], "project name `JSON` contains uppercase letters", Some("json-app")),
        ("json", &["json", "json-app"], "project name `json` would shadow a keyword, a standard module or a dependency", None),
        ("My Todo.App_v2 / 🦀", &[], "project name `My Todo.App_v2 / 🦀` is a path, not a name", Some("my-todo-app-v2")),
    ];

    #[test]
    fn rejects_each_reason_with_message_and_valid_suggestion() {
        for &(input, reserved, message, suggestion) in REJECTED {
            let error = reject(input, reserved);
            assert_eq!(error.to_string(), message, "{input:?}");
            assert_eq!(error.suggestion().as_deref(), suggestion, "{input:?}");
        }
    }

    #[test]
    fn too_long_says_the_length_and_suggests_a_prefix() {
        let error = reject(&"a".repeat(300), &[]);
        assert_eq!(
            error.to_string(),
            "project name is 300 characters long; the limit is 64"
        );
        assert_eq!(error.suggestion(), Some("a".repeat(MAX_LEN)));
    }

    #[test]
    fn long_names_are_cut_at_a_dash() {
        let input = format!("{}-{}", "word".repeat(15), "x".repeat(20));
        let error = reject(&input, &[]);
        assert!(matches!(error, NameError::TooLong(_)), "{error}");
        assert_eq!(error.suggestion(), Some("word".repeat(15)));
    }

    #[test]
    fn valid_name_gives_every_derived_form() {
        let name = ProjectName::parse("ok-name", &["json".to_owned()]).unwrap();
        assert_eq!(name.as_str(), "ok-name");
        assert_eq!(name.to_string(), "ok-name");
        assert_eq!(name.directory(), "ok-name");
        assert_eq!(name.python_package(), "ok_name");
        assert_eq!(name.npm_package(), "ok-name");
        assert_eq!(name.go_module(), "ok-name");
        assert_eq!(name.crate_name(), "ok_name");
        assert!(ProjectName::parse("ab", &[]).is_ok());
        assert!(ProjectName::parse(&"a".repeat(MAX_LEN), &[]).is_ok());
    }
}
