//! Finds the line of a field path (`goals[2].indicators[0].unit`) in a YAML
//! text, for problems found after parsing, when the model kept no position.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::yaml::yaml_options;
use crate::diagnostic::Report;

/// A YAML node with the position of each of its children.
enum Node {
    Map(Vec<(String, Spanned<Node>)>),
    Seq(Vec<Spanned<Node>>),
    Scalar,
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry::<String, Spanned<Node>>()? {
            entries.push(entry);
        }
        Ok(Node::Map(entries))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Node>>()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_str<E>(self, _: &str) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
}

/// Gives every diagnostic that names a field but no line the line of that
/// field, or of the nearest enclosing one that is written (a missing `unit`
/// points at its indicator).
pub fn fill_positions(report: &mut Report) {
    let mut trees = std::collections::BTreeMap::new();
    for diagnostic in &mut report.diagnostics {
        let Some(field) = diagnostic.field.as_deref() else {
            continue;
        };
        if diagnostic.line > 0 {
            continue;
        }
        let tree = trees.entry(diagnostic.file.clone()).or_insert_with(|| {
            report
                .sources
                .get(&diagnostic.file)
                .and_then(|text| tree(text))
        });
        if let Some((line, column)) = tree.as_ref().and_then(|tree| position(tree, field)) {
            diagnostic.line = line;
            diagnostic.column = column;
        }
    }
}

/// The line and column of a field path in a text, if the text is YAML.
pub(super) fn find(text: &str, field: &str) -> Option<(usize, usize)> {
    position(&tree(text)?, field)
}

fn tree(text: &str) -> Option<Spanned<Node>> {
    serde_saphyr::from_str_with_options::<Spanned<Node>>(text, yaml_options()).ok()
}

fn position(tree: &Spanned<Node>, field: &str) -> Option<(usize, usize)> {
    let mut node = tree;
    // A field missing at the top of the file points at the file's start.
    let mut found = Some(tree);
    for step in steps(field) {
        let next = match (&node.value, step) {
            (Node::Map(entries), Step::Key(key)) => {
                entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
            }
            (Node::Seq(items), Step::Index(i)) => items.get(i),
            _ => None,
        };
        let Some(next) = next else { break };
        node = next;
        found = Some(node);
    }
    let location = found?.referenced;
    let line = (location.line() as usize).max(1);
    Some((line, (location.column() as usize).max(1)))
}

enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// `goals[2].title` → Key(goals), Index(2), Key(title).
fn steps(field: &str) -> Vec<Step<'_>> {
    let mut steps = Vec::new();
    for part in field.split('.') {
        let (key, indexes) = part
            .split_once('[')
            .map_or((part, ""), |(k, rest)| (k, rest));
        if !key.is_empty() {
            steps.push(Step::Key(key));
        }
        for index in indexes.split('[') {
            if let Ok(i) = index.trim_end_matches(']').parse() {
                steps.push(Step::Index(i));
            }
        }
    }
    steps
}
