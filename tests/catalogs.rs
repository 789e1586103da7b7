//! Catalogs other than the built-in one (`--catalog DIR`, `FOLIO_CATALOG`),
//! and the option flags `new` builds from whichever catalog it reads: the
//! fixture in `tests/fixtures/cache-catalog` declares `cache = memory |
//! redis`, an option the built-in catalog does not have.

use std::fs;
use std::path::{Path, PathBuf};

use crate::bad_input::refused;
use crate::support::{AUTHOR, Folio, assert_usage_error, parse_json, stderr, stdout, succeed};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cache-catalog")
}

/// `folio new weather-api --stack python --name weather --catalog FIXTURE` plus `extra`.
fn new_weather(folio: &Folio, extra: &[&str]) -> assert_cmd::Command {
    let mut command = folio.command();
    command
        .args([
            "new",
            "weather-api",
            "--stack",
            "python",
            "--name",
            "weather",
        ])
        .args(["--author", AUTHOR, "--git", "none", "--catalog"])
        .arg(fixture())
        .args(extra);
    command
}

#[test]
fn an_option_of_the_catalog_is_a_flag_of_new() {
    let folio = Folio::new();
    succeed(&mut new_weather(
        &folio,
        &["--cache", "redis", "--no-input"],
    ));
    let dir = folio.work().join("weather");
    assert_eq!(
        fs::read_to_string(dir.join("cache.py")).unwrap(),
        "BACKEND = \"redis\"\nDATABASE = \"sqlite\"\n"
    );
    assert!(
        dir.join("compose.yml").is_file(),
        "`--cache redis` wrote no compose file"
    );

    let answers = fs::read_to_string(dir.join(".folio.toml")).unwrap();
    assert!(
        answers.contains("catalog = \"cache-test\"\ncatalog_version = \"1.0.0\"\n"),
        "{answers}"
    );
    assert!(answers.contains("cache = \"redis\""), "{answers}");
}

#[test]
fn the_default_of_the_option_applies_without_its_flag() {
    let folio = Folio::new();
    let output = succeed(&mut new_weather(&folio, &["--dry-run", "--json"]));
    let report = parse_json(&stdout(&output));
    assert_eq!(
        report["options"],
        serde_json::json!({ "cache": "memory", "db": "sqlite" })
    );
}

