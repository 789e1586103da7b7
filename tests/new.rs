//! `folio new` when everything it is asked is valid: the tree, the reports
//! (`--dry-run`, `--json`), the answers file that reproduces it, and text a
//! user typed landing safely in every file.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Output;

use pretty_assertions::assert_eq;

use crate::support::{
    AUTHOR, Folio, entries, files, json_shape, parse_json, stderr, stdout, succeed,
};

const HOSTILE_DESCRIPTION: &str = "He said \"hi\" \\ {{x}} ${{ y }} 🎉\nsecond line";
const HOSTILE_AUTHOR: &str = "Zoë \"Z\" O'Brien \\ 🎉 <z@example.com>";

#[test]
fn dry_run_writes_nothing_and_prints_the_tree() {
    let folio = Folio::new();
    let output = succeed(
        folio
            .new_project("dry")
            .args(["--dry-run", "--author", AUTHOR]),
    );
    assert!(
        entries(&folio.work()).is_empty(),
        "a dry run wrote {:?}",
        entries(&folio.work())
    );
    assert_eq!(stderr(&output), "");
    folio
        .snapshot_settings()
        .bind(|| insta::assert_snapshot!("dry_run_tree", stdout(&output)));
}

/// The `--json` report with the (template-dependent) file list reduced to its shape.
fn report_shape(folio: &Folio, output: &Output) -> (String, serde_json::Value) {
    let mut report = parse_json(&stdout(output));
    let files = report["files"].clone();
    report["files"] = json_shape(&files);
    (
        folio.filter(&serde_json::to_string_pretty(&report).unwrap()),
        files,
    )
}

