//! The interactive path: through the library with a scripted prompter (the
//! order of questions, and what the answers produce), and once through a
//! real pseudo-terminal, so the terminal prompter is known to work.
//!
//! Only one library test here writes a project, to keep the others fast.

use std::fs;

use folio::cli::{Command, NewArgs};
use folio::prompt::{Scripted, ScriptedPrompter};
use folio::source::Source;
use pretty_assertions::assert_eq;
use rexpect::process::wait::WaitStatus;

use crate::support::{Folio, entries};

const AUTHOR: &str = "Pat Tester <pat@example.com>";

fn new_args(args: &[&str]) -> NewArgs {
    let catalog = Source::embedded().catalog().unwrap();
    let cli = folio::cli::parse_from(Some(&catalog), ["folio", "new"].iter().chain(args))
        .expect("valid arguments");
    match cli.command {
        Command::New(args) => *args,
        other => panic!("not `new`: {other:?}"),
    }
}

fn run(
    args: &NewArgs,
    script: impl IntoIterator<Item = Scripted>,
) -> (anyhow::Result<()>, Vec<String>) {
    let mut prompter = ScriptedPrompter::new(script);
    let result = folio::commands::new::generate(args, &Source::embedded(), Some(&mut prompter));
    (result, prompter.asked)
}

#[test]
fn questions_come_in_order_level_project_stack_options_name_confirm() {
    // A dry run: with no `--output` the target is `./NAME` in the test's
    // working directory, which must stay untouched.
    let args = new_args(&["--dry-run", "--author", AUTHOR]);
    let (result, asked) = run(
        &args,
        [
            Scripted::Select("Beginner"),
            Scripted::Select("Todo List API"),
            Scripted::Select("Python"),
            Scripted::Select("PostgreSQL"),
            Scripted::Default,
            Scripted::Default,
            Scripted::Input("scripted-order"),
            Scripted::Confirm(true),
        ],
    );
    result.unwrap();
    assert_eq!(
        asked,
        [
            "Level",
            "Project",
            "Stack",
            "Database",
            "Continuous integration",
            "License",
            "Name",
            "Generate it?"
        ]
    );
    assert!(!std::path::Path::new("scripted-order").exists());
}

#[test]
fn scripted_answers_are_what_gets_written() {
    let folio = Folio::new();
    let target = folio.work().join("picked");
    let args = new_args(&[
        "--output",
        target.to_str().unwrap(),
        "--git",
        "none",
        "--author",
        AUTHOR,
    ]);
    let (result, asked) = run(
        &args,
        [
            Scripted::Default,
            Scripted::Default,
            Scripted::Default,
            Scripted::Select("PostgreSQL"),
            Scripted::Select("No CI"),
            Scripted::Select("Apache"),
            Scripted::Confirm(true),
        ],
    );
    result.unwrap();
    // The name comes from `--output`, so it is not asked.
    assert_eq!(
        asked,
        [
            "Level",
            "Project",
            "Stack",
            "Database",
            "Continuous integration",
            "License",
            "Generate it?"
        ]
    );

    let answers = folio::answers::AnswersFile::read(&target.join(".folio.toml"))
        .unwrap()
        .answers;
    assert_eq!(answers.project.as_deref(), Some("todo-api"));
    assert_eq!(answers.stack.as_deref(), Some("python"));
    assert_eq!(answers.name.as_deref(), Some("picked"));
    assert_eq!(answers.author.as_deref(), Some(AUTHOR));
    let options: Vec<(&str, &str)> = answers
        .options
        .iter()
        .map(|(key, value)| (key.as_str(), value.as_str()))
        .collect();
    assert_eq!(
        options,
        [
            ("ci", "none"),
            ("db", "postgres"),
            ("license", "apache-2.0")
        ]
    );
    assert!(
        !target.join(".github").exists(),
        "`--ci none` still wrote a workflow"
    );
    assert!(!target.join(".git").exists());
}

#[test]
fn declining_the_summary_writes_nothing() {
    let folio = Folio::new();
    let target = folio.work().join("declined");
    let args = new_args(&["--output", target.to_str().unwrap(), "--author", AUTHOR]);
    let script = [
        Scripted::Default,
        Scripted::Default,
        Scripted::Default,
        Scripted::Default,
        Scripted::Default,
        Scripted::Default,
        Scripted::Confirm(false),
    ];
    let (result, asked) = run(&args, script);
    result.unwrap();
    assert_eq!(asked.last().map(String::as_str), Some("Generate it?"));
    assert!(
        entries(&folio.work()).is_empty(),
        "declining wrote {:?}",
        entries(&folio.work())
    );
}

