//! The only module that asks questions. `settings` talks to a `Prompter`;
//! the terminal one uses dialoguer, the scripted one replays answers in tests.

use std::collections::VecDeque;
use std::fmt;

use anyhow::{Context, Result, bail};
use dialoguer::console::{Term, style};
use dialoguer::theme::{ColorfulTheme, Theme};
use dialoguer::{Confirm, Input, Select};

pub trait Prompter {
    /// Pick one of `items`; returns its index.
    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Result<usize>;
    /// Like `select`, with lines that describe each item (`details[i]` for
    /// `items[i]`); a terminal shows those of the highlighted item under it.
    fn select_described(
        &mut self,
        prompt: &str,
        items: &[String],
        details: &[Vec<String>],
        default: usize,
    ) -> Result<usize> {
        let _ = details;
        self.select(prompt, items, default)
    }
    /// Free text, checked by `validate` until it passes.
    fn input(
        &mut self,
        prompt: &str,
        default: &str,
        validate: &dyn Fn(&str) -> Result<(), String>,
    ) -> Result<String>;
    fn confirm(&mut self, prompt: &str, default: bool) -> Result<bool>;
}

/// Asks on the terminal (stderr), so stdout stays clean for `--json`.
pub struct TerminalPrompter {
    theme: ColorfulTheme,
}

impl std::fmt::Debug for TerminalPrompter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TerminalPrompter")
    }
}

impl TerminalPrompter {
    pub fn new() -> Self {
        Self {
            theme: ColorfulTheme::default(),
        }
    }
}

impl Default for TerminalPrompter {
    fn default() -> Self {
        Self::new()
    }
}

/// Terminal columns, for fitting choices on one line each.
fn columns() -> usize {
    usize::from(Term::stderr().size().1).max(20)
}

/// `text` cut to at most `max` bytes, on a character boundary, with `…`.
///
/// Bytes, not characters: dialoguer decides how many lines to clear on a
/// redraw from each item's byte length, so an item whose bytes outnumber the
/// columns leaves fragments (or eats lines) even when it fits on screen.
fn fit(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max.saturating_sub('…'.len_utf8());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", text[..end].trim_end())
}

/// The colorful theme, with the details of the highlighted item under it.
struct Described<'a> {
    base: &'a ColorfulTheme,
    items: &'a [String],
    details: &'a [Vec<String>],
    width: usize,
}

impl Theme for Described<'_> {
    fn format_select_prompt(&self, f: &mut dyn fmt::Write, prompt: &str) -> fmt::Result {
        self.base.format_select_prompt(f, prompt)
    }

    fn format_select_prompt_selection(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        sel: &str,
    ) -> fmt::Result {
        self.base.format_select_prompt_selection(f, prompt, sel)
    }

    fn format_select_prompt_item(
        &self,
        f: &mut dyn fmt::Write,
        text: &str,
        active: bool,
    ) -> fmt::Result {
        self.base.format_select_prompt_item(f, text, active)?;
        if !active {
            return Ok(());
        }
        let index = self.items.iter().position(|item| item == text);
        for line in index
            .and_then(|index| self.details.get(index))
            .into_iter()
            .flatten()
        {
            // Each on one line of its own: the renderer counts the newlines.
            write!(f, "\n    {}", style(fit(line, self.width - 5)).dim())?;
        }
        Ok(())
    }
}

impl Prompter for TerminalPrompter {
    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Result<usize> {
        self.select_described(prompt, items, &[], default)
    }

    fn select_described(
        &mut self,
        prompt: &str,
        items: &[String],
        details: &[Vec<String>],
        default: usize,
    ) -> Result<usize> {
        let width = columns();
        // The theme draws `❯ ` before each item: keep the line short of the edge.
        let items: Vec<String> = items.iter().map(|item| fit(item, width - 3)).collect();
        let theme = Described {
            base: &self.theme,
            items: &items,
            details,
            width,
        };
        Select::with_theme(&theme)
            .with_prompt(prompt)
            .items(&items)
            .default(default)
            .interact_on(&Term::stderr())
            .context("failed to read the answer from the terminal")
    }

    fn input(
        &mut self,
        prompt: &str,
        default: &str,
        validate: &dyn Fn(&str) -> Result<(), String>,
    ) -> Result<String> {
        Input::<String>::with_theme(&self.theme)
            .with_prompt(prompt)
            .default(default.to_owned())
            .validate_with(|value: &String| validate(value))
            .interact_text()
            .context("failed to read the answer from the terminal")
    }

    fn confirm(&mut self, prompt: &str, default: bool) -> Result<bool> {
        Confirm::with_theme(&self.theme)
            .with_prompt(prompt)
            .default(default)
            .interact()
            .context("failed to read the answer from the terminal")
    }
}

/// One scripted answer. `Select` names the item by a substring of its label,
/// so tests read as what a user would pick, not as indices.
#[derive(Debug, Clone)]
pub enum Scripted {
    Select(&'static str),
    Input(&'static str),
    /// Accept the default of an input.
    Default,
    Confirm(bool),
}

/// Replays answers in order and records every prompt it was shown.
#[derive(Debug, Default)]
pub struct ScriptedPrompter {
    answers: VecDeque<Scripted>,
    pub asked: Vec<String>,
}

impl ScriptedPrompter {
    pub fn new(answers: impl IntoIterator<Item = Scripted>) -> Self {
        Self {
            answers: answers.into_iter().collect(),
            asked: Vec::new(),
        }
    }

    fn next(&mut self, prompt: &str) -> Result<Scripted> {
        self.asked.push(prompt.to_owned());
        self.answers
            .pop_front()
            .with_context(|| format!("no scripted answer left for `{prompt}`"))
    }
}

impl Prompter for ScriptedPrompter {
    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Result<usize> {
        match self.next(prompt)? {
            Scripted::Select(wanted) => items
                .iter()
                .position(|item| item.contains(wanted))
                .with_context(|| {
                    format!("`{prompt}` offers no item containing `{wanted}`: {items:?}")
                }),
            Scripted::Default => Ok(default),
            other => bail!("`{prompt}` is a selection, the script says {other:?}"),
        }
    }

    fn input(
        &mut self,
        prompt: &str,
        default: &str,
        validate: &dyn Fn(&str) -> Result<(), String>,
    ) -> Result<String> {
        let value = match self.next(prompt)? {
            Scripted::Input(value) => value.to_owned(),
            Scripted::Default => default.to_owned(),
            other => bail!("`{prompt}` is an input, the script says {other:?}"),
        };
        validate(&value)
            .map_err(|message| anyhow::anyhow!("`{prompt}` refused `{value}`: {message}"))?;
        Ok(value)
    }

    fn confirm(&mut self, prompt: &str, default: bool) -> Result<bool> {
        match self.next(prompt)? {
            Scripted::Confirm(answer) => Ok(answer),
            Scripted::Default => Ok(default),
            other => bail!("`{prompt}` is a confirmation, the script says {other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn fit_cuts_on_a_character_boundary_within_the_bytes() {
        assert_eq!(fit("short", 10), "short");
        let cut = fit("Beginner — Your first backend", 14);
        assert!(cut.len() <= 14, "{cut}");
        assert!(cut.ends_with('…'), "{cut}");
    }
}
