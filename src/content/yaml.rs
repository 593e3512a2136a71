//! Parsing one YAML text into a model type, and saying what went wrong in
//! words a person who is not a programmer can act on.

use serde::de::DeserializeOwned;
use serde_saphyr::Error as YamlError;
use serde_saphyr::budget::BudgetBreach;

use crate::diagnostic::{Code, Diagnostic};

/// Parses YAML text, turning any failure into a located diagnostic with the field path.
pub fn parse_yaml<T: DeserializeOwned>(
    file: &str,
    text: &str,
) -> std::result::Result<T, Diagnostic> {
    parse_with(file, text, yaml_options())
}

/// [`parse_yaml`] for a type built only of structs, sequences and scalars
/// (no maps): the content files and site.yaml.
///
/// The first, untracked pass leaves duplicate keys to the struct, which
/// refuses a field written twice, so the parser need not remember every key
/// it has seen (about 7% of parsing). A merge key (`<<`) stops that pass
/// too. Either way the file is parsed again with [`yaml_options`], so what is
/// accepted, and every message, stays the same. A map would silently keep
/// the last of two equal keys: types holding one go through `parse_yaml`.
pub fn parse_record<T: DeserializeOwned>(
    file: &str,
    text: &str,
) -> std::result::Result<T, Diagnostic> {
    record(text).map_err(|failure| describe(file, text, &failure))
}

/// [`parse_record`], failing with what serde said rather than a message.
pub(super) fn record<T: DeserializeOwned>(text: &str) -> std::result::Result<T, Failure> {
    let mut first = yaml_options();
    first.duplicate_keys = serde_saphyr::options::DuplicateKeyPolicy::PassThrough;
    first.merge_keys = serde_saphyr::options::MergeKeyPolicy::Error;
    untracked_first(text, first)
}

fn parse_with<T: DeserializeOwned>(
    file: &str,
    text: &str,
    first: serde_saphyr::Options,
) -> std::result::Result<T, Diagnostic> {
    untracked_first(text, first).map_err(|failure| describe(file, text, &failure))
}

fn untracked_first<T: DeserializeOwned>(
    text: &str,
    first: serde_saphyr::Options,
) -> std::result::Result<T, Failure> {
    // Tracking the field path slows every file down, and only a file that
    // fails needs it: such a file is parsed a second time, with tracking.
    if let Ok(value) =
        serde_saphyr::with_deserializer_from_str_with_options(text, first, |de| T::deserialize(de))
    {
        return Ok(value);
    }
    tracked(text)
}

/// Why a text did not deserialize, and the field path where it stopped.
pub(super) struct Failure {
    pub error: Box<YamlError>,
    pub path: Option<String>,
}

impl Failure {
    /// The error itself, not the alias or snippet wrapped around it.
    pub fn error(&self) -> &YamlError {
        innermost(&self.error)
    }
}

/// Parses with the field path tracked, for the message of a failure.
pub(super) fn tracked<T: DeserializeOwned>(text: &str) -> std::result::Result<T, Failure> {
    let mut track = serde_path_to_error::Track::new();
    let result =
        serde_saphyr::with_deserializer_from_str_with_options(text, yaml_options(), |de| {
            T::deserialize(serde_path_to_error::Deserializer::new(de, &mut track))
        });
    result.map_err(|error| {
        let path = field_path(&track.path().to_string());
        let path = (!path.is_empty() && path != ".").then_some(path);
        Failure {
            error: Box::new(error),
            path,
        }
    })
}

/// The parser's own limits are generous for configuration files; a report
/// needs far less, so a hostile file is refused long before it costs much.
pub(super) fn yaml_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = 32;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_events = 500_000;
    budget.max_nodes = 200_000;
    let mut alias_limits = serde_saphyr::options::AliasLimits::default();
    alias_limits.max_total_replayed_events = 50_000;
    serde_saphyr::options! {
        with_snippet: false,
        budget: Some(budget),
        alias_limits: alias_limits,
    }
}

/// Fields whose value the model keeps with its position (`Located<T>`): the
/// wrapper's own `value` is not part of what staff wrote.
const LOCATED_FIELDS: [&str; 14] = [
    "fiscal_year",
    "id",
    "continues",
    "year",
    "rank",
    "plan_type",
    "categories",
    "implements",
    "progress",
    "grade",
    "kpi",
    "date",
    "from",
    "to",
];

/// Targets, mid-year values, actuals and original targets: a number or a short text.
fn holds_a_measure(path: &str) -> bool {
    let field = path.rsplit('.').next().unwrap_or(path);
    matches!(field, "target" | "midyear" | "actual" | "original")
}

