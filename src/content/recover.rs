//! Every mistake of a file in one run.
//!
//! serde stops at the first value that does not fit, so on its own a wrong
//! type would hide every other problem of the file. Here a failed file is
//! read as a plain tree, the value that failed is set aside (an unknown field
//! removed, a missing or wrong one replaced by a stand-in of the expected
//! kind), and the tree is parsed again, until it parses or nothing more can
//! be set aside. Each problem is reported once, where it was written;
//! problems of the stand-ins themselves are not problems staff made, so they
//! are not reported — and the checks after parsing skip them too.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde_saphyr::Error as YamlError;
use serde_saphyr::Spanned;

use super::tree::{self, Node, Scalar};
use super::yaml::{self, Failure};
use crate::diagnostic::{Code, Diagnostic};

/// Bytes parsed again for one file, at most: each problem costs a parse of
/// the file or two, and a file with more problems than this allows has told
/// staff enough for one run (about 300 problems in a section of 60 KB).
const PARSE_BUDGET: usize = 20 * 1024 * 1024;

/// What a file held, and every problem found in it.
pub struct Recovered<T> {
    /// The file's content; with stand-ins in place of what was set aside when
    /// there are problems, so that the checks after parsing can still run.
    pub value: Option<T>,
    pub diagnostics: Vec<Diagnostic>,
    /// Field paths holding stand-ins: nothing found under them is reported.
    pub set_aside: Vec<String>,
}

pub fn parse_all<T: DeserializeOwned>(file: &str, text: &str) -> Recovered<T> {
    let failure = match yaml::record::<T>(text) {
        Ok(value) => {
            return Recovered {
                value: Some(value),
                diagnostics: Vec::new(),
                set_aside: Vec::new(),
            };
        }
        Err(failure) => failure,
    };
    let first = yaml::describe(file, text, &failure);
    let mut recovery = Recovery {
        file,
        text,
        diagnostics: Vec::new(),
        set_aside: Vec::new(),
        taken_out: BTreeMap::new(),
    };
    let value = match tree::parse(text) {
        Some(tree) if !matches!(tree.value, Node::Scalar(Scalar::Null)) => {
            recovery.report(hinted(first.clone(), &tree, &failure));
            recovery.go_on(tree, failure)
        }
        // A file not filled in yet lacks every field: that is what to say,
        // rather than the parser's guess of a value cut short.
        Some(_) => recovery.read_empty(),
        None if is_blank(text) => recovery.read_empty(),
        // Not YAML at all: the parser's one message is all there is.
        None => None,
    };
    let Recovery {
        mut diagnostics,
        set_aside,
        ..
    } = recovery;
    // However the recovery went, a file that did not parse says why.
    if diagnostics.is_empty() {
        diagnostics.push(first);
    }
    Recovered {
        value,
        diagnostics,
        set_aside,
    }
}

struct Recovery<'a> {
    file: &'a str,
    /// What staff wrote, which the messages quote.
    text: &'a str,
    diagnostics: Vec<Diagnostic>,
    set_aside: Vec<String>,
    /// Stand-ins for the wrong values taken out, should they be missed.
    taken_out: BTreeMap<String, Node>,
}

