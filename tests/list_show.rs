//! `folio list`, `folio show` and `folio completions`: what a learner reads
//! before generating anything, and the JSON tools read instead.

use pretty_assertions::assert_eq;

use crate::support::{Folio, assert_usage_error, json_shape, parse_json, stderr, stdout};

fn run(folio: &Folio, args: &[&str]) -> String {
    let output = folio.command().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "folio {args:?}: {}",
        stderr(&output)
    );
    assert_eq!(stderr(&output), "");
    stdout(&output)
}

#[test]
fn list_groups_projects_by_level() {
    let out = run(&Folio::new(), &["list"]);
    assert!(out.starts_with("Beginner — "), "{out}");
    let todo = out
        .lines()
        .find(|line| line.trim_start().starts_with("todo-api "))
        .unwrap_or_else(|| panic!("no todo-api in:\n{out}"));
    assert!(todo.contains("python"), "{todo}");
    assert!(
        out.contains("Intermediate — ") && out.contains("Advanced — "),
        "{out}"
    );
    assert!(
        out.ends_with("Generate: `folio new PROJECT --stack STACK --name NAME`.\n"),
        "{out}"
    );
}

#[test]
fn list_filters_by_level_and_stack() {
    let folio = Folio::new();
    let beginner = run(&folio, &["list", "--level", "beginner"]);
    assert!(beginner.contains("todo-api"), "{beginner}");
    assert!(!beginner.contains("Advanced — "), "{beginner}");

    let python = parse_json(&run(&folio, &["list", "--stack", "python", "--json"]));
    let projects = python["projects"].as_array().unwrap();
    assert!(projects.iter().any(|project| project["id"] == "todo-api"));
    assert!(
        projects.iter().all(|project| project["stacks"]
            .as_array()
            .unwrap()
            .contains(&"python".into())),
        "{python:#}"
    );
}

#[test]
fn list_with_an_unknown_level_suggests_the_close_one() {
    let folio = Folio::new();
    let err = assert_usage_error(
        &folio
            .command()
            .args(["list", "--level", "begginer"])
            .output()
            .unwrap(),
    );
    assert!(
        err.starts_with("error: unknown level `begginer`\n"),
        "{err}"
    );
    assert!(err.contains("did you mean `beginner`?"), "{err}");

    let err = assert_usage_error(
        &folio
            .command()
            .args(["list", "--stack", "cobol"])
            .output()
            .unwrap(),
    );
    assert!(err.contains("choose one of: `python`"), "{err}");
}

#[test]
fn list_json_shape() {
    let folio = Folio::new();
    let report = parse_json(&run(&folio, &["list", "--json"]));
    assert_eq!(
        report["levels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|level| level["id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["beginner", "intermediate", "advanced"]
    );
    insta::assert_snapshot!(
        "list_json_shape",
        serde_json::to_string_pretty(&json_shape(&report)).unwrap()
    );
}

#[test]
fn show_explains_a_project_and_how_to_generate_it() {
    let out = run(&Folio::new(), &["show", "todo-api"]);
    assert!(
        out.starts_with("Todo List API (todo-api) — beginner, about "),
        "{out}"
    );
    for section in [
        "Skills: ",
        "Stacks: python (Python · FastAPI)",
        "Option --db: sqlite | postgres (default sqlite)",
        "\nEndpoints:\n",
        "\nTrade-offs:\n",
        "\nNext milestones:\n",
    ] {
        assert!(out.contains(section), "no `{section}` in:\n{out}");
    }
    assert!(
        out.ends_with("Generate it: folio new todo-api --stack python --name my-todo-api\n"),
        "{out}"
    );
}

#[test]
fn show_json_shape() {
    let folio = Folio::new();
    let report = parse_json(&run(&folio, &["show", "todo-api", "--json"]));
    assert_eq!(report["id"], "todo-api");
    assert_eq!(report["stacks"][0]["id"], "python");
    insta::assert_snapshot!(
        "show_json_shape",
        serde_json::to_string_pretty(&json_shape(&report)).unwrap()
    );
}

#[test]
fn show_unknown_project_suggests_the_close_one() {
    let err = assert_usage_error(
        &Folio::new()
            .command()
            .args(["show", "todo-apy"])
            .output()
            .unwrap(),
    );
    assert!(err.contains("did you mean `todo-api`?"), "{err}");
}

#[test]
fn completions_for_bash_mention_folio() {
    let out = run(&Folio::new(), &["completions", "bash"]);
    assert!(
        out.contains("_folio()") && out.contains("complete -F _folio"),
        "{}",
        &out[..out.len().min(400)]
    );
    assert!(out.contains("--stack"), "subcommand flags are completed");
}
