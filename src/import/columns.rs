//! Which column holds what: header names, the mapping file that adds a city's own names,
//! and the header rows of a sheet.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Deserialize;

use crate::content::yaml::parse_yaml;
use crate::diagnostic::Report;
use crate::error::{Error, Result};

/// What a column holds, in the order the standard goal sheet has them: when a row's
/// cells do not line up with its header, this order is used to place them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Rank,
    PlanType,
    Title,
    Activities,
    Indicators,
    Targets,
    Progress,
    Midyear,
    FirstHalf,
    SecondHalfPlan,
    Summary,
    Actuals,
    Grade,
    GradeReason,
    NextSteps,
}

impl Field {
    pub const ALL: [Field; 15] = [
        Field::Rank,
        Field::PlanType,
        Field::Title,
        Field::Activities,
        Field::Indicators,
        Field::Targets,
        Field::Progress,
        Field::Midyear,
        Field::FirstHalf,
        Field::SecondHalfPlan,
        Field::Summary,
        Field::Actuals,
        Field::Grade,
        Field::GradeReason,
        Field::NextSteps,
    ];

    /// The header names of the standard sheet, as the report and docs/import.md name them.
    pub fn standard_headers(self) -> &'static [&'static str] {
        match self {
            Field::Rank => &["順位"],
            Field::PlanType => &["計画類型"],
            Field::Title => &["取組項目"],
            Field::Activities => &["具体的な活動内容"],
            Field::Indicators => &["指標"],
            Field::Targets => &["目標値"],
            Field::Progress => &["進捗状況"],
            Field::Midyear => &["中間実績値", "中間値"],
            Field::FirstHalf => &["上半期の状況や評価"],
            Field::SecondHalfPlan => &["下半期の予定"],
            Field::Summary => &["1年間の総括"],
            Field::Actuals => &["目標値に対する実績値", "実績値"],
            Field::Grade => &["評価"],
            Field::GradeReason => &["評価の視点"],
            Field::NextSteps => &["課題と対応"],
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.standard_headers()[0])
    }
}

/// Row labels and group headings of the standard sheet.
const SECTION_LABELS: &[&str] = &["部課名"];
const MISSION_LABELS: &[&str] = &["課の使命"];
const LAYOUT_LABELS: &[&str] = &[
    "実行計画(年度目標)",
    "年度目標設定",
    "中間確認",
    "年度末確認",
];

/// A city's own names, read from the `--mapping` file; they add to the standard names.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingFile {
    /// Field → the header text(s) that name it in this city's sheet.
    #[serde(default)]
    pub columns: BTreeMap<Field, OneOrMany>,
    /// Section name (as written after the department) → file id.
    #[serde(default)]
    pub sections: BTreeMap<String, String>,
    /// Department name written before each section's name in the sheet, removed from it.
    #[serde(default)]
    pub department: Option<String>,
    /// Labels in the first cell of the row that starts a section / gives its mission.
    #[serde(default)]
    pub section_label: OneOrMany,
    #[serde(default)]
    pub mission_label: OneOrMany,
    /// Headings of the layout that hold no data and are skipped without a warning.
    #[serde(default)]
    pub ignore: OneOrMany,
}

#[derive(Debug, Default, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn names(&self) -> Vec<String> {
        match self {
            OneOrMany::None => Vec::new(),
            OneOrMany::One(name) => vec![name.clone()],
            OneOrMany::Many(names) => names.clone(),
        }
    }
}

/// Everything the importer knows about names: standard ones plus the mapping file's.
#[derive(Debug)]
pub struct Names {
    headers: Vec<(String, Field)>,
    section_labels: Vec<String>,
    mission_labels: Vec<String>,
    layout_labels: Vec<String>,
    pub section_ids: BTreeMap<String, String>,
    pub department: Option<String>,
}

impl Names {
    pub fn new(mapping: MappingFile) -> Self {
        let mut headers: Vec<(String, Field)> = Vec::new();
        for (field, names) in &mapping.columns {
            headers.extend(names.names().iter().map(|name| (squeeze(name), *field)));
        }
        for field in Field::ALL {
            headers.extend(
                field
                    .standard_headers()
                    .iter()
                    .map(|name| (squeeze(name), field)),
            );
        }
        let with_standard = |extra: &OneOrMany, standard: &[&str]| {
            let mut names: Vec<String> = extra.names().iter().map(|n| squeeze(n)).collect();
            names.extend(standard.iter().map(|n| squeeze(n)));
            names
        };
        Names {
            headers,
            section_labels: with_standard(&mapping.section_label, SECTION_LABELS),
            mission_labels: with_standard(&mapping.mission_label, MISSION_LABELS),
            layout_labels: with_standard(&mapping.ignore, LAYOUT_LABELS),
            section_ids: mapping.sections,
            department: mapping.department,
        }
    }

    pub fn field(&self, header: &str) -> Option<Field> {
        let key = squeeze(header);
        self.headers
            .iter()
            .find(|(name, _)| *name == key)
            .map(|(_, field)| *field)
    }

    pub fn is_section_label(&self, cell: &str) -> bool {
        self.section_labels.contains(&squeeze(cell))
    }

    pub fn is_mission_label(&self, cell: &str) -> bool {
        self.mission_labels.contains(&squeeze(cell))
    }

    pub fn is_layout_label(&self, cell: &str) -> bool {
        self.layout_labels.contains(&squeeze(cell))
    }
}

/// Reads a mapping file; its mistakes are reported like content mistakes, with line and field.
pub fn read_mapping(path: &Path) -> Result<MappingFile> {
    let text = super::sheet::read_text(path)?;
    let file = path.display().to_string();
    parse_yaml(&file, &text).map_err(|diagnostic| {
        let mut report = Report::default();
        report.add_source(&file, text.as_str().into());
        report.push(diagnostic);
        Error::Content(report)
    })
}

/// Header text without the spaces and line breaks that wrapping leaves in narrow columns.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The columns of a block of goal rows: column index → field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Header {
    pub columns: BTreeMap<usize, Field>,
}

impl Header {
    /// The fields a row names, if it is a header row: at least three recognised names
    /// (a goal's text never consists of three cells that are all column names).
    pub fn recognise(cells: &[String], names: &Names) -> Option<Header> {
        let columns: BTreeMap<usize, Field> = cells
            .iter()
            .enumerate()
            .filter_map(|(index, cell)| names.field(cell).map(|field| (index, field)))
            .collect();
        (columns.len() >= 3).then_some(Header { columns })
    }

    /// A header split over two rows (group headings above, column names below) reads as one.
    pub fn merge(&mut self, below: Header) {
        self.columns
            .retain(|_, field| !below.columns.values().any(|f| f == field));
        self.columns.extend(below.columns);
    }

    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns
            .iter()
            .find(|(_, f)| **f == field)
            .map(|(index, _)| *index)
    }
}