/// The path as staff would write it: `goals[1].rank`, not `goals[1].rank.value`.
fn field_path(raw: &str) -> String {
    let raw = raw.trim_end_matches(".?").trim_end_matches('?');
    let mut kept: Vec<&str> = Vec::new();
    for segment in raw.split('.') {
        let previous = kept.last().map(|s| s.split('[').next().unwrap_or(s));
        if segment == "value" && previous.is_some_and(|p| LOCATED_FIELDS.contains(&p)) {
            continue;
        }
        kept.push(segment);
    }
    kept.join(".")
}

/// The message of a failure, at the place the parser stopped.
pub(super) fn describe(file: &str, text: &str, failure: &Failure) -> Diagnostic {
    let err = failure.error();
    let path = failure.path.as_deref();
    let mut diagnostic = explain(file, text, err, path);
    // A missing field is noticed where its mapping ends; the start of the
    // mapping is where to add it.
    if diagnostic.code == Code::MissingField
        && let Some((line, column)) = diagnostic
            .field
            .as_deref()
            .and_then(|field| super::locate::find(text, field))
    {
        diagnostic = diagnostic.at(line, column);
    }
    if diagnostic.line == 0
        && let Some(location) = err.location()
    {
        diagnostic = diagnostic.at(location.line() as usize, location.column() as usize);
    }
    // A tab or an open quote is found by looking elsewhere than where the
    // parser stopped, so the parser's field path would mislead.
    let relocated = matches!(diagnostic.code, Code::Tab | Code::Quote);
    if let Some(path) = path
        && diagnostic.field.is_none()
        && !relocated
    {
        diagnostic = diagnostic.field(path);
    }
    diagnostic
}

/// An error met while replaying an alias wraps the real one.
fn innermost(mut err: &YamlError) -> &YamlError {
    while let YamlError::AliasError { error, .. } | YamlError::WithSnippet { error, .. } = err {
        err = error;
    }
    err
}

pub(super) fn explain(file: &str, text: &str, err: &YamlError, path: Option<&str>) -> Diagnostic {
    let new = |code, message: String| Diagnostic::new(code, file, message);
    match err {
        YamlError::SerdeUnknownField {
            field, expected, ..
        } => new(Code::UnknownField, format!("unknown field `{field}`"))
            .help(field_suggestion(field, expected)),
        YamlError::SerdeMissingField { field, .. } => {
            let diagnostic = new(
                Code::MissingField,
                format!("the required field `{field}` is missing"),
            )
            .help(format!("add `{field}:` with its value (see docs/content.md)"));
            diagnostic.field(match path {
                Some(path) => format!("{path}.{field}"),
                None => (*field).to_owned(),
            })
        }
        YamlError::SerdeInvalidType {
            unexpected,
            expected,
            ..
        }
        | YamlError::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => new(
            Code::WrongType,
            format!(
                "found {}, expected {}",
                plain_found(unexpected),
                plain_expected(expected)
            ),
        )
        .help(type_help(expected)),
        YamlError::Unexpected { .. } if path.is_some_and(holds_a_measure) => new(
            Code::WrongType,
            "expected a number (e.g. 79.2) or a short text (e.g. 実施)".to_owned(),
        )
        .help("write one value; lists and nested fields are not allowed here"),
        YamlError::Unexpected { expected, .. } => new(
            Code::WrongType,
            format!("expected {} here", plain_expected(expected)),
        )
        .help(type_help(expected)),
        YamlError::InvalidScalar { ty, .. } => new(
            Code::WrongType,
            format!("this value is not {}", plain_expected(ty)),
        )
        .help(type_help(ty)),
        YamlError::NullIntoString { .. } => new(
            Code::EmptyText,
            "no text is written here, but this field needs text".to_owned(),
        )
        .help("write the text after the colon, or remove the field if it is optional"),
        YamlError::SerdeUnknownVariant {
            variant, expected, ..
        } => new(
            Code::UnknownValue,
            format!("`{variant}` is not allowed here"),
        )
        .help(format!("use one of: {}", expected.join(", "))),
        YamlError::DuplicateMappingKey { key, .. } => {
            let key = key.as_deref().unwrap_or("this key");
            let mut diagnostic = new(
                Code::DuplicateKey,
                format!("`{key}` is written twice in the same place"),
            )
            .help("keep one of the two lines: YAML cannot say which one is meant");
            if let Some(path) = path {
                diagnostic = diagnostic.field(format!("{path}.{key}"));
            }
            diagnostic
        }
        YamlError::Budget { breach, .. } => {
            let (message, help) = budget_message(breach);
            new(Code::TooComplex, message.to_owned()).help(help)
        }
        YamlError::AliasReplayCounterOverflow { .. }
        | YamlError::AliasReplayLimitExceeded { .. }
        | YamlError::AliasExpansionLimitExceeded { .. }
        | YamlError::AliasReplayStackDepthExceeded { .. }
        | YamlError::RecursiveReferencesRequireWeakTypes { .. } => new(
            Code::TooComplex,
            "aliases (*name) expand to far more content than a report can hold".to_owned(),
        )
        .help("write the content out plainly instead of repeating it with anchors (&) and aliases (*)"),
        YamlError::Eof { .. } => new(
            Code::Syntax,
            "the file ends in the middle of a value".to_owned(),
        )
        .help("a quote, bracket or brace opened above may be missing its closing partner"),
        YamlError::MultipleDocuments { .. } => new(
            Code::Syntax,
            "the file holds more than one YAML document (a line `---` starts a second one)"
                .to_owned(),
        )
        .help("remove the `---` line, or split the content into separate files"),
        other => syntax(file, text, other),
    }
}

