//! The catalog and templates are embedded with `include_dir!`, which stable
//! Rust cannot track: tell Cargo to rebuild when either changes.
fn main() {
    println!("cargo::rerun-if-changed=catalog.toml");
    println!("cargo::rerun-if-changed=templates");
}
