//! Handlebars helpers: one escape helper per file type a user's text can land
//! in, and `secret` for `.env`.

use handlebars::{
    Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderError,
    RenderErrorReason,
};

use crate::escape;

pub fn register(registry: &mut Handlebars<'_>) {
    register_escape(registry, "toml", escape::toml);
    register_escape(registry, "json", escape::json);
    register_escape(registry, "yaml", escape::yaml);
    register_escape(registry, "py", escape::python);
    register_escape(registry, "ts", escape::typescript);
    register_escape(registry, "go", escape::go);
    register_escape(registry, "rust", escape::rust);
    register_escape(registry, "md", escape::markdown);
    registry.register_helper("secret", Box::new(secret));
}

fn register_escape(registry: &mut Handlebars<'_>, name: &'static str, escape: fn(&str) -> String) {
    registry.register_helper(
        name,
        Box::new(
            move |helper: &Helper<'_>,
                  _: &Handlebars<'_>,
                  _: &Context,
                  _: &mut RenderContext<'_, '_>,
                  out: &mut dyn Output|
                  -> HelperResult {
                let value = helper
                    .param(0)
                    .ok_or_else(|| RenderErrorReason::ParamNotFoundForIndex(name, 0))?;
                let text = value.value().as_str().ok_or_else(|| {
                    RenderError::from(RenderErrorReason::InvalidParamType("a string"))
                })?;
                out.write(&escape(text))?;
                Ok(())
            },
        ),
    );
}

/// 32 random bytes as hex: a fresh secret each generation (never replayed).
fn secret(
    _: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|error| {
        RenderErrorReason::Other(format!("no randomness for a secret: {error}"))
    })?;
    for byte in bytes {
        out.write(&format!("{byte:02x}"))?;
    }
    Ok(())
}
