//! Placing a goal row's cells under its header, including rows whose cells do not line
//! up with it: extraction shifts cells, merges neighbours and drops header cells.
//!
//! The grade (評価) is the anchor: it is one code from the site's scale, so it can be
//! found in any row. When it is not under the 評価 header, the cells between the
//! progress mark and the grade are placed by count, and those after it by their content
//! (評価の視点 starts with the grade, e.g. `C:`).

use std::collections::BTreeMap;

use super::cells::reason_grade;
use super::columns::{Field, Header};

/// Where each field of one row was found.
#[derive(Debug, Default)]
pub struct Placement {
    /// Field → column and cell text.
    pub fields: BTreeMap<Field, (usize, String)>,
    /// Non-empty cells no field could take: column and text.
    pub unplaced: Vec<(usize, String)>,
    /// How the row departed from its header, for the report.
    pub layout_notes: Vec<String>,
}

impl Placement {
    pub fn text(&self, field: Field) -> &str {
        self.fields.get(&field).map_or("", |(_, text)| text.trim())
    }

    fn put(&mut self, field: Field, column: usize, cells: &[String]) {
        let text = cells.get(column).cloned().unwrap_or_default();
        self.fields.insert(field, (column, text));
    }
}

pub fn place(cells: &[String], header: &Header, grades: &[String]) -> Placement {
    let cell = |index: usize| cells.get(index).map_or("", |c| c.trim());
    let is_grade = |index: usize| grades.iter().any(|code| code == cell(index));
    let mut placement = Placement::default();
    for (&column, &field) in &header.columns {
        placement.put(field, column, cells);
    }
    let grade_column = header.column(Field::Grade);
    let progress_column = header.column(Field::Progress);
    let found_grade = match (progress_column, grade_column) {
        (Some(progress), Some(expected)) if !is_grade(expected) => {
            (progress + 1..cells.len()).find(|&index| is_grade(index))
        }
        _ => None,
    };
    match (progress_column, grade_column, found_grade) {
        (Some(progress), Some(expected), Some(grade)) => {
            placement
                .fields
                .retain(|field, _| *field <= Field::Progress);
            placement.put(Field::Grade, grade, cells);
            place_middle(&mut placement, cells, header, progress, expected, grade);
            let tail: Vec<Field> = header
                .columns
                .range(expected + 1..)
                .map(|(_, f)| *f)
                .collect();
            place_tail(&mut placement, cells, &tail, grade, grades);
            placement.layout_notes.insert(
                0,
                format!(
                    "the 評価 is in column {} but the header puts it in column {}: the cells after {} were placed by their order and content",
                    grade + 1,
                    expected + 1,
                    Field::Progress
                ),
            );
        }
        (_, Some(grade), None) => {
            let tail: Vec<Field> = header.columns.range(grade + 1..).map(|(_, f)| *f).collect();
            let tail_is_direct = !tail.contains(&Field::GradeReason)
                || tail.contains(&Field::NextSteps)
                || placement.text(Field::GradeReason).is_empty()
                || reason_grade(placement.text(Field::GradeReason), grades).is_some();
            if !tail_is_direct {
                placement.fields.retain(|field, _| *field <= Field::Grade);
                place_tail(&mut placement, cells, &tail, grade, grades);
            }
        }
        _ => {}
    }
    let used: Vec<usize> = placement
        .fields
        .values()
        .map(|(column, _)| *column)
        .collect();
    let first_data_column = header.columns.keys().next().copied().unwrap_or(0);
    for (index, text) in cells.iter().enumerate() {
        if index >= first_data_column && !used.contains(&index) && !text.trim().is_empty() {
            placement.unplaced.push((index, text.trim().to_owned()));
        }
    }
    placement
}

/// Cells between the progress mark and the grade: the header's fields if the counts agree,
/// else the standard order if that fits (a header that lost its mid-year columns), else
/// the header's fields from the grade leftwards, the missing ones reported.
fn place_middle(
    placement: &mut Placement,
    cells: &[String],
    header: &Header,
    progress: usize,
    expected_grade: usize,
    grade: usize,
) {
    let named: Vec<Field> = header
        .columns
        .range(progress + 1..expected_grade)
        .map(|(_, f)| *f)
        .collect();
    let standard: Vec<Field> = Field::ALL
        .into_iter()
        .filter(|f| *f > Field::Progress && *f < Field::Grade)
        .filter(|f| *f != Field::Midyear || named.contains(&Field::Midyear))
        .collect();
    let columns: Vec<usize> = (progress + 1..grade).collect();
    let fields = if columns.len() == named.len() {
        named
    } else if columns.len() == standard.len() {
        let missing: Vec<String> = standard
            .iter()
            .filter(|f| !named.contains(f))
            .map(ToString::to_string)
            .collect();
        placement.layout_notes.push(format!(
            "the header has no {} column, but the row has cells there: placed in the standard order",
            missing.join(", ")
        ));
        standard
    } else {
        let skip = named.len().saturating_sub(columns.len());
        if skip > 0 {
            let missing: Vec<String> = named[..skip].iter().map(ToString::to_string).collect();
            placement.layout_notes.push(format!(
                "the row has {} cell(s) fewer than its header between {} and 評価: no cell for {} (it may be merged into a neighbouring cell)",
                skip,
                Field::Progress,
                missing.join(", ")
            ));
        }
        named[skip..].to_vec()
    };
    let offset = columns.len().saturating_sub(fields.len());
    for (field, column) in fields.iter().zip(&columns[offset..]) {
        placement.put(*field, *column, cells);
    }
}

/// Cells after the grade: 評価の視点 if the first one reads as one, then 課題と対応.
fn place_tail(
    placement: &mut Placement,
    cells: &[String],
    named: &[Field],
    grade: usize,
    grades: &[String],
) {
    let last_filled = (grade + 1..cells.len())
        .rev()
        .find(|&index| !cells[index].trim().is_empty());
    let Some(last) = last_filled else { return };
    let columns: Vec<usize> = (grade + 1..=last).collect();
    let first_is_reason = reason_grade(&cells[columns[0]], grades).is_some();
    if columns.len() == named.len() && (first_is_reason || named[0] != Field::GradeReason) {
        for (field, column) in named.iter().zip(&columns) {
            placement.put(*field, *column, cells);
        }
        return;
    }
    let mut columns = columns.into_iter();
    if first_is_reason {
        placement.put(
            Field::GradeReason,
            columns.next().expect("not empty"),
            cells,
        );
    } else if named.contains(&Field::GradeReason) {
        placement.layout_notes.push(format!(
            "the cell under {} does not start with a grade (e.g. `C:`): read as {}",
            Field::GradeReason,
            Field::NextSteps
        ));
    }
    if let Some(column) = columns.next() {
        placement.put(Field::NextSteps, column, cells);
    }
}
