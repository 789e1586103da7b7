//! The fixture every test starts from: a temporary directory holding an
//! isolated HOME (with its own, empty, global git config) and an empty
//! working directory, and `folio` / `git` commands that only see those.
//!
//! The environment is cleared, so the developer's git identity, `CI` or
//! `NO_COLOR` never change what a test sees.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use tempfile::TempDir;

pub const BIN: &str = env!("CARGO_BIN_EXE_folio");

/// A valid `--author`, for tests about something else.
pub const AUTHOR: &str = "Ada Lovelace <ada@example.com>";

/// The one combination that can be generated today.
pub const PROJECT: &str = "todo-api";
pub const STACK: &str = "python";

#[derive(Debug)]
pub struct Folio {
    root: TempDir,
}

impl Folio {
    pub fn new() -> Self {
        let root = tempfile::Builder::new()
            .prefix("folio-test-")
            .tempdir()
            .expect("a temporary directory");
        fs::create_dir(root.path().join("home")).unwrap();
        fs::create_dir(root.path().join("work")).unwrap();
        fs::write(root.path().join("home/.gitconfig"), "").unwrap();
        Self { root }
    }

    /// The temporary directory everything lives in (filtered to `[TEMP]`).
    pub fn root(&self) -> &Path {
        self.root.path()
    }

    /// The working directory of every command, and the parent of outputs.
    pub fn work(&self) -> PathBuf {
        self.root().join("work")
    }

    pub fn home(&self) -> PathBuf {
        self.root().join("home")
    }

    /// Set `user.name` and `user.email` in the isolated global git config.
    pub fn set_git_identity(&self, name: &str, email: &str) {
        fs::write(
            self.home().join(".gitconfig"),
            format!("[user]\n\tname = {name}\n\temail = {email}\n"),
        )
        .unwrap();
    }

    /// `folio` with an isolated environment, run in `work()`.
    pub fn command(&self) -> assert_cmd::Command {
        assert_cmd::Command::from_std(self.std_command())
    }

    /// The same, as a `std` command (for spawning and signalling).
    pub fn std_command(&self) -> std::process::Command {
        let mut command = std::process::Command::new(BIN);
        self.isolate(&mut command);
        command
    }

    /// `folio new todo-api --stack python` with `--output work/NAME --name NAME`.
    pub fn new_project(&self, name: &str) -> assert_cmd::Command {
        let mut command = self.command();
        command
            .args(["new", PROJECT, "--stack", STACK, "--name", name, "--output"])
            .arg(self.work().join(name));
        command
    }

    /// `new_project(name)` plus `extra`, asserted to succeed; returns the output and the project.
    pub fn generate(&self, name: &str, extra: &[&str]) -> (Output, PathBuf) {
        let output = succeed(self.new_project(name).args(extra));
        (output, self.work().join(name))
    }

    /// `Name <email>` of the last commit in `dir`.
    pub fn head_author(&self, dir: &Path) -> String {
        self.git(dir, ["log", "-1", "--format=%an <%ae>"])
            .trim_end()
            .to_owned()
    }

    /// The git binary reads `GIT_CONFIG_GLOBAL`; folio (libgit2's default
    /// config) reads `$HOME/.gitconfig` and ignores both variables: the two
    /// name the same file here. libgit2 still reads `/etc/gitconfig`, so a
    /// machine with a system-wide `user.name` would change the fallback test.
    pub fn isolate(&self, command: &mut std::process::Command) {
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.home().join(".gitconfig"))
            .current_dir(self.work());
    }

    /// Run the `git` binary in `dir` with the same isolation; panics on failure.
    pub fn git<I, S>(&self, dir: &Path, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let output = self.git_output(dir, args);
        assert!(
            output.status.success(),
            "git failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    pub fn git_output<I, S>(&self, dir: &Path, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut command = std::process::Command::new("git");
        self.isolate(&mut command);
        command
            .current_dir(dir)
            .args(args)
            .output()
            .expect("the git binary is installed")
    }

    /// Replace this fixture's temporary paths with `[TEMP]`.
    pub fn filter(&self, text: &str) -> String {
        text.replace(&self.root().display().to_string(), "[TEMP]")
    }

    /// insta settings filtering temporary paths and commit ids.
    pub fn snapshot_settings(&self) -> insta::Settings {
        let mut settings = insta::Settings::clone_current();
        settings.add_filter(&regex_escape(&self.root().display().to_string()), "[TEMP]");
        settings.add_filter(r"\b[0-9a-f]{40}\b", "[COMMIT]");
        settings
    }
}

fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Runs `command`, asserts it succeeded, returns its output.
pub fn succeed(command: &mut assert_cmd::Command) -> Output {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        stdout(&output),
        stderr(&output)
    );
    output
}

/// No `.folio-*` staging directory is left in `dir`.
pub fn assert_no_staging_dir(dir: &Path) {
    let leftovers: Vec<String> = entries(dir)
        .into_iter()
        .filter(|name| name.starts_with(".folio-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary directories left in {}: {leftovers:?}",
        dir.display()
    );
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// Every entry directly in `dir`, by name.
pub fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every file below `dir` (relative, `/`-separated), `.git` excluded, with its bytes.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    collect(dir, dir, &mut found, &|relative| relative == ".git");
    found
}

/// Every file below `dir`, `.git` included.
pub fn all_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    collect(dir, dir, &mut found, &|_| false);
    found
}

fn collect(
    root: &Path,
    dir: &Path,
    into: &mut BTreeMap<String, Vec<u8>>,
    skip: &dyn Fn(&str) -> bool,
) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let relative = path
            .strip_prefix(root)
            .unwrap()
            .components()
            .map(|part| part.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if skip(&relative) {
            continue;
        }
        if path.is_dir() {
            collect(root, &path, into, skip);
        } else {
            into.insert(relative, fs::read(&path).unwrap());
        }
    }
}

/// Asserts the house style of a usage error: exit code 2, then
/// `error: …`, a blank line, `hint: …`, both lowercase. Returns stderr.
pub fn assert_usage_error(output: &Output) -> String {
    let text = stderr(output);
    assert_eq!(
        output.status.code(),
        Some(2),
        "expected exit code 2, stderr:\n{text}"
    );
    let lines: Vec<&str> = text.lines().collect();
    let message = lines
        .first()
        .and_then(|line| line.strip_prefix("error: "))
        .unwrap_or_else(|| panic!("no `error: ` line:\n{text}"));
    assert!(
        !message.starts_with(|c: char| c.is_uppercase()),
        "the error starts in uppercase:\n{text}"
    );
    let blank = lines
        .iter()
        .position(|line| line.is_empty())
        .unwrap_or_else(|| panic!("no blank line before the hint:\n{text}"));
    let hint = lines
        .get(blank + 1)
        .and_then(|line| line.strip_prefix("hint: "))
        .unwrap_or_else(|| panic!("no `hint: ` after the blank line:\n{text}"));
    assert!(
        !hint.starts_with(|c: char| c.is_uppercase()),
        "the hint starts in uppercase:\n{text}"
    );
    assert!(
        !text.contains('\u{1b}'),
        "colour codes without a terminal:\n{text}"
    );
    text
}

/// Turns JSON into its shape: the keys of objects, the first element of
/// arrays, and the type of every scalar. Content changes, shape is the contract.
pub fn json_shape(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Null => Value::from("null"),
        Value::Bool(_) => Value::from("bool"),
        Value::Number(_) => Value::from("number"),
        Value::String(_) => Value::from("string"),
        Value::Array(items) => Value::Array(items.first().map(json_shape).into_iter().collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, value)| (key.clone(), json_shape(value)))
                .collect(),
        ),
    }
}

pub fn parse_json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|error| panic!("not JSON ({error}):\n{text}"))
}