impl Recovery<'_> {
    /// Keeps a problem unless it is one of a stand-in, or said already.
    fn report(&mut self, diagnostic: Diagnostic) {
        let field = diagnostic.field.as_deref().unwrap_or("");
        if !is_set_aside(&self.set_aside, field) && !self.diagnostics.contains(&diagnostic) {
            self.diagnostics.push(diagnostic);
        }
    }

    /// A file with nothing but blank lines and comments in it: each missing
    /// field is told, with help that says the file is still empty.
    fn read_empty<T: DeserializeOwned>(&mut self) -> Option<T> {
        let value = self.read_from_start(tree::empty_map());
        for diagnostic in &mut self.diagnostics {
            if diagnostic.code == Code::MissingField
                && let Some(field) = &diagnostic.field
            {
                diagnostic.help = Some(format!(
                    "the file has no fields yet: add `{field}:` with its value (see \
                     docs/content.md), or delete the file if it is not needed"
                ));
            }
        }
        value
    }

    fn read_from_start<T: DeserializeOwned>(&mut self, tree: Spanned<Node>) -> Option<T> {
        match self.parse(&tree) {
            Ok(value) => Some(value),
            Err(failure) => self.go_on(tree, failure),
        }
    }

    /// Sets aside what failed and parses again, until the tree parses or
    /// nothing more can be set aside.
    fn go_on<T: DeserializeOwned>(
        &mut self,
        mut tree: Spanned<Node>,
        mut failure: Failure,
    ) -> Option<T> {
        let mut tries: BTreeMap<String, u8> = BTreeMap::new();
        let mut parsed = 0;
        while parsed < PARSE_BUDGET {
            let path = target(&failure);
            let attempt = tries.entry(path.clone()).or_default();
            *attempt += 1;
            if *attempt > 3 || !self.set_aside(&mut tree, &failure, &path) {
                return None;
            }
            parsed += self.text.len().max(1);
            failure = match self.parse(&tree) {
                Ok(value) => return Some(value),
                Err(failure) => failure,
            };
        }
        self.diagnostics.push(
            Diagnostic::new(
                Code::TooManyProblems,
                self.file,
                format!(
                    "the file has more problems than one run lists: {} are shown",
                    self.diagnostics.len()
                ),
            )
            .help("fix these, and run `hyoka check` again for the rest"),
        );
        None
    }

    /// Changes the tree so that the failure does not happen again; false when
    /// nothing can be done about it.
    fn set_aside(&mut self, tree: &mut Spanned<Node>, failure: &Failure, path: &str) -> bool {
        let error = failure.error();
        let stand_in = match error {
            // A misspelt field is read as the one it most likely meant, so that
            // the right one is not reported missing too, and its value is checked.
            YamlError::SerdeUnknownField {
                field, expected, ..
            } => {
                return yaml::closest_field(field, expected)
                    .is_some_and(|meant| tree::rename(tree, path, meant))
                    || tree::remove(tree, path, 0);
            }
            YamlError::DuplicateMappingKey { .. } => return tree::remove(tree, path, 1),
            YamlError::SerdeMissingField { .. } => self
                .taken_out
                .remove(path)
                .unwrap_or(Node::Scalar(Scalar::Null)),
            _ => {
                let Some(stand_in) = stand_in(error) else {
                    return false;
                };
                // A wrong optional field is best left out: a stand-in would be
                // counted by the checks after parsing. A required one comes
                // back as missing, and is given its stand-in then.
                if !is_set_aside(&self.set_aside, path) && tree::split_last_key(path).is_some() {
                    self.set_aside.push(path.to_owned());
                    self.taken_out.insert(path.to_owned(), stand_in);
                    return tree::remove(tree, path, 0);
                }
                stand_in
            }
        };
        self.set_aside.push(path.to_owned());
        tree::set(tree, path, stand_in)
    }

    /// Parses the tree as it now stands; a failure is reported where staff wrote it.
    fn parse<T: DeserializeOwned>(&mut self, tree: &Spanned<Node>) -> Result<T, Failure> {
        let mut text = String::new();
        tree::emit(&tree.value, &mut text);
        yaml::tracked::<T>(&text).inspect_err(|failure| {
            let error = failure.error();
            let diagnostic = yaml::explain(self.file, self.text, error, failure.path.as_deref());
            self.report(hinted(located(diagnostic, tree, failure), tree, failure));
        })
    }
}

/// Nothing but blank lines and comments.
fn is_blank(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|line| line.is_empty() || line.starts_with('#'))
}