#[test]
fn json_report_of_a_generation() {
    let folio = Folio::new();
    let (output, dir) = folio.generate("json-report", &["--json", "--author", AUTHOR]);
    let (shape, listed) = report_shape(&folio, &output);

    let on_disk = files(&dir);
    let listed: BTreeMap<String, u64> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|file| {
            (
                file["path"].as_str().unwrap().to_owned(),
                file["bytes"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected: BTreeMap<String, u64> = on_disk
        .iter()
        .map(|(path, bytes)| (path.clone(), bytes.len() as u64))
        .collect();
    assert_eq!(
        listed, expected,
        "`files` lists exactly what was written, with sizes"
    );
    let head = folio.git(&dir, ["rev-parse", "HEAD"]);
    assert_eq!(parse_json(&stdout(&output))["git"]["commit"], head.trim());

    folio
        .snapshot_settings()
        .bind(|| insta::assert_snapshot!("json_report", shape));
}

#[test]
fn json_report_of_a_dry_run() {
    let folio = Folio::new();
    let output = succeed(folio.new_project("json-dry").args([
        "--dry-run",
        "--json",
        "--db",
        "postgres",
        "--author",
        AUTHOR,
    ]));
    assert!(entries(&folio.work()).is_empty());
    let (shape, _) = report_shape(&folio, &output);
    folio
        .snapshot_settings()
        .bind(|| insta::assert_snapshot!("json_report_dry_run", shape));
}

#[test]
fn json_report_without_git_has_no_branch_and_no_commit() {
    let folio = Folio::new();
    let (output, _) = folio.generate(
        "json-no-git",
        &["--json", "--git", "none", "--author", AUTHOR],
    );
    let report = parse_json(&stdout(&output));
    assert_eq!(
        report["git"],
        serde_json::json!({ "mode": "none", "branch": null, "commit": null })
    );
}

#[test]
fn flags_win_over_the_answers_file() {
    let folio = Folio::new();
    let answers = folio.home().join("answers.toml");
    fs::write(
        &answers,
        "[folio]\ncatalog = \"1999.1.0\"\n\n[answers]\nproject = \"todo-api\"\nstack = \"python\"\nname = \"from-file\"\n\n[answers.options]\ndb = \"postgres\"\nci = \"none\"\n",
    )
    .unwrap();
    let output = succeed(
        folio
            .command()
            .args([
                "new",
                "--dry-run",
                "--json",
                "--db",
                "sqlite",
                "--author",
                AUTHOR,
                "--answers",
            ])
            .arg(&answers)
            .args(["--output", "elsewhere"]),
    );
    let report = parse_json(&stdout(&output));
    assert_eq!(report["name"], "from-file");
    assert_eq!(report["target"], "elsewhere");
    assert_eq!(
        report["options"],
        serde_json::json!({ "ci": "none", "db": "sqlite", "license": "mit" })
    );
    let err = stderr(&output);
    assert!(
        err.starts_with("warning: ") && err.contains("was written with catalog 1999.1.0"),
        "{err}"
    );
}

#[test]
fn generated_file_list_of_the_default_todo_api() {
    let folio = Folio::new();
    let (_, dir) = folio.generate("my-todo", &["--author", AUTHOR]);
    let listed: Vec<String> = files(&dir)
        .keys()
        .map(|path| {
            let executable =
                fs::metadata(dir.join(path)).unwrap().permissions().mode() & 0o111 != 0;
            if executable {
                format!("{path} (executable)")
            } else {
                path.clone()
            }
        })
        .collect();
    insta::assert_snapshot!("default_file_list", listed.join("\n"));
}

#[test]
fn answers_file_reproduces_the_tree_byte_for_byte() {
    let folio = Folio::new();
    let (_, first) = folio.generate(
        "original",
        &[
            "--db",
            "postgres",
            "--ci",
            "none",
            "--license",
            "apache-2.0",
            "--description",
            HOSTILE_DESCRIPTION,
            "--author",
            HOSTILE_AUTHOR,
        ],
    );
    let answers = first.join(".folio.toml");
    let second = folio.work().join("replayed");
    succeed(
        folio
            .command()
            .args(["new", "--no-input", "--answers"])
            .arg(&answers)
            .arg("--output")
            .arg(&second),
    );

    let mut original = files(&first);
    let mut replayed = files(&second);
    let (env_original, env_replayed) = (
        original.remove(".env").expect("`.env` written"),
        replayed.remove(".env").expect("`.env` written"),
    );
    assert_eq!(
        original.keys().collect::<Vec<_>>(),
        replayed.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &original {
        assert!(
            bytes == &replayed[path],
            "`{path}` differs after a replay:\n{}\n---\n{}",
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&replayed[path])
        );
        let mode = |dir: &Path| fs::metadata(dir.join(path)).unwrap().permissions().mode() & 0o111;
        assert_eq!(
            mode(&first),
            mode(&second),
            "`{path}` changed executable bit"
        );
    }
    assert_eq!(
        env_original.len(),
        env_replayed.len(),
        "`.env` has the same shape, with fresh secrets"
    );

    // Same blobs and modes in both commits.
    assert_eq!(
        folio.git(&first, ["ls-files", "--stage"]),
        folio.git(&second, ["ls-files", "--stage"])
    );
    assert_eq!(folio.head_author(&second), folio.head_author(&first));
}

#[test]
fn hostile_description_and_author_are_escaped_everywhere() {
    let folio = Folio::new();
    let (_, dir) = folio.generate(
        "hostile",
        &[
            "--description",
            HOSTILE_DESCRIPTION,
            "--author",
            HOSTILE_AUTHOR,
        ],
    );
    let written = files(&dir);

    let pyproject: toml::Table =
        toml::from_str(std::str::from_utf8(&written["pyproject.toml"]).unwrap())
            .expect("pyproject.toml parses");
    let project = pyproject["project"].as_table().expect("a [project] table");
    assert_eq!(project["description"].as_str(), Some(HOSTILE_DESCRIPTION));

    let readme = String::from_utf8(written["README.md"].clone()).unwrap();
    assert!(
        readme.contains(&folio::escape::markdown(HOSTILE_DESCRIPTION)),
        "README does not hold the escaped description:\n{readme}"
    );

    let answers =
        folio::answers::AnswersFile::read(&dir.join(".folio.toml")).expect(".folio.toml parses");
    assert_eq!(
        answers.answers.description.as_deref(),
        Some(HOSTILE_DESCRIPTION)
    );
    assert_eq!(answers.answers.author.as_deref(), Some(HOSTILE_AUTHOR));

    assert_eq!(
        folio.git(&dir, ["log", "-1", "--format=%an%n%ae"]),
        "Zoë \"Z\" O'Brien \\ 🎉\nz@example.com\n"
    );
    folio.git(&dir, ["fsck", "--strict", "--no-dangling"]);

    for (path, bytes) in &written {
        let text =
            || std::str::from_utf8(bytes).unwrap_or_else(|_| panic!("`{path}` is not UTF-8"));
        let parsed = match path.rsplit_once('.').map_or("", |(_, extension)| extension) {
            "toml" => toml::from_str::<toml::Table>(text())
                .map(drop)
                .map_err(|error| error.to_string()),
            "json" => serde_json::from_str::<serde_json::Value>(text())
                .map(drop)
                .map_err(|error| error.to_string()),
            "yml" | "yaml" => yaml_rust2::YamlLoader::load_from_str(text())
                .map(drop)
                .map_err(|error| error.to_string()),
            _ => Ok(()),
        };
        assert!(
            parsed.is_ok(),
            "`{path}` does not parse: {parsed:?}\n{}",
            text()
        );
    }
}

/// Every `.env` folio writes holds secrets (auth-service's signing key and
/// admin password among them): mode 0600 in every combination, while
/// `.env.example` keeps the mode of any other file.
#[test]
fn every_env_file_is_private_and_every_example_is_not() {
    let folio = Folio::new();
    let plain = folio.work().join("plain-file");
    fs::write(&plain, "").unwrap();
    let plain_mode = fs::metadata(&plain).unwrap().permissions().mode() & 0o777;
    fs::remove_file(&plain).unwrap();

    let catalog = folio::source::Source::embedded().catalog().unwrap();
    let mut env_files = 0;
    for project in &catalog.projects {
        for stack in &project.stacks {
            let name = format!("{}-{stack}", project.id.get_ref());
            succeed(folio.command().args([
                "new",
                project.id.get_ref(),
                "--stack",
                stack,
                "--name",
                &name,
                "--author",
                AUTHOR,
                "--git",
                "none",
            ]));
            let dir = folio.work().join(&name);
            for path in files(&dir).keys() {
                let file_name = path.rsplit('/').next().unwrap();
                let mode = fs::metadata(dir.join(path)).unwrap().permissions().mode() & 0o777;
                match file_name {
                    ".env" => {
                        env_files += 1;
                        assert_eq!(mode, 0o600, "{name}/{path} is {mode:o}");
                    }
                    ".env.example" => {
                        assert_eq!(mode, plain_mode, "{name}/{path} is {mode:o}");
                    }
                    _ => {}
                }
            }
        }
    }
    assert!(
        env_files >= catalog.projects.len(),
        "only {env_files} `.env` files"
    );
}

/// A later layer's `x.hbs` replaces an earlier layer's `x`: one file per
/// path (job-queue/python's compose file was listed, and written, twice).
#[test]
fn every_path_is_written_once() {
    let folio = Folio::new();
    let catalog = folio::source::Source::embedded().catalog().unwrap();
    for project in &catalog.projects {
        for stack in &project.stacks {
            let output = succeed(folio.command().args([
                "new",
                project.id.get_ref(),
                "--stack",
                stack,
                "--name",
                "my-app",
                "--author",
                AUTHOR,
                "--dry-run",
                "--json",
            ]));
            let report = parse_json(&stdout(&output));
            let paths: Vec<&str> = report["files"]
                .as_array()
                .unwrap()
                .iter()
                .map(|file| file["path"].as_str().unwrap())
                .collect();
            let mut unique = paths.clone();
            unique.dedup();
            assert_eq!(paths, unique, "{}/{stack}", project.id.get_ref());
        }
    }
}

/// The README's "built with" line names a stack's database libraries only where
/// the combination has a database: weather-api caches and stores nothing.
#[test]
fn built_with_names_database_libraries_only_with_a_database() {
    let folio = Folio::new();
    let built_with = |project: &str| {
        let name = project.replace("-api", "");
        let dir = folio.work().join(&name);
        succeed(
            folio
                .command()
                .args(["new", project, "--stack", "go", "--name", &name])
                .args(["--no-input", "--output"])
                .arg(&dir),
        );
        let readme = fs::read_to_string(dir.join("README.md")).unwrap();
        readme
            .lines()
            .find(|line| line.contains("built with"))
            .unwrap()
            .to_owned()
    };
    let todo = built_with("todo-api");
    assert!(
        todo.ends_with("built with net/http, slog, database/sql, goose"),
        "{todo}"
    );
    let weather = built_with("weather-api");
    assert!(weather.ends_with("built with net/http, slog"), "{weather}");
}
