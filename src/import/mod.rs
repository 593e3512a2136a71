//! `hyoka import`: a section goal sheet (CSV, TSV, XLSX) into one content file per section.
//!
//! sheet → rows of cells; columns → which column holds what; align → a row's cells under
//! its header; cells → the text and values of one cell; write → YAML files.

mod align;
mod cells;
pub mod columns;
mod sheet;
mod write;

use std::fmt;
use std::path::{Path, PathBuf};

use serde_saphyr::{Location, Spanned};

use crate::config::SiteConfig;
use crate::content::model::{Direction, Goal, Indicator, Measure, SectionFile, TargetRevision};
use crate::content::yaml::parse_record;
use crate::diagnostic::Report;
use crate::error::{Error, Result};
use align::Placement;
use columns::{Field, Header, MappingFile, Names};

pub struct ImportOptions {
    /// The goal sheet.
    pub sheet: PathBuf,
    pub year: u16,
    /// The site folder: its site.yaml gives the grade scale, progress marks and plan types.
    pub root: PathBuf,
    /// Where the section files go; `<root>/content/<year>` by default.
    pub out: Option<PathBuf>,
    pub mapping: Option<PathBuf>,
    /// Overwrite section files that exist.
    pub force: bool,
}

pub struct ImportSummary {
    pub written: Vec<ImportedSection>,
    /// Everything the run could not place or found inconsistent, in sheet order.
    pub findings: Vec<Finding>,
}

pub struct ImportedSection {
    pub path: PathBuf,
    pub name: String,
    pub goals: usize,
    pub indicators: usize,
}

/// Something the report at the end of a run lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub kind: FindingKind,
    /// Row of the sheet (`49`, or `Sheet1!49` in a workbook).
    pub row: String,
    pub section: String,
    pub goal: Option<u32>,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingKind {
    /// Text that no field could take; it is kept in the YAML as a comment.
    Unplaced,
    /// The sheet contradicts itself, e.g. a grade and the 評価の視点 beside it.
    Inconsistent,
    /// A row's cells did not line up with its header and were placed by content.
    Layout,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            FindingKind::Unplaced => "not placed",
            FindingKind::Inconsistent => "inconsistent",
            FindingKind::Layout => "layout",
        };
        write!(f, "row {}: {}", self.row, self.section)?;
        if let Some(rank) = self.goal {
            write!(f, ", goal {rank}")?;
        }
        write!(f, ": {kind}: {}", self.message)
    }
}

/// One section as read from the sheet, before it gets a file.
struct Draft {
    name: String,
    row: String,
    section: SectionFile,
    /// Comments for the YAML: per goal rank (None = the section), each with its text.
    notes: Vec<(Option<u32>, String)>,
}

pub fn import(options: &ImportOptions) -> Result<ImportSummary> {
    let config = site_config(&options.root)?;
    let mapping = match &options.mapping {
        Some(path) => columns::read_mapping(path)?,
        None => MappingFile::default(),
    };
    let names = Names::new(mapping);
    let rows = sheet::read(&options.sheet)?;
    let mut reader = SheetReader {
        names: &names,
        config: &config,
        year: options.year,
        drafts: Vec::new(),
        findings: Vec::new(),
        header: None,
        header_open: false,
    };
    for row in &rows {
        reader.row(row);
    }
    if reader.drafts.is_empty() {
        return Err(Error::Usage(format!(
            "{}: found no goal rows: no header row names at least three of the columns (順位, 取組項目, 指標 …); map this sheet's headers with --mapping",
            options.sheet.display()
        )));
    }
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| options.root.join("content").join(options.year.to_string()));
    let written = write::write_sections(&out, &reader.drafts, &names, options.force)?;
    Ok(ImportSummary {
        written,
        findings: reader.findings,
    })
}

/// The site's scales; without a site.yaml, those of a new site (`hyoka init`).
/// A site.yaml that is there but is no regular file is refused, not taken for
/// a missing one.
fn site_config(root: &Path) -> Result<SiteConfig> {
    let path = root.join("site.yaml");
    let (file, text) = if path.symlink_metadata().is_ok() {
        let text = sheet::read_text(&path)?;
        (path.display().to_string(), text)
    } else {
        (
            "site.yaml".to_owned(),
            include_str!("../init/site.yaml").to_owned(),
        )
    };
    parse_record(&file, &text).map_err(|diagnostic| {
        let mut report = Report::default();
        report.add_source(&file, text.as_str().into());
        report.push(diagnostic);
        Error::Content(report)
    })
}

