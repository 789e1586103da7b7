//! Every way a user can ask for something folio must refuse: exit code 2, a
//! message in house style, and nothing written.

use std::fs;
use std::path::Path;

use crate::support::{Folio, PROJECT, STACK, assert_usage_error, entries};

/// Runs `prepare`d `folio` and asserts it refused with a usage error and left
/// the working directory (and its parent) as it found them. Returns stderr.
pub fn refused(folio: &Folio, command: &mut assert_cmd::Command) -> String {
    let work_before = entries(&folio.work());
    let root_before = entries(folio.root());
    let output = command.output().unwrap();
    let stderr = assert_usage_error(&output);
    assert_eq!(
        entries(&folio.work()),
        work_before,
        "something was written:\n{stderr}"
    );
    assert_eq!(
        entries(folio.root()),
        root_before,
        "something was written beside the working directory:\n{stderr}"
    );
    assert!(
        output.stdout.is_empty(),
        "a refused command printed to stdout: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    stderr
}

fn new_with_name(folio: &Folio, name_flag: &str) -> String {
    refused(
        folio,
        folio
            .command()
            .args(["new", PROJECT, "--stack", STACK, name_flag]),
    )
}

#[test]
fn invalid_names_are_refused_with_the_reason_and_a_suggestion() {
    let long = "a".repeat(300);
    let cases: &[(&str, &str, Option<&str>)] = &[
        ("", "project name is empty", None),
        (".", "is a path, not a name", None),
        ("..", "is a path, not a name", None),
        ("a/b", "is a path, not a name", Some("a-b")),
        ("-x", "starts with `-`", Some("x-app")),
        (&long, "300 characters long; the limit is 64", None),
        ("my todo", "contains whitespace", Some("my-todo")),
        ("café", "non-ASCII character `é`", Some("caf")),
        (
            "json",
            "would shadow a keyword, a standard module or a dependency",
            Some("json-app"),
        ),
        (
            "class",
            "would shadow a keyword, a standard module or a dependency",
            Some("class-app"),
        ),
    ];
    for (name, reason, suggestion) in cases {
        let folio = Folio::new();
        let stderr = new_with_name(&folio, &format!("--name={name}"));
        assert!(
            stderr.contains(reason),
            "{name:?}: expected {reason:?} in:\n{stderr}"
        );
        if let Some(suggestion) = suggestion {
            assert!(
                stderr.contains(&format!("try `--name {suggestion}`")),
                "{name:?}: expected the suggestion {suggestion:?} in:\n{stderr}"
            );
        }
    }
}

#[test]
fn a_very_long_name_is_not_echoed_back_whole() {
    let folio = Folio::new();
    let stderr = new_with_name(&folio, &format!("--name={}", "a".repeat(300)));
    assert!(
        !stderr.contains(&"a".repeat(65)),
        "the whole name was echoed back:\n{stderr}"
    );
}

#[test]
fn unknown_project_suggests_the_close_one() {
    let folio = Folio::new();
    let stderr = refused(
        &folio,
        folio
            .command()
            .args(["new", "todo-apy", "--stack", STACK, "--name", "my-app"]),
    );
    assert!(
        stderr.starts_with("error: unknown project `todo-apy`\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: did you mean `todo-api`?"),
        "{stderr}"
    );
}

#[test]
fn unknown_stack_suggests_the_close_one() {
    let folio = Folio::new();
    let stderr = refused(
        &folio,
        folio
            .command()
            .args(["new", PROJECT, "--stack", "pyhton", "--name", "my-app"]),
    );
    assert!(
        stderr.starts_with("error: unknown stack `pyhton`\n"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `python`?"), "{stderr}");
}

#[test]
fn unknown_option_values_list_the_known_ones() {
    for (flag, value, known) in [
        ("--db", "mysql", "`sqlite`, `postgres`"),
        ("--license", "gpl", "`mit`, `apache-2.0`, `none`"),
    ] {
        let folio = Folio::new();
        let stderr = refused(
            &folio,
            folio.command().args([
                "new", PROJECT, "--stack", STACK, "--name", "my-app", flag, value,
            ]),
        );
        let first_line = stderr.lines().next().unwrap();
        assert!(
            first_line.contains(&format!("`{flag}`")) && first_line.contains(&format!("`{value}`")),
            "the error names neither the flag nor the value:\n{stderr}"
        );
        assert!(
            stderr.contains(&format!("hint: choose one of: {known}")),
            "{stderr}"
        );
    }
}

/// The built-in catalog with every project's `stacks = [...]` line replaced.
fn catalog_with_stacks(stacks: &str) -> folio::source::Source {
    let mut source = folio::source::Source::embedded();
    let lines: Vec<&str> = source
        .catalog_text
        .lines()
        .map(|line| {
            if line.starts_with("stacks = [") {
                stacks
            } else {
                line
            }
        })
        .collect();
    source.catalog_text = std::borrow::Cow::Owned(lines.join("\n"));
    source
}

/// `folio new PROJECT --stack STACK --name my-app --dry-run` on `source`: its usage error.
fn usage_error(source: &folio::source::Source, stack: &str) -> folio::error::UsageError {
    let catalog = source.catalog().unwrap();
    let cli = folio::cli::parse_from(
        Some(&catalog),
        [
            "folio",
            "new",
            PROJECT,
            "--stack",
            stack,
            "--name",
            "my-app",
            "--dry-run",
        ],
    )
    .unwrap();
    let folio::cli::Command::New(args) = cli.command else {
        unreachable!()
    };
    let error = folio::commands::new::generate(&args, source, None).unwrap_err();
    error
        .downcast::<folio::error::UsageError>()
        .expect("a usage error")
}

#[test]
fn project_without_a_verified_stack_is_refused() {
    // Every project of the built-in catalog has a stack by now: take them away.
    let usage = usage_error(&catalog_with_stacks("stacks = []"), STACK);
    assert_eq!(
        usage.message,
        format!("project `{PROJECT}` has no verified stack yet")
    );
    assert!(usage.hint.contains("folio list"), "{}", usage.hint);
}

#[test]
fn project_in_a_stack_it_is_not_available_in_is_refused() {
    // Every project has every stack by now: leave only Python.
    let usage = usage_error(&catalog_with_stacks(r#"stacks = ["python"]"#), "typescript");
    assert_eq!(
        usage.message,
        "project `todo-api` is not available in stack `typescript`"
    );
    assert!(
        usage.hint.contains("it is available in: `python`"),
        "{}",
        usage.hint
    );
}

#[test]
fn target_that_is_a_file_is_refused_and_kept() {
    let folio = Folio::new();
    fs::write(folio.work().join("my-app"), "mine\n").unwrap();
    let stderr = refused(&folio, &mut folio.new_project("my-app"));
    assert!(stderr.contains("exists and is not a directory"), "{stderr}");
    assert_eq!(
        fs::read_to_string(folio.work().join("my-app")).unwrap(),
        "mine\n"
    );
}

#[test]
fn non_empty_target_without_force_is_refused_and_kept() {
    let folio = Folio::new();
    fs::create_dir(folio.work().join("my-app")).unwrap();
    fs::write(folio.work().join("my-app/notes.txt"), "mine\n").unwrap();
    let stderr = refused(&folio, &mut folio.new_project("my-app"));
    assert!(
        stderr.contains("already exists and is not empty"),
        "{stderr}"
    );
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(entries(&folio.work().join("my-app")), ["notes.txt"]);
}

/// With `--force`, a directory where folio writes a file would stop the
/// merge half-way: it is refused before anything moves.
#[test]
fn force_with_a_directory_in_the_way_of_a_file_is_refused_and_kept() {
    let folio = Folio::new();
    let dir = folio.work().join("my-app");
    fs::create_dir_all(dir.join(".folio.toml")).unwrap();
    fs::write(dir.join("notes.txt"), "mine\n").unwrap();
    let stderr = refused(
        &folio,
        folio
            .new_project("my-app")
            .args(["--force", "--author", "Ada <ada@example.com>"]),
    );
    assert!(
        stderr.contains("is in the way of `.folio.toml`"),
        "{stderr}"
    );
    assert_eq!(entries(&dir), [".folio.toml", "notes.txt"]);
    assert!(entries(&dir.join(".folio.toml")).is_empty());
}

#[test]
fn missing_parent_directory_is_refused() {
    let folio = Folio::new();
    let target = folio.work().join("missing/my-app");
    let stderr = refused(
        &folio,
        folio
            .command()
            .args([
                "new", PROJECT, "--stack", STACK, "--name", "my-app", "--output",
            ])
            .arg(&target),
    );
    assert!(stderr.contains("does not exist"), "{stderr}");
    assert!(stderr.contains("mkdir -p"), "{stderr}");
}

/// Tests run as root, so permission bits stop nothing: sysfs refuses to
/// create directories even for root (EPERM, or EROFS where it is mounted
/// read-only, as in most containers).
#[test]
fn parent_that_cannot_be_written_is_a_usage_error() {
    let sys = Path::new("/sys");
    if fs::create_dir(sys.join("folio-probe")).is_ok() {
        let _ = fs::remove_dir(sys.join("folio-probe"));
        panic!("/sys is writable here: this test needs a directory no one can write to");
    }
    let folio = Folio::new();
    let before = entries(sys);
    let output = folio
        .command()
        .args([
            "new",
            PROJECT,
            "--stack",
            STACK,
            "--name",
            "my-app",
            "--author",
            "Ada <ada@example.com>",
        ])
        .args(["--output", "/sys/folio-test-my-app"])
        .output()
        .unwrap();
    let stderr = assert_usage_error(&output);
    assert!(stderr.contains("cannot write in `/sys`"), "{stderr}");
    assert_eq!(entries(sys), before);
    assert!(entries(&folio.work()).is_empty());
}

fn answers_file(folio: &Folio, text: &str) -> std::path::PathBuf {
    let path = folio.home().join("answers.toml");
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn malformed_answers_file_names_the_line() {
    let folio = Folio::new();
    let path = answers_file(
        &folio,
        "[answers]\nproject = \"todo-api\"\nstack = \"python\n",
    );
    let stderr = refused(
        &folio,
        folio
            .command()
            .args(["new", "--name", "my-app", "--answers"])
            .arg(&path),
    );
    assert!(
        stderr.contains(&format!("answers file `{}` line 3", path.display())),
        "{stderr}"
    );
}

#[test]
fn answers_file_with_an_unknown_key_is_refused() {
    let folio = Folio::new();
    let path = answers_file(&folio, "[answers]\nprojet = \"todo-api\"\n");
    let stderr = refused(
        &folio,
        folio
            .command()
            .args(["new", "--name", "my-app", "--answers"])
            .arg(&path),
    );
    assert!(stderr.contains("projet"), "{stderr}");
    assert!(stderr.contains("line 2"), "{stderr}");
}

#[test]
fn answers_file_naming_a_project_the_catalog_lacks_is_refused() {
    let folio = Folio::new();
    let path = answers_file(
        &folio,
        "[answers]\nproject = \"todo-apx\"\nstack = \"python\"\n",
    );
    let stderr = refused(
        &folio,
        folio
            .command()
            .args(["new", "--name", "my-app", "--answers"])
            .arg(&path),
    );
    assert!(
        stderr.contains("names an unknown project `todo-apx`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `todo-api`?"), "{stderr}");
}

#[test]
fn missing_answers_file_is_refused() {
    let folio = Folio::new();
    let stderr = refused(
        &folio,
        folio
            .command()
            .args(["new", "--name", "my-app", "--answers", "nowhere.toml"]),
    );
    assert!(
        stderr.contains("cannot read answers file `nowhere.toml`"),
        "{stderr}"
    );
}

#[test]
fn without_a_terminal_every_missing_flag_is_named_at_once() {
    let folio = Folio::new();
    let stderr = refused(&folio, folio.command().arg("new"));
    assert!(
        stderr.starts_with("error: missing PROJECT, --stack, --name (there is no terminal"),
        "{stderr}"
    );
    assert!(
        stderr.contains("e.g. `folio new todo-api --stack python --name my-todo-api`"),
        "{stderr}"
    );

    let stderr = refused(&folio, folio.command().args(["new", PROJECT]));
    assert!(
        stderr.starts_with("error: missing --stack, --name ("),
        "{stderr}"
    );
}

#[test]
fn with_ci_set_nothing_is_asked() {
    let folio = Folio::new();
    let stderr = refused(
        &folio,
        folio
            .command()
            .env("CI", "true")
            .args(["new", PROJECT, "--stack", STACK]),
    );
    assert!(
        stderr.starts_with("error: missing --name (CI is set)"),
        "{stderr}"
    );
}

#[test]
fn no_input_with_every_flag_missing_names_them_all() {
    let folio = Folio::new();
    let stderr = refused(&folio, folio.command().args(["new", "--no-input"]));
    assert!(
        stderr.contains("missing PROJECT, --stack, --name"),
        "{stderr}"
    );
}

#[test]
fn author_without_an_email_is_refused() {
    let folio = Folio::new();
    let stderr = refused(
        &folio,
        folio.command().args([
            "new", PROJECT, "--stack", STACK, "--name", "my-app", "--author", "Ada",
        ]),
    );
    assert!(
        stderr.contains("author `Ada` is not of the form `Name <email>`"),
        "{stderr}"
    );
}

#[test]
fn author_on_two_lines_is_refused() {
    let folio = Folio::new();
    let stderr = refused(
        &folio,
        folio.command().args([
            "new",
            PROJECT,
            "--stack",
            STACK,
            "--name",
            "my-app",
            "--author",
            "Ada\nLovelace <ada@example.com>",
        ]),
    );
    assert!(
        stderr.contains("spans lines or holds control characters"),
        "{stderr}"
    );
}

#[test]
fn an_answers_file_value_the_option_lacks_is_refused_unless_a_flag_overrides_it() {
    let folio = Folio::new();
    let path = answers_file(
        &folio,
        "[answers]\nproject = \"todo-api\"\nstack = \"python\"\nname = \"from-file\"\n\n[answers.options]\ndb = \"mysql\"\n",
    );
    let stderr = refused(
        &folio,
        folio
            .command()
            .args(["new", "--no-input", "--dry-run", "--answers"])
            .arg(&path),
    );
    assert!(
        stderr.starts_with(
            "error: the answers file sets `db` to `mysql`, which is not one of its values\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: choose one of: `sqlite`, `postgres`"),
        "{stderr}"
    );

    let output = folio
        .command()
        .args([
            "new",
            "--no-input",
            "--dry-run",
            "--db",
            "postgres",
            "--answers",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
