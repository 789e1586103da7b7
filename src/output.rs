//! Writing a repository atomically: everything is written and committed in a
//! temporary directory beside the target, then renamed into place. On an
//! error the temporary directory is dropped; on Ctrl-C the signal handler
//! removes it. Either way nothing is left behind.
//!
//! With `--force` into a non-empty directory the finished files are moved in
//! one by one: a file of the same path is replaced, every other file is kept.

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use anyhow::{Context, Result};

use crate::cli::GitMode;
use crate::error::UsageError;
use crate::git;
use crate::settings::Author;
use crate::template::RenderedFile;

/// The temporary directory the Ctrl-C handler must remove. Held locked while
/// it is moved into place, so an interrupt waits for the rename to finish.
static IN_PROGRESS: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Install the Ctrl-C handler (once per process; later calls do nothing).
pub fn remove_partial_output_on_interrupt() -> Result<()> {
    static INSTALLED: OnceLock<Result<(), String>> = OnceLock::new();
    INSTALLED
        .get_or_init(|| {
            ctrlc::set_handler(|| {
                // Taking the lock waits for the step in progress, and exiting
                // with it held keeps the main thread from writing again.
                let guard = lock();
                if let Some(path) = guard.as_ref() {
                    let _ = fs::remove_dir_all(path);
                }
                std::process::exit(130);
            })
            .map_err(|error| error.to_string())
        })
        .clone()
        .map_err(|error| anyhow::anyhow!("failed to install the Ctrl-C handler: {error}"))
}

/// What the target looks like before anything is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Absent,
    EmptyDir,
    /// Non-empty, allowed by `--force`; `has_git` if it already is a repository.
    Merge {
        has_git: bool,
    },
}

/// Refuse targets folio must not write to, before any work is done.
pub fn inspect(target: &Path, force: bool) -> Result<Target> {
    let shown = target.display();
    match fs::symlink_metadata(target) {
        Err(error) if error.kind() == ErrorKind::NotFound => {}
        Err(error) => {
            return Err(anyhow::Error::new(error).context(format!("failed to inspect `{shown}`")));
        }
        Ok(meta) if !meta.is_dir() => {
            return Err(UsageError::new(
                format!("`{shown}` exists and is not a directory"),
                "choose another `--output` or `--name`",
            )
            .into());
        }
        Ok(_) => {
            let mut entries = fs::read_dir(target)
                .with_context(|| format!("failed to read directory `{shown}`"))?;
            if entries.next().is_none() {
                return Ok(Target::EmptyDir);
            }
            if !force {
                return Err(UsageError::new(
                    format!("`{shown}` already exists and is not empty"),
                    "choose another `--output` or `--name`, or pass `--force` to write into it (files folio does not write are kept)",
                )
                .into());
            }
            return Ok(Target::Merge {
                has_git: target.join(".git").exists(),
            });
        }
    }
    let parent = parent_of(target);
    if !parent.is_dir() {
        return Err(UsageError::new(
            format!("the parent directory `{}` does not exist", parent.display()),
            format!(
                "create it first (`mkdir -p {}`) or choose another `--output`",
                parent.display()
            ),
        )
        .into());
    }
    Ok(Target::Absent)
}

/// The outcome of a write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub commit: Option<String>,
}

/// Write `files` to `target` with all-or-nothing semantics.
pub fn write(
    target: &Path,
    state: Target,
    files: &[RenderedFile],
    git_mode: GitMode,
    author: &Author,
    message: &str,
) -> Result<Written> {
    if let Target::Merge { .. } = state {
        refuse_type_clashes(target, files)?;
    }
    let parent = parent_of(target);
    // Each step runs with the lock held, so an interrupt lands between steps.
    let mut guard = lock();
    let staging = tempfile::Builder::new()
        .prefix(".folio-")
        .tempdir_in(&parent)
        .map_err(|error| match error.kind() {
            ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
                anyhow::Error::new(UsageError::new(
                    format!("cannot write in `{}`: {error}", parent.display()),
                    "choose an `--output` in a directory you can write to",
                ))
            }
            _ => anyhow::Error::new(error).context(format!(
                "failed to create a temporary directory in `{}`",
                parent.display()
            )),
        })?;
    *guard = Some(staging.path().to_owned());
    let filled = fill(staging.path(), state, files, git_mode, author, message);
    drop(guard);

    let result = filled.and_then(|written| {
        pause_for_tests();
        let _guard = lock();
        match state {
            Target::Absent | Target::EmptyDir => rename_into_place(staging.path(), target)?,
            Target::Merge { .. } => merge(staging.path(), target)?,
        }
        Ok(written)
    });
    *lock() = None;
    drop(staging);
    result
}

