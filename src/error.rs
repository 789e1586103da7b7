//! The errors a user can act on, and the one place that prints errors.
//!
//! House style: a lowercase `error:` line saying what and where, a blank line,
//! then a `hint:` saying what to do. Exit codes: 0 success, 1 failure, 2 usage.

use std::fmt;
use std::io::Write;

use anstyle::{AnsiColor, Style};

pub const EXIT_FAILURE: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

/// A mistake in what the user asked for: bad flag values, names, answers
/// files or targets. Exits with code 2 and always says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct UsageError {
    pub message: String,
    pub hint: String,
}

impl UsageError {
    pub fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// "did you mean" for a value that is close to one of `known`.
pub fn did_you_mean<'a>(value: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(value, candidate), candidate))
        .filter(|(score, _)| *score > 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// An unknown value for a kind of thing (`project`, `stack`, …), with a
/// suggestion when one is close and the full list otherwise.
pub fn unknown(kind: &str, value: &str, known: &[&str], list_hint: &str) -> UsageError {
    let message = format!("unknown {kind} `{value}`");
    let hint = match did_you_mean(value, known.iter().copied()) {
        Some(close) => format!("did you mean `{close}`? {list_hint}"),
        None => format!("choose one of: {}. {list_hint}", quoted_list(known)),
    };
    UsageError::new(message, hint)
}

pub fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Print an error in house style and return its exit code.
pub fn report(error: &anyhow::Error) -> u8 {
    let mut stderr = anstream::stderr();
    let red = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
    let cyan = Style::new().bold().fg_color(Some(AnsiColor::Cyan.into()));
    if let Some(usage) = error.downcast_ref::<UsageError>() {
        let _ = writeln!(
            stderr,
            "{red}error{red:#}: {}\n\n{cyan}hint{cyan:#}: {}",
            usage.message, usage.hint
        );
        return EXIT_USAGE;
    }
    let _ = writeln!(stderr, "{red}error{red:#}: {error}");
    for cause in error.chain().skip(1) {
        let _ = writeln!(stderr, "  caused by: {cause}");
    }
    let _ = writeln!(
        stderr,
        "\n{cyan}hint{cyan:#}: this is not a mistake in what you asked for; if it persists, report it with the command you ran"
    );
    EXIT_FAILURE
}

/// Print a warning in house style; used for fallbacks the user should know of.
pub fn warn(message: &str, hint: &str) {
    let yellow = Style::new().bold().fg_color(Some(AnsiColor::Yellow.into()));
    let cyan = Style::new().bold().fg_color(Some(AnsiColor::Cyan.into()));
    let _ = writeln!(
        anstream::stderr(),
        "{yellow}warning{yellow:#}: {message}\n\n{cyan}hint{cyan:#}: {hint}"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_known_value() {
        assert_eq!(
            did_you_mean("todo-apy", ["todo-api", "chat"]),
            Some("todo-api")
        );
        assert_eq!(
            did_you_mean("pyhton", ["python", "typescript"]),
            Some("python")
        );
        assert_eq!(did_you_mean("zzz", ["python", "typescript"]), None);
    }

    #[test]
    fn unknown_lists_choices_when_nothing_is_close() {
        let error = unknown(
            "stack",
            "cobol",
            &["python", "typescript"],
            "see `folio list`",
        );
        assert_eq!(error.message, "unknown stack `cobol`");
        assert!(
            error.hint.contains("`python`, `typescript`"),
            "{}",
            error.hint
        );
    }
}