struct SheetReader<'a> {
    names: &'a Names,
    config: &'a SiteConfig,
    year: u16,
    drafts: Vec<Draft>,
    findings: Vec<Finding>,
    header: Option<Header>,
    /// The previous row was a header row: a header row right after it continues it.
    header_open: bool,
}

impl SheetReader<'_> {
    fn row(&mut self, row: &sheet::Row) {
        let filled: Vec<(usize, &str)> = row
            .cells
            .iter()
            .enumerate()
            .map(|(index, cell)| (index, cell.trim()))
            .filter(|(_, cell)| !cell.is_empty())
            .collect();
        let Some(&(_, first)) = filled.first() else {
            return;
        };
        let value_after_label = || {
            filled
                .get(1)
                .map(|(_, text)| *text)
                .unwrap_or_default()
                .to_owned()
        };
        if self.names.is_section_label(first) {
            self.start_section(&value_after_label(), &row.place);
            self.header = None;
            self.header_open = false;
        } else if self.names.is_mission_label(first) {
            let mission = cells::markdown(&value_after_label());
            self.current(&row.place).section.mission = Some(mission);
            self.header_open = false;
        } else if let Some(header) = Header::recognise(&row.cells, self.names) {
            match (&mut self.header, self.header_open) {
                (Some(above), true) => above.merge(header),
                _ => self.header = Some(header),
            }
            self.header_open = true;
        } else if let Some(rank) = self.rank(&row.cells) {
            self.header_open = false;
            self.goal(rank, row);
        } else if filled
            .iter()
            .all(|(_, text)| self.names.is_layout_label(text))
        {
            // Group headings (年度目標設定 …) carry no data.
        } else {
            self.header_open = false;
            let text: Vec<&str> = filled.iter().map(|(_, text)| *text).collect();
            let message = format!(
                "a row that is neither a header nor a goal: {}",
                text.join(" | ")
            );
            self.unplaced(&row.place, None, message);
        }
    }

    fn rank(&self, cells: &[String]) -> Option<u32> {
        let column = self.header.as_ref()?.column(Field::Rank)?;
        cells.get(column)?.trim().parse().ok()
    }

    fn start_section(&mut self, full_name: &str, place: &str) {
        let name = cells::plain(full_name);
        let department = self
            .names
            .department
            .clone()
            .unwrap_or_else(|| self.config.department.to_string());
        let name = match name.strip_prefix(department.as_str()) {
            Some(rest) if !department.is_empty() && !rest.trim().is_empty() => {
                rest.trim().to_owned()
            }
            _ => name,
        };
        let order = self.drafts.len() as u32 + 1;
        self.drafts.push(Draft {
            row: place.to_owned(),
            section: SectionFile {
                fiscal_year: Spanned::new(
                    crate::fiscal::FiscalYear(self.year),
                    Location::UNKNOWN,
                    Location::UNKNOWN,
                ),
                order,
                name: name.clone(),
                mission: None,
                continues: Vec::new(),
                contact: None,
                goals: Vec::new(),
            },
            name,
            notes: Vec::new(),
        });
    }

    /// The section being read; goal rows before any section row start one of their own.
    fn current(&mut self, place: &str) -> &mut Draft {
        if self.drafts.is_empty() {
            self.start_section("", place);
            self.finding(FindingKind::Layout, place, None, "goal rows come before any section row (部課名): they form a section without a name".into());
        }
        self.drafts.last_mut().expect("just ensured")
    }

    fn finding(&mut self, kind: FindingKind, row: &str, goal: Option<u32>, message: String) {
        let section = self
            .drafts
            .last()
            .map(|d| d.name.clone())
            .unwrap_or_default();
        self.findings.push(Finding {
            kind,
            row: row.to_owned(),
            section,
            goal,
            message,
        });
    }

    /// Text that found no place: kept as a comment in the section file and reported.
    fn unplaced(&mut self, row: &str, goal: Option<u32>, message: String) {
        self.current(row);
        self.finding(FindingKind::Unplaced, row, goal, message.clone());
        self.drafts
            .last_mut()
            .expect("current() made one")
            .notes
            .push((goal, format!("row {row}: {message}")));
    }

    fn goal(&mut self, rank: u32, row: &sheet::Row) {
        self.current(&row.place);
        let header = self.header.clone().expect("rank() needs a header");
        let codes: Vec<String> = self.config.grades.iter().map(|g| g.code.clone()).collect();
        let placement = align::place(&row.cells, &header, &codes);
        for note in &placement.layout_notes {
            self.finding(FindingKind::Layout, &row.place, Some(rank), note.clone());
        }
        for (column, text) in &placement.unplaced {
            let message = format!("column {} has text no field takes: {}", column + 1, text);
            self.unplaced(&row.place, Some(rank), message);
        }
        let goal = GoalReader {
            placement: &placement,
            config: self.config,
            rank,
            problems: Vec::new(),
        }
        .read();
        let (goal, problems) = goal;
        for (kind, message) in problems {
            match kind {
                FindingKind::Unplaced => self.unplaced(&row.place, Some(rank), message),
                kind => self.finding(kind, &row.place, Some(rank), message),
            }
        }
        let draft = self.drafts.last_mut().expect("current() made one");
        let duplicate = draft.section.goals.iter().any(|g| g.rank.value == rank);
        draft.section.goals.push(goal);
        if duplicate {
            self.finding(
                FindingKind::Inconsistent,
                &row.place,
                Some(rank),
                format!("rank {rank} appears twice in the section"),
            );
        }
    }
}

