//! A YAML text as a plain tree of maps, lists and scalars, each with the
//! place it was written: for finding a field's line, and for setting a bad
//! value aside so that the rest of a file can still be checked.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::yaml::yaml_options;

pub(super) enum Node {
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
    Seq(Vec<Spanned<Node>>),
    Scalar(Scalar),
}

/// A scalar as YAML types it when nothing says what it should be.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Text(String),
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
        while let Some(entry) = map.next_entry::<Spanned<String>, Spanned<Node>>()? {
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

    fn visit_bool<E>(self, value: bool) -> Result<Node, E> {
        Ok(Node::Scalar(Scalar::Bool(value)))
    }
    fn visit_i64<E>(self, value: i64) -> Result<Node, E> {
        Ok(Node::Scalar(Scalar::Int(value)))
    }
    fn visit_u64<E>(self, value: u64) -> Result<Node, E> {
        Ok(Node::Scalar(Scalar::UInt(value)))
    }
    fn visit_f64<E>(self, value: f64) -> Result<Node, E> {
        Ok(Node::Scalar(Scalar::Float(value)))
    }
    fn visit_str<E>(self, value: &str) -> Result<Node, E> {
        Ok(Node::Scalar(Scalar::Text(value.to_owned())))
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar(Scalar::Null))
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar(Scalar::Null))
    }
}

/// The tree of a text, if the text is YAML. A key written twice is kept
/// twice, so that the second one can be found and reported.
pub(super) fn parse(text: &str) -> Option<Spanned<Node>> {
    let mut options = yaml_options();
    options.duplicate_keys = serde_saphyr::options::DuplicateKeyPolicy::PassThrough;
    serde_saphyr::from_str_with_options::<Spanned<Node>>(text, options).ok()
}

/// A map with nothing in it, standing for a file with nothing in it.
pub(super) fn empty_map() -> Spanned<Node> {
    let location = serde_saphyr::Location::UNKNOWN;
    Spanned::new(Node::Map(Vec::new()), location, location)
}

pub(super) enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// `goals[2].title` → Key(goals), Index(2), Key(title).
pub(super) fn steps(field: &str) -> Vec<Step<'_>> {
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

fn child<'n>(node: &'n Node, step: &Step) -> Option<&'n Spanned<Node>> {
    match (node, step) {
        (Node::Map(entries), Step::Key(key)) => entries
            .iter()
            .find(|(k, _)| k.value == *key)
            .map(|(_, v)| v),
        (Node::Seq(items), Step::Index(i)) => items.get(*i),
        _ => None,
    }
}

/// The node at a field path, if it is written.
pub(super) fn get<'n>(tree: &'n Spanned<Node>, field: &str) -> Option<&'n Spanned<Node>> {
    steps(field)
        .iter()
        .try_fold(tree, |node, step| child(&node.value, step))
}

/// The line and column of the value at a field path, or of the nearest
/// enclosing value that is written (a missing `unit` points at its indicator).
pub(super) fn position(tree: &Spanned<Node>, field: &str) -> (usize, usize) {
    let mut node = tree;
    for step in steps(field) {
        match child(&node.value, &step) {
            Some(next) => node = next,
            None => break,
        }
    }
    line_column(&node.referenced)
}

/// The line and column of the key that ends a field path, written the
/// `nth` time (0 = first).
pub(super) fn key_position(
    tree: &Spanned<Node>,
    field: &str,
    nth: usize,
) -> Option<(usize, usize)> {
    let (parent, key) = split_last_key(field)?;
    let Node::Map(entries) = &get(tree, parent)?.value else {
        return None;
    };
    let (key, _) = entries.iter().filter(|(k, _)| k.value == key).nth(nth)?;
    Some(line_column(&key.referenced))
}

fn line_column(location: &serde_saphyr::Location) -> (usize, usize) {
    (
        (location.line() as usize).max(1),
        (location.column() as usize).max(1),
    )
}

/// `goals[1].title` → (`goals[1]`, `title`); a path ending in an index has no last key.
pub(super) fn split_last_key(field: &str) -> Option<(&str, &str)> {
    let (parent, key) = field.rsplit_once('.').unwrap_or(("", field));
    (!key.is_empty() && !key.contains('[')).then_some((parent, key))
}

