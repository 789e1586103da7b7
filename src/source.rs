//! Where a catalog and its templates come from: built into the binary, or a
//! directory on disk (`--catalog DIR` or `FOLIO_CATALOG`). Both become the
//! same in-memory `Source`, so rendering never touches the filesystem.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use include_dir::{Dir, include_dir};

use crate::catalog::{self, Catalog, CatalogError};
use crate::error::UsageError;

/// The environment variable that names a catalog directory when
/// `--catalog` is not given.
pub const CATALOG_ENV: &str = "FOLIO_CATALOG";

static EMBEDDED_TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");
const EMBEDDED_CATALOG: &str = include_str!("../catalog.toml");

/// Which catalog a `Source` holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    Dir(PathBuf),
}

#[derive(Debug, Clone)]
pub struct Source {
    pub origin: Origin,
    /// Labels catalog errors: `catalog.toml` for the built-in one.
    pub catalog_path: PathBuf,
    pub catalog_text: Cow<'static, str>,
    /// Paths relative to `templates/`, `/`-separated, sorted.
    pub templates: BTreeMap<String, Cow<'static, [u8]>>,
}

impl Source {
    pub fn embedded() -> Self {
        let mut templates = BTreeMap::new();
        collect_embedded(&EMBEDDED_TEMPLATES, &mut templates);
        Self {
            origin: Origin::BuiltIn,
            catalog_path: PathBuf::from("catalog.toml"),
            catalog_text: Cow::Borrowed(EMBEDDED_CATALOG),
            templates,
        }
    }

    /// The built-in catalog, or the one in `dir`; every way a directory can
    /// be wrong is a usage error that says what to pass instead.
    pub fn open(dir: Option<&Path>) -> Result<Self> {
        match dir {
            None => Ok(Self::embedded()),
            Some(dir) => Self::from_dir(dir),
        }
    }

    /// `open`, and the catalog parsed and validated.
    pub fn load(dir: Option<&Path>) -> Result<(Self, Catalog)> {
        let source = Self::open(dir)?;
        let catalog = source.checked_catalog()?;
        Ok((source, catalog))
    }

    /// The catalog, its problems as a usage error naming file, line and what.
    pub fn checked_catalog(&self) -> Result<Catalog> {
        self.catalog().map_err(|error| {
            UsageError::new(
                format!("broken catalog: {error}"),
                "fix that line and run `folio check --catalog DIR` again; docs/TEMPLATES.md describes every field",
            )
            .into()
        })
    }

    /// Read `DIR/catalog.toml` and everything under `DIR/templates/`.
    pub fn from_dir(dir: &Path) -> Result<Self> {
        let shown = dir.display();
        let hint = format!(
            "`--catalog` (or `{CATALOG_ENV}`) names a directory holding `catalog.toml` and `templates/`; without it folio uses its built-in catalog"
        );
        match fs::metadata(dir) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Err(UsageError::new(
                    format!("catalog directory `{shown}` does not exist"),
                    hint,
                )
                .into());
            }
            Err(error) => {
                return Err(UsageError::new(
                    format!("cannot read catalog directory `{shown}`: {error}"),
                    hint,
                )
                .into());
            }
            Ok(meta) if !meta.is_dir() => {
                return Err(UsageError::new(
                    format!("catalog `{shown}` is a file, not a directory"),
                    hint,
                )
                .into());
            }
            Ok(_) => {}
        }
        let catalog_path = dir.join("catalog.toml");
        let catalog_text = fs::read_to_string(&catalog_path).map_err(|error| {
            UsageError::new(
                format!("cannot read `{}`: {error}", catalog_path.display()),
                hint.clone(),
            )
        })?;
        let mut templates = BTreeMap::new();
        let root = dir.join("templates");
        if root.is_dir() {
            collect_disk(&root, &root, &mut templates)?;
        }
        Ok(Self {
            origin: Origin::Dir(dir.to_owned()),
            catalog_path,
            catalog_text: Cow::Owned(catalog_text),
            templates,
        })
    }

    pub fn catalog(&self) -> Result<Catalog, CatalogError> {
        Catalog::parse(&self.catalog_text, &self.catalog_path)
    }

    /// What `.folio.toml` records as the catalog: `built-in`, or the id of
    /// the catalog on disk.
    pub fn catalog_id<'a>(&self, catalog: &'a Catalog) -> &'a str {
        match self.origin {
            Origin::BuiltIn => catalog::BUILT_IN,
            Origin::Dir(_) => &catalog.id,
        }
    }

    /// The catalog in words, for messages.
    pub fn describe(&self, catalog: &Catalog) -> String {
        match &self.origin {
            Origin::BuiltIn => format!("the built-in catalog ({})", catalog.version),
            Origin::Dir(dir) => format!(
                "catalog `{}` {} from `{}`",
                catalog.id,
                catalog.version,
                dir.display()
            ),
        }
    }

    /// The files of one layer (`stacks/python`), with paths relative to it.
    pub fn layer<'a>(&'a self, layer: &str) -> impl Iterator<Item = (&'a str, &'a [u8])> + use<'a> {
        let prefix = format!("{layer}/");
        let skip = prefix.len();
        self.templates
            .range(prefix.clone()..)
            .take_while(move |(path, _)| path.starts_with(&prefix))
            .map(move |(path, bytes)| (&path[skip..], bytes.as_ref()))
    }

    pub fn has_layer(&self, layer: &str) -> bool {
        self.layer(layer).next().is_some()
    }
}

fn collect_embedded(dir: &'static Dir<'static>, into: &mut BTreeMap<String, Cow<'static, [u8]>>) {
    for file in dir.files() {
        into.insert(slash_path(file.path()), Cow::Borrowed(file.contents()));
    }
    for child in dir.dirs() {
        collect_embedded(child, into);
    }
}

fn collect_disk(
    root: &Path,
    dir: &Path,
    into: &mut BTreeMap<String, Cow<'static, [u8]>>,
) -> Result<()> {
    let entries = fs::read_dir(dir)
        .with_context(|| format!("failed to read directory `{}`", dir.display()))?;
    for entry in entries {
        let path = entry
            .with_context(|| format!("failed to read directory `{}`", dir.display()))?
            .path();
        if path.is_dir() {
            collect_disk(root, &path, into)?;
        } else {
            let bytes =
                fs::read(&path).with_context(|| format!("failed to read `{}`", path.display()))?;
            let relative = path.strip_prefix(root).expect("walked below root");
            into.insert(slash_path(relative), Cow::Owned(bytes));
        }
    }
    Ok(())
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_catalog_is_valid() {
        let source = Source::embedded();
        let catalog = source.catalog().unwrap();
        assert!(catalog.stack("python").is_some());
    }

    #[test]
    fn layer_strips_its_prefix_and_nothing_else() {
        let mut source = Source::embedded();
        source.templates.clear();
        for path in ["a/x", "a/b/y", "ab/z", "b/w"] {
            source
                .templates
                .insert(path.to_owned(), Cow::Borrowed(b"".as_slice()));
        }
        let paths: Vec<&str> = source.layer("a").map(|(path, _)| path).collect();
        assert_eq!(paths, ["b/y", "x"]);
    }
}
