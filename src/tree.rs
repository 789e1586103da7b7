//! Draw a list of relative paths as an indented tree, for `--dry-run`.

use std::collections::BTreeMap;
use std::fmt::Write;

#[derive(Default)]
struct Node<'a> {
    children: BTreeMap<&'a str, Node<'a>>,
}

pub fn render<'a>(paths: impl IntoIterator<Item = &'a str>) -> String {
    let mut root = Node::default();
    for path in paths {
        let mut node = &mut root;
        for part in path.split('/') {
            node = node.children.entry(part).or_default();
        }
    }
    let mut out = String::new();
    draw(&root, "", &mut out);
    out
}

fn draw(node: &Node<'_>, prefix: &str, out: &mut String) {
    let count = node.children.len();
    for (index, (name, child)) in node.children.iter().enumerate() {
        let last = index + 1 == count;
        let slash = if child.children.is_empty() { "" } else { "/" };
        let _ = writeln!(
            out,
            "{prefix}{}{name}{slash}",
            if last { "└── " } else { "├── " }
        );
        draw(
            child,
            &format!("{prefix}{}", if last { "    " } else { "│   " }),
            out,
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn draws_nested_paths() {
        let tree = super::render(["b/c.py", "a.md", "b/d/e.py"]);
        assert_eq!(
            tree,
            "├── a.md\n└── b/\n    ├── c.py\n    └── d/\n        └── e.py\n"
        );
    }
}