fn get_mut<'n>(tree: &'n mut Spanned<Node>, field: &str) -> Option<&'n mut Spanned<Node>> {
    let mut node = tree;
    for step in steps(field) {
        node = match (&mut node.value, step) {
            (Node::Map(entries), Step::Key(key)) => entries
                .iter_mut()
                .find(|(k, _)| k.value == key)
                .map(|(_, v)| v)?,
            (Node::Seq(items), Step::Index(i)) => items.get_mut(i)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Removes the `nth` entry of the key that ends `field`; false if there is none.
pub(super) fn remove(tree: &mut Spanned<Node>, field: &str, nth: usize) -> bool {
    let Some((parent, key)) = split_last_key(field) else {
        return false;
    };
    let Some(Node::Map(entries)) = get_mut(tree, parent).map(|n| &mut n.value) else {
        return false;
    };
    let Some(at) = entries
        .iter()
        .enumerate()
        .filter(|(_, (k, _))| k.value == key)
        .nth(nth)
        .map(|(at, _)| at)
    else {
        return false;
    };
    entries.remove(at);
    true
}

/// Gives the key that ends `field` another name, unless its map has one of
/// that name already; false if it was not renamed.
pub(super) fn rename(tree: &mut Spanned<Node>, field: &str, to: &str) -> bool {
    let Some((parent, key)) = split_last_key(field) else {
        return false;
    };
    let Some(Node::Map(entries)) = get_mut(tree, parent).map(|n| &mut n.value) else {
        return false;
    };
    if entries.iter().any(|(k, _)| k.value == to) {
        return false;
    }
    match entries.iter_mut().find(|(k, _)| k.value == key) {
        Some((k, _)) => {
            k.value = to.to_owned();
            true
        }
        None => false,
    }
}

/// Writes `value` at `field`, adding the key to its map if it is not there;
/// false if the path leads nowhere.
pub(super) fn set(tree: &mut Spanned<Node>, field: &str, value: Node) -> bool {
    if let Some(node) = get_mut(tree, field) {
        node.value = value;
        return true;
    }
    let Some((parent, key)) = split_last_key(field) else {
        return false;
    };
    let Some(Node::Map(entries)) = get_mut(tree, parent).map(|n| &mut n.value) else {
        return false;
    };
    let location = serde_saphyr::Location::UNKNOWN;
    entries.push((
        Spanned::new(key.to_owned(), location, location),
        Spanned::new(value, location, location),
    ));
    true
}

/// The tree as YAML text in flow style (JSON with YAML's words for what
/// JSON lacks), which reads back as the same values.
pub(super) fn emit(node: &Node, out: &mut String) {
    match node {
        Node::Map(entries) => {
            out.push('{');
            for (n, (key, value)) in entries.iter().enumerate() {
                if n > 0 {
                    out.push_str(", ");
                }
                push_text(&key.value, out);
                out.push_str(": ");
                emit(&value.value, out);
            }
            out.push('}');
        }
        Node::Seq(items) => {
            out.push('[');
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    out.push_str(", ");
                }
                emit(&item.value, out);
            }
            out.push(']');
        }
        Node::Scalar(scalar) => match scalar {
            Scalar::Null => out.push_str("null"),
            Scalar::Bool(value) => out.push_str(if *value { "true" } else { "false" }),
            Scalar::Int(value) => out.push_str(&value.to_string()),
            Scalar::UInt(value) => out.push_str(&value.to_string()),
            Scalar::Float(value) if value.is_nan() => out.push_str(".nan"),
            Scalar::Float(value) if value.is_infinite() => {
                out.push_str(if *value > 0.0 { ".inf" } else { "-.inf" })
            }
            // `{:?}` keeps the point of a whole float (`82.0`), so it stays a float.
            Scalar::Float(value) => out.push_str(&format!("{value:?}")),
            Scalar::Text(text) => push_text(text, out),
        },
    }
}

/// JSON's escapes are all YAML double-quoted escapes too.
fn push_text(text: &str, out: &mut String) {
    out.push_str(&serde_json::to_string(text).expect("a string always serializes"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn emitted(text: &str) -> String {
        let mut out = String::new();
        emit(&parse(text).expect("YAML").value, &mut out);
        out
    }

    #[test]
    fn the_emitted_text_reads_back_as_the_same_values() {
        let text = "a: 1\nb: [x, \"y: z\", 2.0, -3, ~, true]\nc:\n  d: |\n    line \"one\"\n    line\ttwo\n";
        let once = emitted(text);
        assert_eq!(
            once,
            r#"{"a": 1, "b": ["x", "y: z", 2.0, -3, null, true], "c": {"d": "line \"one\"\nline\ttwo\n"}}"#
        );
        assert_eq!(emitted(&once), once);
    }

    #[test]
    fn values_are_found_removed_and_set_by_path() {
        let mut tree = parse("goals:\n  - rank: 1\n    title: t\n    title: u\n").unwrap();
        assert_eq!(position(&tree, "goals[0].title"), (3, 12));
        assert_eq!(position(&tree, "goals[0].unit"), (2, 5));
        assert_eq!(key_position(&tree, "goals[0].title", 1), Some((4, 5)));
        assert!(remove(&mut tree, "goals[0].title", 1));
        assert!(!rename(&mut tree, "goals[0].rank", "title"));
        assert!(rename(&mut tree, "goals[0].rank", "rnak"));
        assert!(rename(&mut tree, "goals[0].rnak", "rank"));
        assert!(set(
            &mut tree,
            "goals[0].rank",
            Node::Scalar(Scalar::Int(0))
        ));
        assert!(set(&mut tree, "goals[0].name", Node::Scalar(Scalar::Null)));
        assert!(!set(&mut tree, "plans[0].name", Node::Scalar(Scalar::Null)));
        let mut out = String::new();
        emit(&tree.value, &mut out);
        assert_eq!(
            out,
            r#"{"goals": [{"rank": 0, "title": "t", "name": null}]}"#
        );
    }
}