/// Errors of the parser itself: the text is not YAML.
fn syntax(file: &str, text: &str, err: &YamlError) -> Diagnostic {
    let raw = plain_message(&err.to_string());
    if let Some((line, column)) = first_tab_indent(text) {
        return Diagnostic::new(Code::Tab, file, "a tab is used for indentation")
            .at(line, column)
            .help("YAML indents with spaces only: replace the tab with spaces");
    }
    if raw.contains("recursion limit") || raw.contains("nesting") {
        return Diagnostic::new(Code::TooComplex, file, TOO_DEEP).help(TOO_DEEP_HELP);
    }
    if raw.contains("quoted scalar") || raw.contains("unclosed quote") {
        let error_line = err.location().map_or(0, |l| l.line() as usize);
        let mut diagnostic = Diagnostic::new(Code::Quote, file, "a quote (\" or ') is not closed")
            .help("end the text with the same quote it starts with, or remove the quote");
        if let Some((line, column)) = unclosed_quote(text, error_line) {
            diagnostic = diagnostic.at(line, column);
        }
        return diagnostic;
    }
    if let Some((line, column, close)) =
        unclosed_bracket(text, err.location().map_or(0, |l| l.line() as usize))
    {
        return Diagnostic::new(
            Code::Syntax,
            file,
            format!("a bracket opened here is not closed with `{close}`"),
        )
        .at(line, column)
        .help(format!(
            "end the list or group with `{close}` on the same line, or write it as indented lines"
        ));
    }
    let message = PARSER_PHRASES
        .iter()
        .find(|(phrase, _)| raw.contains(phrase))
        .map_or_else(
            || format!("the YAML cannot be read here: {raw}"),
            |(_, plain)| (*plain).to_owned(),
        );
    Diagnostic::new(Code::Syntax, file, message).help(
        "check the indentation (spaces, each level two more) and that every `field:` has a space after the colon",
    )
}

/// The parser's most common complaints, said plainly.
const PARSER_PHRASES: [(&str, &str); 5] = [
    (
        "mapping values are not allowed",
        "a `field:` stands where it cannot: its indentation does not match the lines around it",
    ),
    (
        "block sequence entries are not allowed",
        "a `- ` list entry stands where it cannot: check its indentation",
    ),
    (
        "did not find expected key",
        "a line does not line up with the fields around it",
    ),
    (
        "did not find expected ',' or ']'",
        "a list in brackets `[ ]` is not closed",
    ),
    (
        "did not find expected ',' or '}'",
        "a group in braces `{ }` is not closed",
    ),
];

const TOO_DEEP: &str = "values are nested deeper than any report needs";
const TOO_DEEP_HELP: &str = "write the content out plainly: no deep nesting of lists or groups";

/// What went past the parser's limits, and the help that fits it.
fn budget_message(breach: &BudgetBreach) -> (&'static str, &'static str) {
    match breach {
        BudgetBreach::Depth { .. } => (TOO_DEEP, TOO_DEEP_HELP),
        BudgetBreach::Aliases { .. } | BudgetBreach::Anchors { .. } => (
            "too many anchors (&name) or aliases (*name)",
            "write the content out plainly, without `&` and `*`",
        ),
        _ => (
            "the file holds far more values than a report can hold",
            "a section's file holds a few thousand values at most: look for a list that grew \
             far too long, e.g. by a repeated paste or a script",
        ),
    }
}

