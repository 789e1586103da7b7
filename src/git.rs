//! What folio needs from git, and nothing more: the user's identity from git
//! config, a repository initialized on `main`, and one commit of what git
//! would add. In-process through libgit2, so no `git` binary is needed and
//! nothing touches the network.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use git2::{IndexAddOption, Repository, RepositoryInitOptions, Signature};

use crate::settings::Author;

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

/// Stage everything git would add (`.gitignore` respected, so `.env` stays
/// out) and make the first commit. Returns the commit id.
pub fn commit_all(repo: &Repository, author: &Author, message: &str) -> Result<String> {
    let mut index = repo.index().context("failed to open the git index")?;
    index
        .add_all(["*"], IndexAddOption::DEFAULT, None)
        .context("failed to stage the generated files")?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_commit_lands_on_main_and_skips_ignored_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".gitignore"), ".env\n").unwrap();
        std::fs::write(dir.path().join(".env"), "SECRET=1\n").unwrap();
        std::fs::write(dir.path().join("README.md"), "# hi\n").unwrap();
        let repo = init(dir.path()).unwrap();
        let author = Author {
            name: "Ada \"Countess\" 🎉".into(),
            email: "ada@example.com".into(),
        };
        commit_all(&repo, &author, "Initial commit").unwrap();

        let head = repo.head().unwrap();
        assert_eq!(head.shorthand().unwrap(), BRANCH);
        let tree = head.peel_to_tree().unwrap();
        let names: Vec<_> = tree
            .iter()
            .map(|entry| entry.name().unwrap().to_owned())
            .collect();
        assert_eq!(names, [".gitignore", "README.md"]);
        let commit = head.peel_to_commit().unwrap();
        assert_eq!(commit.author().name().unwrap(), "Ada \"Countess\" 🎉");
    }
}
