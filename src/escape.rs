//! Escape helpers: text a user typed, turned into a literal for the file it lands in.
//!
//! Templates render without escaping (the output is source code, not HTML), so
//! every raw value (`description`, `author.*`) goes through the function for its
//! file's language. Each returns the whole literal, quotes included, so no
//! template ever assembles half a string.
//!
//! Beyond what each grammar requires, every target escapes characters a reader
//! cannot see: controls, line and paragraph separators, non-ASCII spaces,
//! bidirectional and zero-width format characters, the byte order mark,
//! private-use characters and noncharacters. Left raw they make a generated
//! file lie about its contents, and rustc rejects bidirectional controls in
//! literals outright.

use std::fmt::Write as _;

/// A TOML basic string.
#[must_use]
pub fn toml(input: &str) -> String {
    quote(input, "btnfr", |code| match code {
        0..=0xffff => format!("\\u{code:04x}"),
        _ => format!("\\U{code:08x}"),
    })
}

/// A JSON string.
#[must_use]
pub fn json(input: &str) -> String {
    // serde_json escapes what JSON requires; UTF-16 escapes cover the rest.
    let quoted = serde_json::Value::from(input).to_string();
    let mut out = String::with_capacity(quoted.len());
    for c in quoted.chars() {
        if is_invisible(c) {
            for unit in c.encode_utf16(&mut [0; 2]) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A YAML 1.2 double-quoted scalar.
#[must_use]
pub fn yaml(input: &str) -> String {
    quote(input, "tnr", code_point)
}

/// A double-quoted Python string literal.
#[must_use]
pub fn python(input: &str) -> String {
    quote(input, "tnr", code_point)
}

/// A JavaScript / TypeScript string literal, quoted as Prettier and Biome
/// would: in double quotes unless the text holds more `"` than `'`, so the
/// generated file is already formatted.
#[must_use]
pub fn typescript(input: &str) -> String {
    let doubles = input.matches('"').count();
    let singles = input.matches('\'').count();
    let delimiter = if doubles > singles { '\'' } else { '"' };
    quote_with(input, delimiter, "btnvfr", |code| match code {
        0..=0xffff => code_point(code),
        _ => format!("\\u{{{code:x}}}"),
    })
}

/// A Go interpreted string literal, as `strconv.Quote` writes it (which also
/// escapes unassigned code points; here they stay raw, still valid Go).
#[must_use]
pub fn go(input: &str) -> String {
    // In Go `\x80` is a byte, not U+0080: only ASCII may use `\x`.
    quote(input, "abtnvfr", |code| match code {
        0x80..=0xff => format!("\\u{code:04x}"),
        _ => code_point(code),
    })
}

/// A Rust string literal.
#[must_use]
pub fn rust(input: &str) -> String {
    quote(input, "0tnr", |code| format!("\\u{{{code:x}}}"))
}

/// Inline Markdown text: syntax escaped, whitespace runs folded to one space,
/// invisible characters dropped, no quotes.
///
/// Characters that are syntax anywhere in a line are always escaped; those
/// that are syntax only at the start of a block (`#`, `-`, `1.`) only there,
/// so ordinary prose stays readable in the raw file.
#[must_use]
pub fn markdown(input: &str) -> String {
    const ANYWHERE: &str = "\\`*_[]<>|~";
    const AT_START: &str = "#+-=>";
    let mut out = String::with_capacity(input.len());
    let mut space = false;
    for (index, c) in input.char_indices() {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else if !is_invisible(c) {
            if space {
                out.push(' ');
                space = false;
            }
            let entity = c == '&' && starts_entity(&input[index + 1..]);
            if ANYWHERE.contains(c) || entity || (out.is_empty() && AT_START.contains(c)) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    // `1. text` or `1) text` would start an ordered list.
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    }
    // `![` is an image only because of the `[` after it, which is escaped.
    out
}

/// Whether text after a `&` would make it a character reference (`&amp;`).
fn starts_entity(rest: &str) -> bool {
    let name = rest.trim_start_matches('#');
    let length = name.chars().take_while(char::is_ascii_alphanumeric).count();
    length > 0 && name[length..].starts_with(';')
}

/// `\xNN`, `\uNNNN` or `\UNNNNNNNN`: code points in Python and YAML alike.
fn code_point(code: u32) -> String {
    match code {
        0..=0xff => format!("\\x{code:02x}"),
        0x100..=0xffff => format!("\\u{code:04x}"),
        _ => format!("\\U{code:08x}"),
    }
}

/// Controls with a C-style escape letter, and that letter.
const C_ESCAPES: [(char, char); 8] = [
    ('\0', '0'),
    ('\u{7}', 'a'),
    ('\u{8}', 'b'),
    ('\t', 't'),
    ('\n', 'n'),
    ('\u{b}', 'v'),
    ('\u{c}', 'f'),
    ('\r', 'r'),
];

/// Wraps `input` in double quotes. `"` and `\` take a backslash; a control
/// whose C escape letter (`\n`) is in `letters` takes that; any other
/// invisible character is spelled by `long` from its code point.
fn quote(input: &str, letters: &str, long: impl Fn(u32) -> String) -> String {
    quote_with(input, '"', letters, long)
}

/// `quote` with another delimiter, which then takes the backslash instead of `"`.
fn quote_with(input: &str, delimiter: char, letters: &str, long: impl Fn(u32) -> String) -> String {
    let mut out = String::with_capacity(input.len() + 2);
    out.push(delimiter);
    for c in input.chars() {
        let letter = match c {
            '\\' => Some(c),
            _ if c == delimiter => Some(c),
            _ => C_ESCAPES
                .iter()
                .find(|&&(raw, _)| raw == c)
                .map(|&(_, letter)| letter),
        };
        match letter {
            Some(letter) if letter == c || letters.contains(letter) => {
                out.push('\\');
                out.push(letter);
            }
            _ if is_invisible(c) => out.push_str(&long(u32::from(c))),
            _ => out.push(c),
        }
    }
    out.push(delimiter);
    out
}

/// Characters that render as nothing, as plain space or as a private glyph, yet
/// change the text. Zero-width joiners stay: emoji sequences and some scripts
/// need them.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(c,
            '\u{ad}' | '\u{61c}' | '\u{180e}' | '\u{200b}' | '\u{200e}' | '\u{200f}'
            | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}' | '\u{fdd0}'..='\u{fdef}' | '\u{e0000}'..='\u{e007f}'
            | '\u{e000}'..='\u{f8ff}' | '\u{f0000}'..='\u{10ffff}')
        || u32::from(c) & 0xfffe == 0xfffe
}

#[cfg(test)]
mod tests {
    use super::*;

    const NASTY: &[&str] = &[
        "",
        "plain",
        r#"He said "hi""#,
        r"C:\temp\new\",
        "line1\nline2\r\n\tend\n",
        "\0\u{1}\u{7}\u{8}\u{b}\u{c}\u{1b}\u{1f}\u{7f}",
        "{{ name }} ${{ github.sha }} {{{raw}}}",
        "🦀 café 👩\u{200d}💻 ünïcödé",
        "a\u{2028}b\u{2029}c\u{85}d\u{a0}e\u{feff}f\u{202e}g\u{e0001}\u{ffff}",
        "'single' `tick` # not a comment: - [x] &amp; *bold*",
        "  leading and trailing  ",
        "\"\"\"triple\"\"\"",
        "\\u0041 \\x41 \\N{DASH} \\n",
    ];

    #[test]
    fn toml_round_trips() {
        for &input in NASTY {
            let doc = format!("k = {}\n", toml(input));
            let table: ::toml::Table = doc.parse().unwrap_or_else(|e| panic!("{doc}: {e}"));
            assert_eq!(table["k"].as_str(), Some(input), "{doc}");
        }
    }

    #[test]
    fn json_round_trips() {
        for &input in NASTY {
            let literal = json(input);
            let value: String = serde_json::from_str(&literal).unwrap();
            assert_eq!(value, input, "{literal}");
            assert!(
                !literal.contains(['\u{2028}', '\u{7f}', '\u{202e}']),
                "{literal}"
            );
        }
    }

    #[test]
    fn yaml_round_trips() {
        for &input in NASTY {
            for doc in [
                yaml(input),
                format!("k: {}\n", yaml(input)),
                format!("- {}\n", yaml(input)),
            ] {
                let docs = yaml_rust2::YamlLoader::load_from_str(&doc)
                    .unwrap_or_else(|e| panic!("{doc}: {e}"));
                let node = &docs[0];
                let value = node.as_str().or(node["k"].as_str()).or(node[0].as_str());
                assert_eq!(value, Some(input), "{doc}");
            }
        }
    }

    /// `(input, [python, typescript, go, rust])`
    #[rustfmt::skip]
    const LITERALS: &[(&str, [&str; 4])] = &[
        (r#"He said "hi""#, [r#""He said \"hi\"""#, r#"'He said "hi"'"#, r#""He said \"hi\"""#, r#""He said \"hi\"""#]),
        (r#"it's "fine""#, [r#""it's \"fine\"""#, r#"'it\'s "fine"'"#, r#""it's \"fine\"""#, r#""it's \"fine\"""#]),
        ("it's", [r#""it's""#; 4]),
        (r"C:\temp\new", [r#""C:\\temp\\new""#; 4]),
        ("a\nb\r\n\tc", [r#""a\nb\r\n\tc""#; 4]),
        ("${{ github.sha }} {{name}}", [r#""${{ github.sha }} {{name}}""#; 4]),
        ("🦀 café", [r#""🦀 café""#; 4]),
        ("\0\u{7}\u{1b}\u{7f}", [r#""\x00\x07\x1b\x7f""#, r#""\x00\x07\x1b\x7f""#, r#""\x00\a\x1b\x7f""#, r#""\0\u{7}\u{1b}\u{7f}""#]),
        ("\u{8}\u{b}\u{c}", [r#""\x08\x0b\x0c""#, r#""\b\v\f""#, r#""\b\v\f""#, r#""\u{8}\u{b}\u{c}""#]),
        ("a\u{2028}b\u{2029}c", [r#""a\u2028b\u2029c""#, r#""a\u2028b\u2029c""#, r#""a\u2028b\u2029c""#, r#""a\u{2028}b\u{2029}c""#]),
        ("\u{85}\u{a0}\u{feff}", [r#""\x85\xa0\ufeff""#, r#""\x85\xa0\ufeff""#, r#""\u0085\u00a0\ufeff""#, r#""\u{85}\u{a0}\u{feff}""#]),
        ("x\u{202e}\u{e0001}", [r#""x\u202e\U000e0001""#, r#""x\u202e\u{e0001}""#, r#""x\u202e\U000e0001""#, r#""x\u{202e}\u{e0001}""#]),
    ];

    #[test]
    fn source_literals_match_hand_written() {
        for (input, [py, ts, golang, rs]) in LITERALS {
            assert_eq!(python(input), *py, "python {input:?}");
            assert_eq!(typescript(input), *ts, "typescript {input:?}");
            assert_eq!(go(input), *golang, "go {input:?}");
            assert_eq!(rust(input), *rs, "rust {input:?}");
        }
    }

    #[test]
    fn no_output_holds_a_raw_line_break() {
        let breaks = ['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'];
        for &input in NASTY {
            let literals =
                [toml, json, yaml, python, typescript, go, rust].map(|escape| escape(input));
            for literal in literals {
                assert!(!literal.contains(breaks), "{literal}");
                let delimiter = literal.chars().next().filter(|c| matches!(c, '"' | '\''));
                assert!(delimiter.is_some_and(|d| literal.ends_with(d)) && literal.len() >= 2);
            }
            assert!(!markdown(input).contains(breaks));
        }
    }

    #[test]
    fn markdown_escapes_syntax_and_folds_whitespace() {
        assert_eq!(markdown(r#"He said "hi""#), r#"He said "hi""#);
        assert_eq!(
            markdown("  # Title\n\n* item_1 [x](y) <b> `c` 1. ! | ~ {{a}}  "),
            r"\# Title \* item\_1 \[x\](y) \<b\> \`c\` 1. ! \| \~ {{a}}"
        );
        assert_eq!(
            markdown("a\r\n\t b\u{2028}c\u{202e}d &amp; \\ -+="),
            r"a b cd \&amp; \\ -+="
        );
        assert_eq!(
            markdown("A multi-user API, done."),
            "A multi-user API, done."
        );
        assert_eq!(markdown("- not a list"), r"\- not a list");
        assert_eq!(markdown("12. not a list"), r"12\. not a list");
        assert_eq!(markdown("Q&A"), r"Q&A");
        assert_eq!(markdown(" \n\t "), "");
    }
}