/// The parser's message without the position it appends, which the
/// diagnostic already carries.
fn plain_message(message: &str) -> String {
    let trimmed = match message.rfind(" at line ") {
        Some(at) if message[at..].contains(", column ") => &message[..at],
        _ => message,
    };
    trimmed.trim().to_owned()
}

/// The nearest valid field name, or the list of names allowed here.
fn field_suggestion(found: &str, expected: &[&str]) -> String {
    match closest_field(found, expected) {
        Some(name) => format!("did you mean `{name}`?"),
        None if expected.is_empty() => "remove the field".to_owned(),
        None => format!("remove the field, or use one of: {}", expected.join(", ")),
    }
}

/// The valid field name a misspelt one most likely meant.
pub(super) fn closest_field<'a>(found: &str, expected: &[&'a str]) -> Option<&'a str> {
    let (distance, name) = expected
        .iter()
        .map(|candidate| (strsim::damerau_levenshtein(found, candidate), *candidate))
        .min()?;
    (distance <= found.chars().count().max(3) / 2).then_some(name)
}

/// serde's names for what it found, in everyday words.
fn plain_found(unexpected: &str) -> String {
    let unexpected = unexpected.trim();
    for (prefix, word) in [
        ("string ", "the text "),
        ("integer ", "the number "),
        ("floating point ", "the number "),
        ("boolean ", "the yes/no value "),
    ] {
        if let Some(value) = unexpected.strip_prefix(prefix) {
            return format!("{word}{value}");
        }
    }
    match unexpected {
        "sequence" => "a list".to_owned(),
        "map" => "a group of fields".to_owned(),
        "unit value" | "null" => "nothing".to_owned(),
        other => other.to_owned(),
    }
}

pub(super) fn plain_expected(expected: &str) -> String {
    let expected = expected.trim();
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number (0 or more)".to_owned(),
        "i8" | "i16" | "i32" | "i64" => "a whole number".to_owned(),
        "f32" | "f64" => "a number".to_owned(),
        "a string" | "string" | "str" | "string scalar" => "text".to_owned(),
        "a sequence" | "sequence" | "sequence start" => {
            "a list (lines starting with `- `)".to_owned()
        }
        "scalar" | "a scalar" => "a single value".to_owned(),
        "a boolean" | "bool" => "true or false".to_owned(),
        other if expects_fields(other) => "a group of fields (`field: value` lines)".to_owned(),
        other => other.to_owned(),
    }
}

/// Whether what serde expected is a mapping of fields, by any of its names.
pub(super) fn expects_fields(expected: &str) -> bool {
    let expected = expected.trim();
    expected.starts_with("struct ") || expected.starts_with("a map") || expected == "mapping start"
}

fn type_help(expected: &str) -> String {
    let expected = plain_expected(expected);
    match expected.as_str() {
        "a whole number (0 or more)" | "a whole number" | "a number" => {
            "write the number alone, without units, commas or quotes (e.g. 7963 or 74.2)".to_owned()
        }
        "text" => {
            "write the text after the colon; put it in quotes if it starts with a symbol".to_owned()
        }
        _ => format!("write {expected} here (see docs/content.md)"),
    }
}

/// Line and column of the first tab in a line's indentation.
fn first_tab_indent(text: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(n, line)| {
        let indent = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
        indent
            .find('\t')
            .map(|at| (n + 1, indent[..at].chars().count() + 1))
    })
}

/// The opening quote of an unclosed quoted text: the last line at or before
/// the error whose quotes do not pair up.
fn unclosed_quote(text: &str, error_line: usize) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let last = error_line.clamp(1, lines.len().max(1));
    (1..=last).rev().find_map(|n| {
        let line = lines.get(n - 1)?;
        let value_start = line.find(": ").map_or(0, |at| at + 2);
        let value = line[value_start..].trim_start();
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let body = &value[1..];
        let closed = if quote == '"' {
            body.replace("\\\\", "").replace("\\\"", "").contains('"')
        } else {
            body.replace("''", "").contains('\'')
        };
        let column = line[..line.len() - value.len()].chars().count() + 1;
        (!closed).then_some((n, column))
    })
}

