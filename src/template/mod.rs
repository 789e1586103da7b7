//! Rendering: a catalog entry and resolved answers in, the files of a
//! repository out. Pure: nothing here touches the filesystem or the clock.
//!
//! Layers compose the tree (common → stack base → project × stack), a later
//! layer overriding an earlier one file by file. Only `.hbs` files are
//! rendered; everything else is copied byte for byte.

mod context;
mod helpers;
pub(crate) mod layer;

use std::collections::BTreeMap;

use anyhow::{Context as _, Result, bail};
use handlebars::Handlebars;

use crate::answers::{self, AnswersFile, Provenance};
use crate::catalog::Catalog;
use crate::settings::Plan;
use crate::source::Source;
pub use context::build as build_context;
pub use layer::LayerManifest;

const TEMPLATE_SUFFIX: &str = ".hbs";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFile {
    /// Relative, `/`-separated.
    pub path: String,
    pub contents: Vec<u8>,
    pub executable: bool,
    /// Whether the file came from a `.hbs` template (for `folio check`).
    pub rendered: bool,
}

/// The layers of a combination, first to last.
pub fn layers(project: &str, stack: &str) -> [String; 3] {
    [
        "common".to_owned(),
        format!("stacks/{stack}"),
        format!("projects/{project}/{stack}"),
    ]
}

/// A stored file chosen for the output, before rendering.
struct Chosen<'s> {
    template_name: String,
    contents: &'s [u8],
    executable: bool,
    /// Stored with the `.hbs` suffix: rendered, not copied.
    render: bool,
}

