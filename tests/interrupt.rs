//! Ctrl-C while a project is being written leaves nothing behind.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::{Folio, PROJECT, STACK, entries};

/// The staging directory once its commit is made, i.e. once folio is paused
/// just before the rename.
fn committed_staging_dir(parent: &Path) -> Option<PathBuf> {
    entries(parent)
        .into_iter()
        .filter(|name| name.starts_with(".folio-"))
        .map(|name| parent.join(name))
        .find(|dir| dir.join(".git/refs/heads/main").exists())
}

#[test]
fn sigint_before_the_rename_leaves_nothing_behind() {
    let folio = Folio::new();
    let target = folio.work().join("interrupted");
    let mut child = folio
        .std_command()
        .args([
            "new",
            PROJECT,
            "--stack",
            STACK,
            "--name",
            "interrupted",
            "--author",
            "Ada <ada@example.com>",
            "--output",
        ])
        .arg(&target)
        .env("FOLIO_TEST_PAUSE_BEFORE_RENAME_MS", "5000")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    let deadline = Instant::now() + Duration::from_secs(20);
    while committed_staging_dir(&folio.work()).is_none() {
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "folio exited ({status}) before the pause: {:?}",
                child.wait_with_output().unwrap()
            );
        }
        assert!(
            Instant::now() < deadline,
            "no staging directory appeared in {}",
            folio.work().display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();

    assert_eq!(
        output.status.code(),
        Some(130),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!target.exists(), "the target was created");
    assert_eq!(
        entries(&folio.work()),
        Vec::<String>::new(),
        "something was left behind"
    );
}
