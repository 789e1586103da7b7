//! What folio needs from git, and nothing more: the user's identity from git
//! config, a repository initialized on `main`, and one commit of what git
//! would add. In-process through libgit2, so no `git` binary is needed and
//! nothing touches the network.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use git2::{IndexEntry, IndexTime, Oid, Repository, RepositoryInitOptions, Signature};

use crate::settings::Author;
use crate::template::RenderedFile;

pub const BRANCH: &str = "main";

/// `user.name` and `user.email` from the user's git config, when both are set.
pub fn configured_identity() -> Option<Author> {
    let config = user_config().ok()?;
    let name = config.get_string("user.name").ok()?.trim().to_owned();
    let email = config.get_string("user.email").ok()?.trim().to_owned();
    (!name.is_empty() && !email.is_empty()).then_some(Author { name, email })
}

/// The config files git itself would read. libgit2's `open_default` ignores
/// `GIT_CONFIG_GLOBAL` and `GIT_CONFIG_NOSYSTEM`; honour them as git does.
fn user_config() -> Result<git2::Config, git2::Error> {
    let mut config = git2::Config::new()?;
    if std::env::var_os("GIT_CONFIG_NOSYSTEM").is_none() {
        if let Ok(path) = git2::Config::find_system() {
            config.add_file(&path, git2::ConfigLevel::System, false)?;
        }
    }
    if let Ok(path) = git2::Config::find_xdg() {
        config.add_file(&path, git2::ConfigLevel::XDG, false)?;
    }
    let global = std::env::var_os("GIT_CONFIG_GLOBAL")
        .map(PathBuf::from)
        .or_else(|| git2::Config::find_global().ok());
    if let Some(path) = global.filter(|path| path.exists()) {
        config.add_file(&path, git2::ConfigLevel::Global, false)?;
    }
    Ok(config)
}

/// Initialize a repository in `dir` with `main` as its unborn branch.
pub fn init(dir: &Path) -> Result<Repository> {
    let mut options = RepositoryInitOptions::new();
    // No system template: sample hooks would only make the repo bigger.
    options.initial_head(BRANCH).external_template(false);
    Repository::init_opts(dir, &options).with_context(|| {
        format!(
            "failed to initialize a git repository in `{}`",
            dir.display()
        )
    })
}

/// Stage the files folio wrote that git would add (`.gitignore` respected,
/// so `.env` stays out) and make the first commit. Returns the commit id.
///
/// Blobs come from the rendered bytes in memory and index entries from one
/// `stat` per file: `git add` on the work tree would diff it, load
/// attributes and read every file back, which was most of the time `folio
/// new` spent in git. No clean filter applies: every template is plain LF text.
pub fn commit_files(
    repo: &Repository,
    files: &[RenderedFile],
    author: &Author,
    message: &str,
) -> Result<String> {
    let workdir = repo
        .workdir()
        .context("the new repository has no work tree")?;
    let mut index = repo.index().context("failed to open the git index")?;
    for file in files {
        let ignored = repo
            .is_path_ignored(&file.path)
            .with_context(|| format!("failed to check `{}` against .gitignore", file.path))?;
        if ignored {
            continue;
        }
        let id = repo
            .blob(&file.contents)
            .with_context(|| format!("failed to store `{}` in git", file.path))?;
        let metadata = std::fs::symlink_metadata(workdir.join(&file.path))
            .with_context(|| format!("failed to read back `{}`", file.path))?;
        index
            .add(&index_entry(&file.path, id, &metadata))
            .with_context(|| format!("failed to stage `{}`", file.path))?;
    }
    index.write().context("failed to write the git index")?;
    let tree_id = index.write_tree().context("failed to write the git tree")?;
    let tree = repo
        .find_tree(tree_id)
        .context("failed to read back the git tree")?;
    let signature = Signature::now(&author.name, &author.email)
        .with_context(|| format!("git refused the author `{}`", author.full()))?;
    let commit = repo
        .commit(Some("HEAD"), &signature, &signature, message, &tree, &[])
        .context("failed to make the first commit")?;
    Ok(commit.to_string())
}

/// The entry `git add` would write: the file's stat data (so `git status`
/// trusts it without hashing again) and git's two regular-file modes.
/// The index keeps stat fields in 32 bits; git truncates them the same way.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn index_entry(path: &str, id: Oid, metadata: &std::fs::Metadata) -> IndexEntry {
    use std::os::unix::fs::MetadataExt;
    let time = |seconds: i64, nanoseconds: i64| IndexTime::new(seconds as i32, nanoseconds as u32);
    let mode = if metadata.mode() & 0o111 != 0 {
        0o100_755
    } else {
        0o100_644
    };
    IndexEntry {
        ctime: time(metadata.ctime(), metadata.ctime_nsec()),
        mtime: time(metadata.mtime(), metadata.mtime_nsec()),
        dev: metadata.dev() as u32,
        ino: metadata.ino() as u32,
        mode,
        uid: metadata.uid(),
        gid: metadata.gid(),
        file_size: metadata.size() as u32,
        id,
        flags: 0,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(path: &str, contents: &str, executable: bool) -> RenderedFile {
        RenderedFile {
            path: path.to_owned(),
            contents: contents.as_bytes().to_vec(),
            executable,
            rendered: false,
        }
    }

    #[test]
    fn first_commit_lands_on_main_and_skips_ignored_files() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let files = [
            rendered(".gitignore", ".env\nbuild/\n", false),
            rendered(".env", "SECRET=1\n", false),
            rendered("README.md", "# hi\n", false),
            rendered("build/out.txt", "artifact\n", false),
            rendered("scripts/run", "#!/bin/sh\n", true),
        ];
        for file in &files {
            let path = dir.path().join(&file.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &file.contents).unwrap();
            if file.executable {
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
            }
        }
        let repo = init(dir.path()).unwrap();
        let author = Author {
            name: "Ada \"Countess\" 🎉".into(),
            email: "ada@example.com".into(),
        };
        commit_files(&repo, &files, &author, "Initial commit").unwrap();

        let head = repo.head().unwrap();
        assert_eq!(head.shorthand().unwrap(), BRANCH);
        let tree = head.peel_to_tree().unwrap();
        let mut committed = Vec::new();
        tree.walk(git2::TreeWalkMode::PreOrder, |root, entry| {
            if entry.kind() == Some(git2::ObjectType::Blob) {
                committed.push(format!(
                    "{root}{} {:o}",
                    entry.name().unwrap(),
                    entry.filemode()
                ));
            }
            git2::TreeWalkResult::Ok
        })
        .unwrap();
        assert_eq!(
            committed,
            [
                ".gitignore 100644",
                "README.md 100644",
                "scripts/run 100755"
            ]
        );
        let commit = head.peel_to_commit().unwrap();
        assert_eq!(commit.author().name().unwrap(), "Ada \"Countess\" 🎉");
        // The index matches the work tree: nothing staged, modified or new.
        let mut options = git2::StatusOptions::new();
        options.include_ignored(false).include_untracked(true);
        let statuses = repo.statuses(Some(&mut options)).unwrap();
        let dirty: Vec<_> = statuses
            .iter()
            .map(|entry| (entry.path().unwrap().to_owned(), entry.status()))
            .collect();
        assert!(dirty.is_empty(), "{dirty:?}");
    }
}