#[test]
fn flags_skip_their_questions() {
    let folio = Folio::new();
    let target = folio.work().join("flagged");
    let output = target.to_str().unwrap();

    let args = new_args(&[
        "todo-api",
        "--stack",
        "python",
        "--db",
        "sqlite",
        "--ci",
        "github",
        "--output",
        output,
        "--author",
        AUTHOR,
        "--dry-run",
    ]);
    let (result, asked) = run(&args, [Scripted::Select("MIT"), Scripted::Confirm(true)]);
    result.unwrap();
    assert_eq!(asked, ["License", "Generate it?"]);

    // Nothing left open: nothing asked, not even the confirmation.
    let args = new_args(&[
        "todo-api",
        "--stack",
        "python",
        "--db",
        "sqlite",
        "--ci",
        "github",
        "--license",
        "mit",
        "--output",
        output,
        "--author",
        AUTHOR,
        "--dry-run",
    ]);
    let (result, asked) = run(&args, []);
    result.unwrap();
    assert_eq!(asked, Vec::<String>::new());
    assert!(entries(&folio.work()).is_empty());
}

#[test]
fn an_invalid_typed_name_is_refused_by_the_prompt() {
    let args = new_args(&[
        "todo-api",
        "--stack",
        "python",
        "--db",
        "sqlite",
        "--ci",
        "github",
        "--license",
        "mit",
        "--author",
        AUTHOR,
        "--dry-run",
    ]);
    let (result, asked) = run(&args, [Scripted::Input("json")]);
    let error = format!("{:#}", result.unwrap_err());
    assert!(
        error.contains("would shadow a keyword, a standard module or a dependency; try `json-app`"),
        "{error}"
    );
    assert_eq!(asked, ["Name"]);
}

/// A real terminal: every question answered with Enter but the name, then
/// the equivalent non-interactive command is printed.
#[test]
fn terminal_session_with_defaults_writes_the_project_and_prints_the_command() {
    let folio = Folio::new();
    let mut command = folio.std_command();
    command
        .args(["new", "--author", AUTHOR])
        .env("TERM", "xterm");
    let mut session =
        rexpect::session::spawn_command(command, Some(30_000)).expect("spawn folio in a pty");

    for prompt in [
        "Level",
        "Project",
        "Stack",
        "Database",
        "Continuous integration",
        "License",
    ] {
        session
            .exp_string(prompt)
            .unwrap_or_else(|error| panic!("no `{prompt}` question: {error}"));
        session.send_line("").unwrap();
    }
    session.exp_string("Name").unwrap();
    session.send_line("pty-todo").unwrap();
    session.exp_string("Generate it?").unwrap();
    session.send("y").unwrap();
    session.flush().unwrap();
    session
        .exp_string("To generate the same without questions:")
        .unwrap();
    let rest = session.exp_eof().unwrap();
    assert!(
        rest.contains("folio new todo-api --stack python --name pty-todo --db sqlite --ci github --license mit --author 'Pat Tester <pat@example.com>' --no-input"),
        "{rest}"
    );
    assert!(matches!(
        session.process.wait().unwrap(),
        WaitStatus::Exited(_, 0)
    ));

    let dir = folio.work().join("pty-todo");
    assert!(
        fs::read_to_string(dir.join(".folio.toml"))
            .unwrap()
            .contains("name = \"pty-todo\"")
    );
    assert_eq!(folio.git(&dir, ["rev-list", "--count", "HEAD"]).trim(), "1");
}

/// `CI` set on a terminal: still no question, the same one-message failure.
#[test]
fn terminal_with_ci_set_never_prompts() {
    let folio = Folio::new();
    let mut command = folio.std_command();
    command
        .arg("new")
        .env("CI", "true")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let mut session = rexpect::session::spawn_command(command, Some(10_000)).unwrap();
    let printed = session.exp_eof().unwrap();
    assert!(
        printed.contains("error: missing PROJECT, --stack, --name (CI is set)"),
        "{printed}"
    );
    assert!(
        !printed.contains("\u{1b}["),
        "colour despite NO_COLOR: {printed:?}"
    );
    assert!(matches!(
        session.process.wait().unwrap(),
        WaitStatus::Exited(_, 2)
    ));
    assert!(entries(&folio.work()).is_empty());
}

