//! Finds the line of a field path (`goals[2].indicators[0].unit`) in a YAML
//! text, for problems found after parsing, when the model kept no position.

use super::tree;
use crate::diagnostic::Report;

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
                .and_then(|text| tree::parse(text))
        });
        if let Some((line, column)) = tree.as_ref().map(|tree| tree::position(tree, field)) {
            diagnostic.line = line;
            diagnostic.column = column;
        }
    }
}

/// The line and column of a field path in a text, if the text is YAML.
pub(super) fn find(text: &str, field: &str) -> Option<(usize, usize)> {
    tree::parse(text).map(|tree| tree::position(&tree, field))
}