/// The opening bracket of a flow list `[` or group `{` that its line does
/// not close, on the line of the error or the one before it.
fn unclosed_bracket(text: &str, error_line: usize) -> Option<(usize, usize, char)> {
    let lines: Vec<&str> = text.lines().collect();
    let last = error_line.min(lines.len());
    (last.saturating_sub(1).max(1)..=last).rev().find_map(|n| {
        let line = lines.get(n - 1)?;
        let mut open: Vec<(usize, char)> = Vec::new();
        let mut quote = None;
        for (column, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => break,
                (None, '[') => open.push((column + 1, ']')),
                (None, '{') => open.push((column + 1, '}')),
                (None, ']' | '}') => {
                    open.pop();
                }
                _ => {}
            }
        }
        open.first().map(|&(column, close)| (n, column, close))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> Diagnostic {
        parse_yaml::<serde::de::IgnoredAny>("hostile.yaml", text).expect_err("must be refused")
    }

    #[test]
    fn an_alias_bomb_is_refused_with_a_location() {
        let mut text = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (n, name) in "bcdefghijklm".chars().enumerate() {
            let previous = (b'a' + n as u8) as char;
            let list = vec![format!("*{previous}"); 9].join(", ");
            text.push_str(&format!("{name}: &{name} [{list}]\n"));
        }
        let diagnostic = refused(&text);
        assert_eq!(diagnostic.code, Code::TooComplex, "{diagnostic}");
        assert!(diagnostic.line > 0, "{diagnostic}");
    }

    #[test]
    fn deep_nesting_is_refused_with_a_location() {
        for text in [
            format!("a: {}{}", "[".repeat(10_000), "]".repeat(10_000)),
            format!("a: {}x", "- ".repeat(10_000)),
            format!(
                "a:\n{}",
                (1..2_000)
                    .map(|n| format!("{}k{n}:\n", " ".repeat(n)))
                    .collect::<String>()
            ),
        ] {
            let diagnostic = refused(&text);
            assert!(
                matches!(diagnostic.code, Code::TooComplex | Code::Syntax),
                "{diagnostic}"
            );
            assert!(diagnostic.line > 0, "{diagnostic}");
        }
    }

    #[test]
    fn a_record_reads_and_refuses_what_parse_yaml_does() {
        use crate::content::model::KpiSeries;
        let head = "title: t\nunit: \"%\"\ndefinition: d\npoints:\n";
        let twice = format!("{head}- date: 2024-03\n  value: 1\n  value: 2\n  source: s\n");
        let record = parse_record::<KpiSeries>("k.yaml", &twice).expect_err("a key twice");
        let yaml = parse_yaml::<KpiSeries>("k.yaml", &twice).expect_err("a key twice");
        assert_eq!(record.code, Code::DuplicateKey, "{record}");
        assert_eq!(format!("{record:?}"), format!("{yaml:?}"));

        let merged = format!(
            "{head}- &p {{date: 2024-03, value: 1, source: s}}\n- <<: *p\n  date: 2024-09\n"
        );
        let record = parse_record::<KpiSeries>("k.yaml", &merged).expect("a merge key is YAML");
        let yaml = parse_yaml::<KpiSeries>("k.yaml", &merged).expect("a merge key is YAML");
        assert_eq!(record, yaml);
    }

    #[test]
    fn tab_indentation_is_found_where_it_is() {
        assert_eq!(first_tab_indent("a: 1\n  b: 2\n \tc: 3\n"), Some((3, 2)));
        assert_eq!(first_tab_indent("a: \"x\ty\"\n"), None);
    }

    #[test]
    fn an_unclosed_bracket_is_found_on_its_line() {
        let text = "a: [1, 2]\nb: [{x: 1}\nc: 3\n";
        assert_eq!(unclosed_bracket(text, 3), Some((2, 4, ']')));
        assert_eq!(unclosed_bracket("a: \"[\"\nb: 1\n", 2), None);
    }

    #[test]
    fn the_unclosed_quote_is_the_one_that_opens() {
        let text = "a: \"fine\"\nb: \"open\nc: x\n";
        assert_eq!(unclosed_quote(text, 3), Some((2, 4)));
    }

    #[test]
    fn field_paths_leave_out_the_position_wrapper() {
        assert_eq!(field_path("goals[1].rank.value"), "goals[1].rank");
        assert_eq!(
            field_path("goals[0].implements[0].value.plan"),
            "goals[0].implements[0].plan"
        );
        assert_eq!(field_path("points[0].value"), "points[0].value");
    }

    #[test]
    fn suggestions_name_the_closest_field() {
        assert_eq!(
            field_suggestion("titel", &["rank", "title", "activities"]),
            "did you mean `title`?"
        );
        assert!(field_suggestion("zzzzzz", &["rank"]).starts_with("remove the field"));
    }
}