#[test]
fn folio_catalog_names_the_catalog_too() {
    let folio = Folio::new();
    let output = succeed(folio.command().arg("list").env("FOLIO_CATALOG", fixture()));
    let listed = stdout(&output);
    assert!(listed.contains("weather-api"), "{listed}");
    assert!(!listed.contains("todo-api"), "{listed}");

    let output = succeed(
        folio
            .command()
            .args(["show", "weather-api"])
            .env("FOLIO_CATALOG", fixture()),
    );
    assert!(
        stdout(&output).contains("Option --cache: memory | redis (default memory)"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn help_lists_the_option_flags_of_the_catalog_with_their_values() {
    let folio = Folio::new();
    let output = succeed(
        folio
            .command()
            .args(["new", "--help", "--catalog"])
            .arg(fixture()),
    );
    let help = stdout(&output);
    assert!(
        help.contains("Project options (from the catalog):"),
        "{help}"
    );
    assert!(help.contains("--cache <CACHE>"), "{help}");
    assert!(help.contains("Cache [projects: weather-api]"), "{help}");
    assert!(help.contains("- redis:"), "{help}");

    // The built-in catalog's own options are listed, weather-api's cache among them.
    let output = succeed(folio.command().args(["new", "--help"]));
    let help = stdout(&output);
    for flag in [
        "--db <DB>",
        "--cache <CACHE>",
        "--ci <CI>",
        "--license <LICENSE>",
    ] {
        assert!(help.contains(flag), "{help}");
    }
}

#[test]
fn completions_offer_option_values_project_and_stack_ids() {
    let folio = Folio::new();
    for shell in ["bash", "zsh"] {
        let output = succeed(
            folio
                .command()
                .args(["completions", shell, "--catalog"])
                .arg(fixture()),
        );
        let script = stdout(&output);
        for word in [
            "--cache",
            "memory",
            "redis",
            "weather-api",
            "notes",
            "python",
        ] {
            assert!(script.contains(word), "{shell} completions lack `{word}`");
        }
    }
}

#[test]
fn an_option_the_project_lacks_is_refused_naming_its_options() {
    let folio = Folio::new();
    let stderr = refused(
        &folio,
        folio
            .command()
            .args([
                "new",
                "notes",
                "--stack",
                "python",
                "--name",
                "my-notes",
                "--cache",
                "redis",
                "--catalog",
            ])
            .arg(fixture()),
    );
    assert!(
        stderr.starts_with("error: project `notes` has no `--cache` option\n"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: its options are: `--db`"), "{stderr}");
}

#[test]
fn a_value_the_option_lacks_is_refused_with_a_suggestion() {
    let folio = Folio::new();
    let stderr = refused(&folio, &mut new_weather(&folio, &["--cache", "reddis"]));
    assert!(
        stderr.starts_with("error: `--cache` has no value `reddis`\n"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: did you mean `redis`?"), "{stderr}");
}

#[test]
fn an_unknown_flag_is_refused_with_a_suggestion() {
    let folio = Folio::new();
    let stderr = refused(&folio, &mut new_weather(&folio, &["--cahce", "redis"]));
    assert!(
        stderr.starts_with("error: unknown flag `--cahce`\n"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: did you mean `--cache`?"), "{stderr}");

    let stderr = refused(
        &folio,
        folio.command().args([
            "new", "todo-api", "--stack", "python", "--name", "x", "--cache", "redis",
        ]),
    );
    // `--cache` is weather-api's: todo-api says which options it has instead.
    assert!(
        stderr.starts_with("error: project `todo-api` has no `--cache` option\n"),
        "{stderr}"
    );
    assert!(stderr.contains("`folio show todo-api` lists"), "{stderr}");
}

#[test]
fn the_options_are_asked_in_catalog_order() {
    use folio::prompt::{Scripted, ScriptedPrompter};
    let source = folio::source::Source::open(Some(&fixture())).unwrap();
    let catalog = source.catalog().unwrap();
    let cli = folio::cli::parse_from(
        Some(&catalog),
        [
            "folio",
            "new",
            "weather-api",
            "--stack",
            "python",
            "--name",
            "weather",
            "--dry-run",
            "--author",
            AUTHOR,
        ],
    )
    .unwrap();
    let folio::cli::Command::New(args) = cli.command else {
        unreachable!()
    };
    let mut prompter = ScriptedPrompter::new([
        Scripted::Default,
        Scripted::Select("Redis"),
        Scripted::Confirm(false),
    ]);
    folio::commands::new::generate(&args, &source, Some(&mut prompter)).unwrap();
    // `cache` sorts before `db`; the catalog declares `db` first.
    assert_eq!(prompter.asked, ["Database", "Cache", "Generate it?"]);
}

#[test]
fn a_missing_catalog_directory_is_refused() {
    let folio = Folio::new();
    let stderr = refused(
        &folio,
        folio.command().args(["list", "--catalog", "no-such-dir"]),
    );
    assert!(
        stderr.starts_with("error: catalog directory `no-such-dir` does not exist\n"),
        "{stderr}"
    );
}

#[test]
fn a_file_given_as_the_catalog_is_refused() {
    let folio = Folio::new();
    let file = folio.work().join("catalog.toml");
    fs::write(&file, "").unwrap();
    let output = folio
        .command()
        .args(["new", "--catalog", "catalog.toml"])
        .output()
        .unwrap();
    let stderr = assert_usage_error(&output);
    assert!(
        stderr.starts_with("error: catalog `catalog.toml` is a file, not a directory\n"),
        "{stderr}"
    );
    assert_eq!(crate::support::entries(&folio.work()), ["catalog.toml"]);
}

#[test]
fn a_broken_catalog_names_file_line_and_problem_and_writes_nothing() {
    let folio = Folio::new();
    let dir = folio.root().join("broken");
    fs::create_dir(&dir).unwrap();
    let text = fs::read_to_string(fixture().join("catalog.toml"))
        .unwrap()
        .replace("hours = 4", "hours = \"four\"");
    let line = text
        .lines()
        .position(|line| line == "hours = \"four\"")
        .unwrap()
        + 1;
    fs::write(dir.join("catalog.toml"), text).unwrap();
    for command in [
        vec!["list"],
        vec!["show", "weather-api"],
        vec!["new", "weather-api"],
    ] {
        let output = folio
            .command()
            .args(&command)
            .env("FOLIO_CATALOG", &dir)
            .output()
            .unwrap();
        let stderr = assert_usage_error(&output);
        let location = format!("{}:{line}:", dir.join("catalog.toml").display());
        assert!(
            stderr.starts_with(&format!("error: broken catalog: {location}")),
            "{command:?}: {stderr}"
        );
        assert!(stderr.contains("folio check --catalog"), "{stderr}");
    }
    assert!(crate::support::entries(&folio.work()).is_empty());
}

#[test]
fn replaying_with_another_catalog_is_refused() {
    let folio = Folio::new();
    succeed(&mut new_weather(&folio, &["--no-input"]));
    let answers = folio.work().join("weather/.folio.toml");

    // Recorded from the fixture, replayed with the built-in catalog.
    let stderr = refused(
        &folio,
        folio
            .command()
            .args(["new", "--no-input", "--output", "again", "--answers"])
            .arg(&answers),
    );
    assert!(
        stderr.contains(
            "was generated from catalog `cache-test`; this run uses the built-in catalog"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: replay it with `--catalog DIR`"),
        "{stderr}"
    );

    // And the other way round.
    let (_, todo) = folio.generate("my-todo", &["--author", AUTHOR, "--git", "none"]);
    let stderr = refused(
        &folio,
        folio
            .command()
            .args(["new", "--no-input", "--output", "again", "--answers"])
            .arg(todo.join(".folio.toml"))
            .arg("--catalog")
            .arg(fixture()),
    );
    assert!(
        stderr.contains(
            "was generated from the built-in catalog; this run uses catalog `cache-test` 1.0.0"
        ),
        "{stderr}"
    );

    // The same catalog replays to the same tree.
    succeed(
        folio
            .command()
            .args([
                "new",
                "--no-input",
                "--git",
                "none",
                "--output",
                "again",
                "--answers",
            ])
            .arg(&answers)
            .arg("--catalog")
            .arg(fixture()),
    );
    assert_eq!(
        crate::support::files(&folio.work().join("again")),
        crate::support::files(&folio.work().join("weather"))
    );
    let _ = stderr;
}

#[test]
fn check_reads_the_catalog_given() {
    let folio = Folio::new();
    let output = succeed(folio.command().args(["check", "--catalog"]).arg(fixture()));
    assert!(
        stdout(&output).starts_with("ok: 2 projects, 6 combinations"),
        "{}",
        stdout(&output)
    );
    let _ = stderr(&output);
}
