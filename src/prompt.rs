//! The only module that asks questions. `settings` talks to a `Prompter`;
//! the terminal one uses dialoguer, the scripted one replays answers in tests.

use std::collections::VecDeque;

use anyhow::{Context, Result, bail};
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Confirm, Input, Select};

pub trait Prompter {
    /// Pick one of `items`; returns its index.
    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Result<usize>;
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

impl Prompter for TerminalPrompter {
    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Result<usize> {
        Select::with_theme(&self.theme)
            .with_prompt(prompt)
            .items(items)
            .default(default)
            .interact()
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