fn fill(
    dir: &Path,
    state: Target,
    files: &[RenderedFile],
    git_mode: GitMode,
    author: &Author,
    message: &str,
) -> Result<Written> {
    for file in files {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("failed to create directory `{}`", parent.display()))?;
        }
        write_file(&path, file)?;
    }
    let mut commit = None;
    let leave_git_alone = matches!(state, Target::Merge { has_git: true });
    if git_mode != GitMode::None && !leave_git_alone {
        let repo = git::init(dir)?;
        if git_mode == GitMode::Commit {
            commit = Some(git::commit_files(&repo, files, author, message)?);
        }
    }
    Ok(Written { commit })
}

/// Files named `.env` hold the generated secrets (signing keys, admin
/// passwords): their owner alone may read them. Everything else is written
/// with the usual mode (the umask decides), executables with `0755`.
pub fn is_private(path: &str) -> bool {
    path.rsplit('/').next() == Some(".env")
}

fn write_file(path: &Path, file: &RenderedFile) -> Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    if is_private(&file.path) {
        // Created private: the secret is never readable by others, not even
        // for the moment between writing and a chmod.
        options.mode(0o600);
    }
    let mut handle = options
        .open(path)
        .with_context(|| format!("failed to write `{}`", path.display()))?;
    handle
        .write_all(&file.contents)
        .with_context(|| format!("failed to write `{}`", path.display()))?;
    if file.executable {
        fs::set_permissions(path, fs::Permissions::from_mode(0o755))
            .with_context(|| format!("failed to make `{}` executable", path.display()))?;
    }
    Ok(())
}

fn rename_into_place(staging: &Path, target: &Path) -> Result<()> {
    // rename(2) replaces an empty directory, and fails on a non-empty one
    // that appeared meanwhile instead of mixing trees.
    fs::rename(staging, target)
        .with_context(|| format!("failed to move the new project into `{}`", target.display()))
}

/// Move every file of `staging` into `target`, replacing same-named files.
fn merge(staging: &Path, target: &Path) -> Result<()> {
    for entry in
        fs::read_dir(staging).with_context(|| format!("failed to read `{}`", staging.display()))?
    {
        let entry = entry.with_context(|| format!("failed to read `{}`", staging.display()))?;
        let from = entry.path();
        let to = target.join(entry.file_name());
        if from.is_dir() && to.is_dir() {
            merge(&from, &to)?;
        } else {
            fs::rename(&from, &to)
                .with_context(|| format!("failed to move `{}` into place", to.display()))?;
        }
    }
    Ok(())
}

/// In a merge, a directory where folio writes a file (or a file where it
/// needs a directory) would stop the move half-way: refuse it up front.
fn refuse_type_clashes(target: &Path, files: &[RenderedFile]) -> Result<()> {
    for file in files {
        let path = target.join(&file.path);
        let clash = if path.is_dir() {
            Some(path.clone())
        } else {
            path.ancestors()
                .skip(1)
                .take_while(|dir| *dir != target)
                .find(|dir| dir.exists() && !dir.is_dir())
                .map(Path::to_owned)
        };
        if let Some(clash) = clash {
            return Err(UsageError::new(
                format!(
                    "`{}` is in the way of `{}`, which folio writes",
                    clash.display(),
                    file.path
                ),
                "move it away, or choose another `--output`",
            )
            .into());
        }
    }
    Ok(())
}

fn lock() -> std::sync::MutexGuard<'static, Option<PathBuf>> {
    IN_PROGRESS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn parent_of(target: &Path) -> PathBuf {
    match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// Lets the interrupt test hit the window between writing and renaming.
fn pause_for_tests() {
    if let Some(ms) = std::env::var("FOLIO_TEST_PAUSE_BEFORE_RENAME_MS")
        .ok()
        .and_then(|value| value.parse().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}