/// Builds one goal from its placed cells, collecting what it cannot place.
struct GoalReader<'a> {
    placement: &'a Placement,
    config: &'a SiteConfig,
    rank: u32,
    problems: Vec<(FindingKind, String)>,
}

impl GoalReader<'_> {
    fn read(mut self) -> (Goal, Vec<(FindingKind, String)>) {
        let text = |field| self.placement.text(field);
        let optional_markdown =
            |field| Some(cells::markdown(text(field))).filter(|t| !t.is_empty());
        let located = |value: String| Spanned::new(value, Location::UNKNOWN, Location::UNKNOWN);
        let plan_type = self.plan_type(text(Field::PlanType));
        let progress = self.code(Field::Progress, &self.config.progress_marks);
        let grade = self.code(Field::Grade, &self.config.grades);
        let grade_reason = Some(cells::plain(text(Field::GradeReason))).filter(|t| !t.is_empty());
        if let (Some(grade), Some(reason)) = (&grade, &grade_reason) {
            let codes: Vec<String> = self.config.grades.iter().map(|g| g.code.clone()).collect();
            if let Some(written) = cells::reason_grade(reason, &codes)
                && written != grade
            {
                self.problems.push((
                    FindingKind::Inconsistent,
                    format!("the grade is {grade} but the 評価の視点 beside it reads 「{reason}」"),
                ));
            }
        }
        let indicators = self.indicators();
        let goal = Goal {
            id: None,
            continues: Vec::new(),
            rank: Spanned::new(self.rank, Location::UNKNOWN, Location::UNKNOWN),
            number: None,
            plan_type: plan_type.map(located),
            categories: Vec::new(),
            implements: Vec::new(),
            title: cells::repair_label(text(Field::Title)),
            activities: cells::markdown(text(Field::Activities)),
            indicators,
            progress: progress.map(located),
            first_half: optional_markdown(Field::FirstHalf),
            second_half_plan: optional_markdown(Field::SecondHalfPlan),
            summary: optional_markdown(Field::Summary),
            grade: grade.map(located),
            grade_reason,
            next_steps: optional_markdown(Field::NextSteps),
        };
        (goal, self.problems)
    }

    fn plan_type(&mut self, cell: &str) -> Option<String> {
        let label = cells::repair_label(cell);
        if label.is_empty() || label == "-" || label == "－" || label == "ー" {
            return None;
        }
        let found = self
            .config
            .plan_types
            .iter()
            .find(|p| p.label.as_str() == label);
        if found.is_none() {
            self.problems.push((
                FindingKind::Unplaced,
                format!(
                    "{} 「{label}」 is not a plan type of site.yaml (plan_types)",
                    Field::PlanType
                ),
            ));
        }
        found.map(|p| p.id.clone())
    }

    fn code(&mut self, field: Field, scale: &[crate::config::ScaleEntry]) -> Option<String> {
        let cell = cells::plain(self.placement.text(field));
        if cell.is_empty() {
            return None;
        }
        if scale.iter().any(|entry| entry.code == cell) {
            Some(cell)
        } else {
            let codes: Vec<&str> = scale.iter().map(|e| e.code.as_str()).collect();
            self.problems.push((
                FindingKind::Unplaced,
                format!("{field} 「{cell}」 is none of {}", codes.join(" ")),
            ));
            None
        }
    }

    /// One indicator per numbered sub-item of 指標, with the same-numbered parts of
    /// 目標値, 実績値 and (if the sheet has one) the mid-year column.
    fn indicators(&mut self) -> Vec<Indicator> {
        let names = cells::numbered(self.placement.text(Field::Indicators));
        let targets = cells::numbered(self.placement.text(Field::Targets));
        let midyears = cells::numbered(self.placement.text(Field::Midyear));
        let actuals = cells::numbered(self.placement.text(Field::Actuals));
        let numbered = names.iter().any(|(number, _)| number.is_some());
        let keys: Vec<(Option<u32>, String)> = if numbered {
            for (_, text) in names.iter().filter(|(n, _)| n.is_none()) {
                self.problems.push((
                    FindingKind::Unplaced,
                    format!(
                        "{} has text before its first numbered item: {text}",
                        Field::Indicators
                    ),
                ));
            }
            names.into_iter().filter(|(n, _)| n.is_some()).collect()
        } else {
            let name = names
                .into_iter()
                .map(|(_, t)| t)
                .collect::<Vec<_>>()
                .join(" ");
            vec![(None, name)]
        };
        let part = |parts: &[(Option<u32>, String)], number: Option<u32>| -> String {
            parts
                .iter()
                .filter(|(n, _)| number.is_none() || *n == number)
                .map(|(_, text)| text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        for (field, parts) in [
            (Field::Targets, &targets),
            (Field::Midyear, &midyears),
            (Field::Actuals, &actuals),
        ] {
            for (number, text) in parts.iter() {
                let matched = if numbered {
                    keys.iter().any(|(n, _)| n == number)
                } else {
                    number.is_none_or(|n| n == 1)
                };
                if !matched {
                    self.problems.push((
                        FindingKind::Unplaced,
                        format!(
                            "{field} has a part no indicator of 指標 matches: {}",
                            circled_text(*number, text)
                        ),
                    ));
                }
            }
        }
        keys.into_iter()
            .map(|(number, name)| {
                self.indicator(
                    name,
                    &part(&targets, number),
                    &part(&midyears, number),
                    &part(&actuals, number),
                )
            })
            .collect()
    }

    fn indicator(&mut self, name: String, target: &str, midyear: &str, actual: &str) -> Indicator {
        let target = cells::target(target);
        if let Some(rest) = &target.rest {
            self.problems.push((
                FindingKind::Unplaced,
                format!("目標値 of 「{name}」 goes on after its ※ note: {rest}"),
            ));
        }
        let current = self.value_or_prose(target.current, &name, Field::Targets);
        let midyear = self.value_or_prose(
            Some(cells::value(midyear)).filter(|_| !midyear.is_empty()),
            &name,
            Field::Midyear,
        );
        let actual = self.value_or_prose(
            Some(cells::value(actual)).filter(|_| !actual.is_empty()),
            &name,
            Field::Actuals,
        );
        let mut values = [current, target.original, midyear, actual];
        let unit = self.common_unit(&mut values, &name);
        let [current, original, midyear, actual] = values;
        let (target_note, reason) = match (&original, target.reason) {
            // A ※ note without a second value explains the target, not a revision.
            (None, Some(reason)) => (Some(format!("※{reason}")), None),
            (_, reason) => (None, reason),
        };
        Indicator {
            direction: direction(&name, unit.as_deref()),
            unit,
            decimals: None,
            target_note: current
                .as_ref()
                .and_then(|v| v.note.clone())
                .or(target_note),
            revision: original.map(|original| TargetRevision {
                // A revision has no note of its own: keep 「114,140枚(4割減)」 as written.
                original: match original.note {
                    Some(_) => Measure::Text(original.written),
                    None => original.measure,
                },
                reason,
            }),
            target: current.map(|v| v.measure),
            midyear_note: midyear.as_ref().and_then(|v| v.note.clone()),
            midyear: midyear.map(|v| v.measure),
            actual_note: actual.as_ref().and_then(|v| v.note.clone()),
            actual: actual.map(|v| v.measure),
            kpi: None,
            baseline: None,
            values: Vec::new(),
            targets: Vec::new(),
            name,
        }
    }

    /// A value cell written as sentences (`…を進めました。`) is prose that landed in the
    /// wrong cell, not a value.
    fn value_or_prose(
        &mut self,
        value: Option<cells::Value>,
        name: &str,
        field: Field,
    ) -> Option<cells::Value> {
        match &value {
            Some(cells::Value {
                measure: Measure::Text(text),
                ..
            }) if text.contains('。') => {
                self.problems.push((
                    FindingKind::Unplaced,
                    format!("{field} of 「{name}」 reads as a sentence, not a value: {text}"),
                ));
                None
            }
            _ => value,
        }
    }

    /// The unit of the indicator's numbers. Values that do not share it are kept as written
    /// (as text): all of them when a value is a number run together with other text
    /// (`4回7種`), since a unit would then misstate it.
    fn common_unit(
        &mut self,
        values: &mut [Option<cells::Value>; 4],
        name: &str,
    ) -> Option<String> {
        let first_unit = values
            .iter()
            .flatten()
            .find(|v| v.measure.as_number().is_some())
            .and_then(|v| v.unit.clone());
        for value in values.iter_mut().flatten() {
            split_remark(value, first_unit.as_deref());
        }
        let numeric_text = values.iter().flatten().any(|v| {
            matches!(&v.measure, Measure::Text(t) if t.starts_with(|c: char| c.is_ascii_digit()))
        });
        let numbers = values
            .iter()
            .flatten()
            .any(|v| v.measure.as_number().is_some());
        let units_differ = values
            .iter()
            .flatten()
            .any(|v| v.measure.as_number().is_some() && v.unit != first_unit);
        if numbers && (numeric_text || units_differ) {
            self.problems.push((
                FindingKind::Inconsistent,
                format!("the values of 「{name}」 are not numbers in one unit: all are kept as text, as written"),
            ));
            for value in values.iter_mut().flatten() {
                *value = cells::Value::text(&value.written);
            }
            return None;
        }
        first_unit
    }
}

/// 「2回実施」 beside a target of 「2回」: the unit, then a remark.
fn split_remark(value: &mut cells::Value, unit: Option<&str>) {
    if value.note.is_some() || value.measure.as_number().is_none() {
        return;
    }
    if let (Some(unit), Some(written)) = (unit, &value.unit)
        && let Some(remark) = written.strip_prefix(unit)
        && !remark.is_empty()
    {
        value.note = Some(remark.to_owned());
        value.unit = Some(unit.to_owned());
    }
}

fn circled_text(number: Option<u32>, text: &str) -> String {
    match number.and_then(|n| char::from_u32(0x2460 + n - 1)) {
        Some(mark) => format!("{mark}{text}"),
        None => text.to_owned(),
    }
}

/// Overtime and resource use are better when smaller, which achievement must know;
/// anything else (a reduction, a rate or a share of it) is left as higher, unwritten.
fn direction(name: &str, unit: Option<&str>) -> Option<Direction> {
    let counts_overtime = ["時間外勤務", "残業", "使用量"]
        .iter()
        .any(|word| name.contains(word));
    let is_reduction_or_rate = ["削減", "減少", "率", "割合"]
        .iter()
        .any(|word| name.contains(word))
        || unit.is_some_and(|u| u.contains('減') || u.contains('%'));
    (counts_overtime && !is_reduction_or_rate).then_some(Direction::Lower)
}