/// Render every file of the repository `plan` describes, `.folio.toml` included.
pub fn render(source: &Source, catalog: &Catalog, plan: &Plan) -> Result<Vec<RenderedFile>> {
    // Serialized once: `render_template` would serialize it again per file.
    let context = handlebars::Context::wraps(context::build(catalog, plan))
        .context("failed to prepare the template data")?;
    let mut registry = Handlebars::new();
    registry.set_strict_mode(true);
    registry.register_escape_fn(handlebars::no_escape);
    helpers::register(&mut registry);

    let mut chosen: BTreeMap<String, Chosen<'_>> = BTreeMap::new();
    for layer in layers(&plan.project, &plan.stack) {
        if layer != "common" && !source.has_layer(&layer) {
            bail!("there are no templates in `templates/{layer}/`");
        }
        let manifest_label = format!("templates/{layer}/{}", layer::MANIFEST);
        let manifest = match source
            .templates
            .get(&format!("{layer}/{}", layer::MANIFEST))
        {
            Some(bytes) => LayerManifest::parse(
                std::str::from_utf8(bytes).context("layer.toml is not UTF-8")?,
                &manifest_label,
            )?,
            None => LayerManifest::default(),
        };
        for (path, contents) in source.layer(&layer) {
            if path == layer::MANIFEST {
                continue;
            }
            let Some(placement) = manifest.place(path, &plan.project, &plan.options) else {
                continue;
            };
            let output = if placement.path.contains("{{") {
                registry
                    .render_template_with_context(&placement.path, &context)
                    .with_context(|| {
                        format!("failed to render the path of `templates/{layer}/{path}`")
                    })?
            } else {
                placement.path
            };
            check_relative(&output, &layer, path)?;
            let template_name = format!("{layer}/{path}");
            // Keyed by the path written, so that a later layer's `x.hbs`
            // replaces an earlier layer's `x` (and the other way round)
            // instead of both being written to `x`.
            let (output, render) = match output.strip_suffix(TEMPLATE_SUFFIX) {
                Some(path) => (path.to_owned(), true),
                None => (output, false),
            };
            chosen.insert(
                output,
                Chosen {
                    template_name,
                    contents,
                    executable: placement.executable,
                    render,
                },
            );
        }
    }

    let mut files = Vec::with_capacity(chosen.len() + 1);
    for (output, file) in chosen {
        let (contents, rendered) = if file.render {
            let text = std::str::from_utf8(file.contents)
                .with_context(|| format!("`templates/{}` is not UTF-8", file.template_name))?;
            let (template, tail) = split_literal_tail(text);
            let mut rendered = registry
                .render_template_with_context(template, &context)
                .map_err(|error| anyhow::anyhow!("`templates/{}`: {error}", file.template_name))?;
            rendered.push_str(tail);
            (rendered.into_bytes(), true)
        } else {
            (file.contents.to_vec(), false)
        };
        files.push(RenderedFile {
            path: output,
            contents,
            executable: file.executable,
            rendered,
        });
    }
    files.push(answers_file(source, catalog, plan));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn answers_file(source: &Source, catalog: &Catalog, plan: &Plan) -> RenderedFile {
    let file = AnswersFile {
        folio: Provenance {
            version: Some(crate::VERSION.to_owned()),
            catalog: Some(source.catalog_id(catalog).to_owned()),
            catalog_version: Some(catalog.version.clone()),
        },
        answers: plan.answers(),
    };
    RenderedFile {
        path: answers::FILE_NAME.to_owned(),
        contents: file.to_toml().into_bytes(),
        executable: false,
        rendered: true,
    }
}

/// A template and the text after it that holds no markup, which is copied
/// rather than parsed: handlebars reads plain text a character at a time,
/// and a lock file with its name at the top is ~85 KB of plain text.
///
/// The tail starts after the line of the last `}}`, so a standalone tag's
/// line is still stripped as handlebars strips it; a template whose last tag
/// trims the whitespace after it (`~}}`), or with `{{` in the tail, is parsed
/// whole.
fn split_literal_tail(text: &str) -> (&str, &str) {
    let whole = (text, "");
    let Some(last_close) = text.rfind("}}") else {
        return whole;
    };
    if text[..last_close].ends_with('~') {
        return whole;
    }
    let Some(line_end) = text[last_close..].find('\n') else {
        return whole;
    };
    let split = last_close + line_end + 1;
    let tail = &text[split..];
    if tail.contains("{{") {
        return whole;
    }
    (&text[..split], tail)
}

/// A rendered path must stay inside the repository.
fn check_relative(output: &str, layer: &str, path: &str) -> Result<()> {
    let escapes = output.is_empty()
        || output.starts_with('/')
        || output
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..");
    if escapes {
        bail!(
            "`templates/{layer}/{path}` renders to the path `{output}`, which is not a plain relative path"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::split_literal_tail;

    fn render(registry: &handlebars::Handlebars<'_>, text: &str) -> String {
        let data = serde_json::json!({ "name": "demo", "yes": true, "no": false });
        registry.render_template(text, &data).unwrap()
    }

    /// Copying the tail gives exactly what parsing the whole template gives.
    #[test]
    fn literal_tail_renders_as_handlebars_would() {
        let mut registry = handlebars::Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(handlebars::no_escape);
        let cases = [
            "no markup at all\n",
            "name: {{name}}\nplain\ntext\n",
            "{{#if yes}}\nkept\n{{/if}}\nafter a standalone tag\n",
            "{{#if no}}\ndropped\n{{/if}}\n  \nindented tail\n",
            "{{name~}}\n\n   trimmed tail\n",
            "{{!-- a comment --}}\ntail\n",
            "{{{{raw}}}}{{not parsed}}{{{{/raw}}}}\ntail\n",
            "{{name}} \\{{escaped}} tail\n",
            "{{name}}\n",
            "{{name}} no newline at the end",
            "{{name}}\n}} a stray close\n",
        ];
        for case in cases {
            let (template, tail) = split_literal_tail(case);
            assert_eq!(format!("{template}{tail}"), case);
            assert_eq!(
                format!("{}{tail}", render(&registry, template)),
                render(&registry, case),
                "{case:?}"
            );
        }
        let (_, tail) = split_literal_tail(cases[2]);
        assert_eq!(tail, "after a standalone tag\n");
    }
}