#[test]
fn terminal_with_no_input_never_prompts() {
    let folio = Folio::new();
    let mut command = folio.std_command();
    command
        .args(["new", "todo-api", "--no-input"])
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let mut session = rexpect::session::spawn_command(command, Some(10_000)).unwrap();
    let printed = session.exp_eof().unwrap();
    assert!(
        printed.contains("error: missing --stack, --name ("),
        "{printed}"
    );
    assert!(matches!(
        session.process.wait().unwrap(),
        WaitStatus::Exited(_, 2)
    ));
}

#[test]
fn an_output_directory_that_is_no_valid_name_asks_with_a_suggestion() {
    let args = new_args(&[
        "todo-api",
        "--stack",
        "python",
        "--db",
        "sqlite",
        "--ci",
        "github",
        "--license",
        "mit",
        "--output",
        "My Project",
        "--author",
        AUTHOR,
        "--dry-run",
    ]);
    let mut prompter = ScriptedPrompter::new([Scripted::Default, Scripted::Confirm(true)]);
    folio::commands::new::generate(&args, &Source::embedded(), Some(&mut prompter)).unwrap();
    assert_eq!(prompter.asked, ["Name", "Generate it?"]);
}

/// What a terminal shows of `raw`: escape sequences dropped, split into the
/// lines the cursor draws (`\n` and `\r` both start one).
fn screen_lines(raw: &str) -> Vec<String> {
    // rexpect hands over each byte as one `char`: decode the UTF-8 again.
    let bytes: Vec<u8> = raw
        .chars()
        .map(|c| u8::try_from(c).unwrap_or(b'?'))
        .collect();
    let raw = String::from_utf8_lossy(&bytes);
    let mut lines = vec![String::new()];
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => {
                // CSI: parameters, then one final byte in `@`..=`~`.
                if chars.next_if_eq(&'[').is_some() {
                    for next in chars.by_ref() {
                        if ('@'..='~').contains(&next) {
                            break;
                        }
                    }
                } else {
                    chars.next();
                }
            }
            '\n' | '\r' => lines.push(String::new()),
            c if c.is_control() => {}
            c => lines.last_mut().unwrap().push(c),
        }
    }
    lines
}

/// At 80 columns, with the highlight moved (so the list is redrawn), every
/// line the pickers draw fits: a choice that wrapped would draw a line wider
/// than the terminal, and leave fragments when the list is redrawn.
#[test]
fn at_80_columns_every_choice_fits_on_one_line() {
    let folio = Folio::new();
    let mut command = std::process::Command::new("/bin/sh");
    folio.isolate(&mut command);
    command
        .args([
            "-c",
            "stty cols 80 rows 40 && exec \"$0\" \"$@\"",
            crate::support::BIN,
            "new",
            "--author",
            AUTHOR,
            "--dry-run",
        ])
        .env("TERM", "xterm");
    let mut session = rexpect::session::spawn_command(command, Some(30_000)).unwrap();
    session.exp_string("Level").unwrap();
    // Move down and back up: each move redraws the list.
    session.send("\u{1b}[B").unwrap();
    session.send("\u{1b}[A").unwrap();
    session.send_line("").unwrap();
    session.exp_string("Project").unwrap();
    session.send("\u{1b}[B").unwrap();
    session.send_line("").unwrap();
    let mut drawn = session.exp_string("Stack").unwrap();
    for _ in 0..4 {
        session.send_line("").unwrap();
        drawn.push_str(
            &session
                .exp_regex("(Database|Continuous|License|Name)")
                .unwrap()
                .0,
        );
    }

    let lines = screen_lines(&drawn);
    let wide: Vec<&String> = lines
        .iter()
        .filter(|line| line.chars().count() >= 80)
        .collect();
    assert!(wide.is_empty(), "lines as wide as the terminal: {wide:#?}");
    // The details of the highlighted project are shown, under it.
    assert!(
        lines
            .iter()
            .any(|line| line.trim_start().starts_with("skills: ")),
        "no details for the highlighted project: {lines:#?}"
    );
    // The confirmed line is the short choice, not a paragraph.
    let confirmed = lines
        .iter()
        .find(|line| line.contains("Project ·"))
        .unwrap_or_else(|| panic!("no confirmed project line: {lines:#?}"));
    assert!(confirmed.chars().count() < 60, "{confirmed}");

    session.send_line("").unwrap();
    session.exp_string("Generate it?").unwrap();
    session.send("n").unwrap();
    session.flush().unwrap();
    session.exp_string("nothing written").unwrap();
    session.exp_eof().unwrap();
    assert!(entries(&folio.work()).is_empty());
}