/// The path of the value a failure is about: for a missing or repeated
/// field, the field itself rather than the map it belongs in.
fn target(failure: &Failure) -> String {
    let path = failure.path.as_deref().unwrap_or("");
    let key = match failure.error() {
        YamlError::SerdeMissingField { field, .. } => *field,
        YamlError::DuplicateMappingKey { key: Some(key), .. } => key.as_str(),
        _ => return path.to_owned(),
    };
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// Whether `field` is, or lies under, a path that holds a stand-in.
pub fn is_set_aside(set_aside: &[String], field: &str) -> bool {
    set_aside.iter().any(|path| {
        path.is_empty()
            || field
                .strip_prefix(path.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
    })
}

/// A value of the kind the failed field expects.
fn stand_in(error: &YamlError) -> Option<Node> {
    let expected = match error {
        YamlError::SerdeInvalidType { expected, .. }
        | YamlError::SerdeInvalidValue { expected, .. } => expected.as_str(),
        YamlError::Unexpected { expected, .. } | YamlError::InvalidScalar { ty: expected, .. } => {
            expected
        }
        YamlError::NullIntoString { .. } => "string",
        YamlError::SerdeUnknownVariant { expected, .. } => {
            return expected
                .first()
                .map(|variant| Node::Scalar(Scalar::Text((*variant).to_owned())));
        }
        _ => return None,
    };
    let node = if expected.contains("string") || expected.contains("text") || expected == "str" {
        Node::Scalar(Scalar::Text(String::new()))
    } else if expected.contains("sequence") {
        Node::Seq(Vec::new())
    } else if expected.starts_with("struct") || expected.contains("map") {
        Node::Map(Vec::new())
    } else if expected.contains("bool") {
        Node::Scalar(Scalar::Bool(false))
    } else if expected == crate::fiscal::EXPECTED_YEAR {
        Node::Scalar(Scalar::UInt(crate::fiscal::FiscalYear::STAND_IN.into()))
    } else if expected.starts_with(['u', 'i', 'f']) || expected.contains("number") {
        Node::Scalar(Scalar::UInt(0))
    } else {
        return None;
    };
    Some(node)
}

/// A problem found in the tree as it now stands is shown where staff wrote it.
fn located(diagnostic: Diagnostic, tree: &Spanned<Node>, failure: &Failure) -> Diagnostic {
    let mut diagnostic = diagnostic;
    let Some(field) = diagnostic.field.clone().or_else(|| failure.path.clone()) else {
        return diagnostic;
    };
    let key = match failure.error() {
        YamlError::SerdeUnknownField { .. } => tree::key_position(tree, &field, 0),
        YamlError::DuplicateMappingKey { .. } => tree::key_position(tree, &field, 1),
        _ => None,
    };
    let (line, column) = key.unwrap_or_else(|| tree::position(tree, &field));
    diagnostic = diagnostic.at(line, column);
    if diagnostic.field.is_none() {
        diagnostic = diagnostic.field(field);
    }
    diagnostic
}

/// A hint for what was written, where the parser's words fit it poorly.
fn hinted(diagnostic: Diagnostic, tree: &Spanned<Node>, failure: &Failure) -> Diagnostic {
    if diagnostic.code != Code::WrongType {
        return diagnostic;
    }
    let field = failure.path.as_deref().unwrap_or("");
    let Some(written) = tree::get(tree, field) else {
        return diagnostic;
    };
    let expected = match failure.error() {
        YamlError::SerdeInvalidType { expected, .. }
        | YamlError::SerdeInvalidValue { expected, .. } => expected.as_str(),
        YamlError::Unexpected { expected, .. } | YamlError::InvalidScalar { ty: expected, .. } => {
            expected
        }
        _ => "",
    };
    match &written.value {
        Node::Scalar(Scalar::Null) => Diagnostic {
            message: format!(
                "nothing is written here, but this field needs {}",
                yaml::plain_expected(expected)
            ),
            ..diagnostic
        }
        .help("write the value after the colon (see docs/content.md)"),
        Node::Seq(_) if yaml::expects_fields(expected) => Diagnostic {
            message: format!(
                "a list is written here, but this field needs {}",
                yaml::plain_expected(expected)
            ),
            ..diagnostic
        }
        .help(
            "write the fields right after the `- `, without a second `- ` before them: \
             a `- ` inside a `- ` makes a list of lists",
        ),
        Node::Seq(_) if !expected.contains("sequence") => one_value_expected(diagnostic, field),
        Node::Scalar(Scalar::Text(text)) if super::number::is_numeric_type(expected) => {
            match crate::fiscal::western_year(text) {
                Some(year) => Diagnostic {
                    message: format!(
                        "`{text}` is a year in the Japanese era, but a number is expected here"
                    ),
                    ..diagnostic
                }
                .help(format!("write the western year: `{year}` for {text}")),
                None => diagnostic,
            }
        }
        _ => diagnostic,
    }
}

/// Several values where the field holds one: say so, and where several go.
fn one_value_expected(diagnostic: Diagnostic, field: &str) -> Diagnostic {
    let last = field.rsplit('.').next().unwrap_or(field);
    let help = if last == "plan_type" {
        "a goal has one plan type; for several categories at once (e.g. 総計 and 行革), define \
         them under `category_axes:` in site.yaml and list them under the goal's \
         `categories:` (see docs/content.md)"
    } else {
        "write one value; for text of several lines, write `|` after the colon and the lines \
         indented below it"
    };
    Diagnostic {
        message: "a list is written here, but this field holds one value".to_owned(),
        ..diagnostic
    }
    .help(help)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::SectionFile;

    const HEAD: &str = "fiscal_year: 2023\norder: 1\nname: 課\nmission: 使命\n";

    fn problems(text: &str) -> (Option<SectionFile>, Vec<String>) {
        let recovered = parse_all::<SectionFile>("s.yaml", text);
        let shown = recovered
            .diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{}:{} {} {}",
                    d.line,
                    d.column,
                    d.code.id(),
                    d.field.as_deref().unwrap_or("")
                )
            })
            .collect();
        (recovered.value, shown)
    }

    #[test]
    fn a_wrong_entry_is_one_problem_not_one_per_field_it_lacks() {
        let text = format!(
            "{HEAD}goals:\n  - just a line\n  - rank: x\n    title: t\n    activities: a\n    indicators: []\n"
        );
        let (value, shown) = problems(&text);
        assert_eq!(shown, ["6:5 E202 goals[0]", "7:11 E202 goals[1].rank"]);
        let value = value.expect("read with stand-ins, for the checks after parsing");
        assert_eq!(value.goals[1].title, "t");
    }

    #[test]
    fn a_misspelt_field_is_read_as_the_one_it_means() {
        let text = format!(
            "{HEAD}goals:\n  - rank: 1\n    titel: [a, b]\n    activities: a\n    indicators: []\n"
        );
        let (_, shown) = problems(&text);
        assert_eq!(
            shown,
            ["7:5 E201 goals[0].titel", "7:12 E202 goals[0].title"]
        );
    }

    #[test]
    fn a_file_that_is_not_yaml_has_its_one_message() {
        let (value, shown) = problems("name: \"open\ngoals: x\n");
        assert!(value.is_none());
        assert_eq!(shown.len(), 1, "{shown:?}");
    }

    #[test]
    fn set_aside_paths_cover_what_lies_under_them() {
        let held = vec!["goals[1]".to_owned(), "name".to_owned()];
        assert!(is_set_aside(&held, "goals[1]"));
        assert!(is_set_aside(&held, "goals[1].title"));
        assert!(is_set_aside(&held, "name"));
        assert!(!is_set_aside(&held, "goals[10].title"));
        assert!(!is_set_aside(&held, "names"));
        assert!(is_set_aside(&[String::new()], "anything"));
    }
}
