//! `folio check`: the built-in catalog passes, and each kind of mistake a
//! template author makes is reported where it is. Fixtures are copies of the
//! real catalog and templates, made at test time and then broken, so they
//! never go stale.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{Folio, assert_usage_error, stderr, stdout};

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the real catalog and templates, to break.
fn catalog_copy(folio: &Folio) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = folio.root().join("catalog");
    copy_dir(&source.join("templates"), &dir.join("templates"));
    fs::copy(source.join("catalog.toml"), dir.join("catalog.toml")).unwrap();
    dir
}

/// Edits `catalog.toml` in `dir`: replaces the first line equal to `from`
/// (after trimming) by `to`, and returns that line's number.
fn replace_catalog_line(dir: &Path, from: &str, to: &str) -> usize {
    let path = dir.join("catalog.toml");
    let text = fs::read_to_string(&path).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let index = lines
        .iter()
        .position(|line| line.trim() == from)
        .unwrap_or_else(|| panic!("no line `{from}` in catalog.toml"));
    lines[index] = to;
    fs::write(&path, lines.join("\n") + "\n").unwrap();
    index + 1
}

fn line_of(dir: &Path, wanted: &str) -> usize {
    let text = fs::read_to_string(dir.join("catalog.toml")).unwrap();
    text.lines()
        .position(|line| line.trim() == wanted)
        .unwrap_or_else(|| panic!("no line `{wanted}`"))
        + 1
}

fn check(folio: &Folio, dir: &Path) -> std::process::Output {
    folio
        .command()
        .args(["check", "--catalog"])
        .arg(dir)
        .output()
        .unwrap()
}

#[test]
fn the_built_in_catalog_passes() {
    let folio = Folio::new();
    let output = folio.command().arg("check").output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(
        out.starts_with("ok: ") && out.contains("combinations rendered, every manifest parses"),
        "{out}"
    );
}

#[test]
fn an_unmodified_copy_passes_too() {
    let folio = Folio::new();
    let dir = catalog_copy(&folio);
    let output = check(&folio, &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        stdout(&folio.command().arg("check").output().unwrap())
    );
}

#[test]
fn catalog_syntax_error_names_the_file_line_and_problem() {
    let folio = Folio::new();
    let dir = catalog_copy(&folio);
    let line = replace_catalog_line(&dir, "[catalog]", "[catalog");
    let err = assert_usage_error(&check(&folio, &dir));
    let location = format!("{}:{line}:", dir.join("catalog.toml").display());
    assert!(
        err.starts_with(&format!("error: broken catalog: {location}")),
        "expected `{location}` in:\n{err}"
    );
    assert!(
        err.contains("invalid table header") || err.contains("expected `]`"),
        "{err}"
    );
}

#[test]
fn catalog_field_of_the_wrong_type_names_its_line() {
    let folio = Folio::new();
    let dir = catalog_copy(&folio);
    let id_line = line_of(&dir, "id = \"todo-api\"");
    let text = fs::read_to_string(dir.join("catalog.toml")).unwrap();
    let hours = text
        .lines()
        .enumerate()
        .skip(id_line)
        .find(|(_, line)| line.starts_with("hours = "))
        .unwrap()
        .1
        .to_owned();
    let line = replace_catalog_line(&dir, &hours, "hours = \"many\"");
    let err = assert_usage_error(&check(&folio, &dir));
    assert!(
        err.contains(&format!("catalog.toml:{line}:")),
        "expected line {line} in:\n{err}"
    );
    assert!(err.contains("invalid type"), "{err}");
}

#[test]
fn project_listing_an_unknown_stack() {
    let folio = Folio::new();
    let dir = catalog_copy(&folio);
    let id_line = line_of(&dir, "id = \"todo-api\"");
    replace_catalog_line(
        &dir,
        "stacks = [\"python\", \"typescript\", \"go\"]",
        "stacks = [\"python\", \"typescript\", \"go\", \"cobol\"]",
    );
    let err = assert_usage_error(&check(&folio, &dir));
    assert!(
        err.contains(&format!("catalog.toml:{id_line}:")),
        "expected the project's line {id_line} in:\n{err}"
    );
    assert!(
        err.contains("project `todo-api` lists stack `cobol`, which no [[stacks]] entry declares"),
        "{err}"
    );
}

#[test]
fn template_with_an_unknown_variable_names_the_template() {
    let folio = Folio::new();
    let dir = catalog_copy(&folio);
    fs::write(
        dir.join("templates/projects/todo-api/python/NOPE.md.hbs"),
        "# {{name}}\n\n{{nope}}\n",
    )
    .unwrap();
    let err = assert_usage_error(&check(&folio, &dir));
    assert!(
        err.contains("`templates/projects/todo-api/python/NOPE.md.hbs`"),
        "{err}"
    );
    assert!(err.contains("nope"), "{err}");
}

#[test]
fn manifest_that_breaks_on_a_hostile_description_is_found() {
    let folio = Folio::new();
    let dir = catalog_copy(&folio);
    fs::write(
        dir.join("templates/projects/todo-api/python/extra.toml.hbs"),
        "description = \"{{description}}\"\n",
    )
    .unwrap();
    let err = assert_usage_error(&check(&folio, &dir));
    assert!(
        err.contains("hostile description: `extra.toml` does not parse"),
        "{err}"
    );
}

#[test]
fn layer_rule_for_a_missing_file_names_the_layer() {
    let folio = Folio::new();
    let dir = catalog_copy(&folio);
    let layer = dir.join("templates/stacks/python/layer.toml");
    let existing = fs::read_to_string(&layer).unwrap_or_default();
    fs::write(
        &layer,
        format!(
            "{existing}\n[[file]]\npath = \"no-such-file.txt\"\nwhen = {{ db = \"postgres\" }}\n"
        ),
    )
    .unwrap();
    let err = assert_usage_error(&check(&folio, &dir));
    assert!(err.contains("`templates/stacks/python/layer.toml` has a rule for `no-such-file.txt`, which is not in the layer"), "{err}");
}

#[test]
fn catalog_directory_without_a_catalog_is_refused() {
    let folio = Folio::new();
    let err = assert_usage_error(&check(&folio, &folio.work()));
    assert!(err.contains("catalog.toml"), "{err}");
}
