//! Open data: every goal, indicator and KPI series as CSV and JSON.
//!
//! CSV follows the Digital Agency's rules for machine-readable data: one table
//! per file, a header row, one record per line, numbers without units or
//! separators, blank (not zero) for "not stated", the fiscal year as a western
//! year, and UTF-8 with a BOM and CRLF line ends so Excel on Japanese Windows
//! opens it correctly.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};

use crate::config::SiteConfig;
use crate::content::Site;
use crate::content::figures::achievement_rate;
use crate::content::load::{Department, Section};
use crate::content::model::{DepartmentHead, Direction, Figure, Goal, KpiSeries, Measure, Number};
use crate::fiscal::RefDate;

pub const GOALS_CSV: &str = "data/goals.csv";
pub const INDICATORS_CSV: &str = "data/indicators.csv";
pub const GOALS_JSON: &str = "data/goals.json";
pub const DEPARTMENTS_CSV: &str = "data/departments.csv";

pub fn kpi_csv_path(id: &str) -> String {
    format!("data/kpi/{id}.csv")
}

pub fn kpi_json_path(id: &str) -> String {
    format!("data/kpi/{id}.json")
}

/// All open-data files of a site, by output path, with the per-section pieces
/// of the goal tables already made.
pub fn data_files(site: &Site, pieces: &SectionPieces) -> BTreeMap<String, Vec<u8>> {
    let mut files: BTreeMap<String, Vec<u8>> = goal_files(site, pieces).into_iter().collect();
    let kpi_files: Vec<[(String, Vec<u8>); 2]> = site
        .kpis
        .par_iter()
        .map(|(id, series)| kpi_files(id, series))
        .collect();
    files.extend(kpi_files.into_iter().flatten());
    if !site.departments.is_empty() {
        files.insert(DEPARTMENTS_CSV.to_owned(), departments_csv(site));
    }
    files
}

/// Every figure of the departments' overviews, one per row, in the unit the sheet gives.
fn departments_csv(site: &Site) -> Vec<u8> {
    let rows = site
        .departments
        .iter()
        .flat_map(|((year, id), department)| {
            let name = site.config.department_name(id.as_deref());
            department.data.overview.iter().map(move |figure| {
                vec![
                    year.to_string(),
                    name.to_owned(),
                    figure.label.clone(),
                    number(figure.value),
                    figure.unit.clone().unwrap_or_default(),
                    figure.note.clone().unwrap_or_default(),
                ]
            })
        })
        .collect();
    csv(
        &["fiscal_year", "department", "item", "value", "unit", "note"],
        rows,
    )
}

/// One section's rows of goals.csv and indicators.csv and its entry in
/// goals.json: the goal tables are these pieces joined, so that an edit to one
/// section re-makes one piece.
#[derive(Debug, Clone)]
pub struct SectionData {
    goal_rows: Vec<u8>,
    indicator_rows: Vec<u8>,
    /// Pretty JSON, indented for its place in goals.json.
    json: String,
}

/// The pieces of every section, by fiscal year and section id.
pub type SectionPieces = BTreeMap<(u16, String), SectionData>;

/// Makes the pieces of every section, on every core.
pub fn section_pieces(site: &Site) -> SectionPieces {
    let sections: Vec<(u16, &Section)> = site
        .years
        .iter()
        .flat_map(|(&year, sections)| sections.iter().map(move |s| (year, s)))
        .collect();
    sections
        .par_iter()
        .map(|&(year, section)| {
            let data = section_data(&site.config, year, section);
            ((year, section.id.clone()), data)
        })
        .collect()
}

pub fn section_data(config: &SiteConfig, year: u16, section: &Section) -> SectionData {
    SectionData {
        goal_rows: csv_rows(goal_rows(config, year, section)),
        indicator_rows: csv_rows(indicator_rows(year, section)),
        json: indented(&section_json(section), SECTION_JSON_DEPTH),
    }
}

/// goals.csv, indicators.csv and goals.json, joined from the sections' pieces
/// in the site's order.
pub fn goal_files(site: &Site, pieces: &SectionPieces) -> [(String, Vec<u8>); 3] {
    let in_order = || {
        site.years.iter().flat_map(|(&year, sections)| {
            sections.iter().map(move |s| &pieces[&(year, s.id.clone())])
        })
    };
    let table = |header: &[&str], rows: &dyn Fn(&SectionData) -> &[u8]| {
        let mut bytes = csv(header, Vec::new());
        bytes.reserve(in_order().map(|piece| rows(piece).len()).sum());
        for piece in in_order() {
            bytes.extend_from_slice(rows(piece));
        }
        bytes
    };
    let goals_header: Vec<&str> = GOALS_HEADER
        .iter()
        .copied()
        .filter(|column| publishes(&site.config, column))
        .collect();
    [
        (
            GOALS_CSV.to_owned(),
            table(&goals_header, &|piece| &piece.goal_rows),
        ),
        (
            INDICATORS_CSV.to_owned(),
            table(INDICATORS_HEADER, &|piece| &piece.indicator_rows),
        ),
        (GOALS_JSON.to_owned(), goals_json(site, pieces)),
    ]
}

/// The CSV and JSON files of one KPI series.
fn kpi_files(id: &str, series: &KpiSeries) -> [(String, Vec<u8>); 2] {
    let rows: Vec<Vec<String>> = series
        .points
        .iter()
        .map(|point| {
            let date = RefDate::parse(&point.date.value);
            vec![
                id.to_owned(),
                point.date.value.clone(),
                date.map(|d| d.fiscal_year().to_string())
                    .unwrap_or_default(),
                number(point.value),
                series.unit.clone(),
                point.measure.clone().unwrap_or_default(),
                point.source.clone(),
                point.note.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let csv_file = (
        kpi_csv_path(id),
        csv(
            &[
                "series_id",
                "date",
                "fiscal_year",
                "value",
                "unit",
                "measure",
                "source",
                "note",
            ],
            rows,
        ),
    );
    let metadata = json!({
        "id": id,
        "title": series.title,
        "unit": series.unit,
        "direction": direction(series.direction),
        "definition": series.definition,
        "csv": format!("{id}.csv"),
        "points": series.points.iter().map(|p| json!({
            "date": p.date.value, "value": p.value, "measure": p.measure,
            "source": p.source, "note": p.note,
        })).collect::<Vec<_>>(),
        "targets": series.targets.iter().map(|t| json!({
            "date": t.date.value, "value": t.value, "note": t.note,
        })).collect::<Vec<_>>(),
    });
    [csv_file, (kpi_json_path(id), to_json(&metadata))]
}

const GOALS_HEADER: &[&str] = &[
    "fiscal_year",
    "section_id",
    "section",
    "rank",
    "goal",
    "plan_type",
    "implements",
    CATEGORIES,
    "progress",
    "grade",
    "indicator_count",
    "number",
    DEPARTMENT_ID,
];

/// The column of a goal's categories, there only when the site defines
/// `category_axes`: `axis:category`, space-separated, as `implements` is.
pub const CATEGORIES: &str = "categories";

/// The column of a goal's department, there only on a site of several
/// departments, so that a one-department site's files stay as they were.
pub const DEPARTMENT_ID: &str = "department_id";

/// Whether the site publishes a column: the optional ones only when the
/// site has what they hold.
pub fn publishes(config: &SiteConfig, column: &str) -> bool {
    match column {
        CATEGORIES => !config.category_axes.is_empty(),
        DEPARTMENT_ID => !config.departments.is_empty(),
        _ => true,
    }
}

fn goal_rows(config: &SiteConfig, year: u16, section: &Section) -> Vec<Vec<String>> {
    section
        .data
        .goals
        .iter()
        .map(|goal| {
            let plan_type = goal
                .plan_type
                .as_ref()
                .map(|p| p.value.clone())
                .unwrap_or_default();
            let plan_items: Vec<String> = goal
                .implements
                .iter()
                .map(|r| match &r.value.item {
                    Some(item) => format!("{}:{item}", r.value.plan),
                    None => r.value.plan.clone(),
                })
                .collect();
            let department = publishes(config, DEPARTMENT_ID)
                .then(|| section.department.clone().unwrap_or_default());
            let categories = publishes(config, CATEGORIES).then(|| {
                let pairs: Vec<String> = goal
                    .categories
                    .iter()
                    .filter_map(|c| config.category(&c.value))
                    .map(|(axis, c)| format!("{}:{}", config.category_axes[axis].id, c.id))
                    .collect();
                pairs.join(" ")
            });
            [
                year.to_string(),
                section.id.clone(),
                section.data.name.clone(),
                goal.rank.value.to_string(),
                goal.title.clone(),
                plan_type,
                plan_items.join(" "),
            ]
            .into_iter()
            .chain(categories)
            .chain([
                goal.progress
                    .as_ref()
                    .map(|p| p.value.clone())
                    .unwrap_or_default(),
                goal.grade
                    .as_ref()
                    .map(|g| g.value.clone())
                    .unwrap_or_default(),
                goal.indicators.len().to_string(),
                goal.number.clone().unwrap_or_default(),
            ])
            .chain(department)
            .collect()
        })
        .collect()
}

const INDICATORS_HEADER: &[&str] = &[
    "fiscal_year",
    "section_id",
    "goal_rank",
    "indicator_no",
    "indicator",
    "unit",
    "direction",
    "target_value",
    "target_text",
    "original_target_value",
    "original_target_text",
    "midyear_value",
    "midyear_text",
    "actual_value",
    "actual_text",
    "revision_reason",
    "achievement_rate_percent",
    "kpi_series",
];

fn indicator_rows(year: u16, section: &Section) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for goal in &section.data.goals {
        for (i, indicator) in goal.indicators.iter().enumerate() {
            let mut row = vec![
                year.to_string(),
                section.id.clone(),
                goal.rank.value.to_string(),
                (i + 1).to_string(),
                indicator.name.clone(),
                indicator.unit.clone().unwrap_or_default(),
                direction(indicator.direction()).to_owned(),
            ];
            let original = indicator.revision.as_ref().map(|r| r.original.clone());
            for measure in [
                &indicator.target,
                &original,
                &indicator.midyear,
                &indicator.actual,
            ] {
                let (value, text) = split_measure(measure.as_ref());
                row.push(value);
                row.push(text);
            }
            row.push(
                indicator
                    .revision
                    .as_ref()
                    .and_then(|r| r.reason.clone())
                    .unwrap_or_default(),
            );
            row.push(
                achievement_rate(indicator)
                    .map(|r| format!("{r:.1}"))
                    .unwrap_or_default(),
            );
            row.push(
                indicator
                    .kpi
                    .as_ref()
                    .map(|k| k.value.clone())
                    .unwrap_or_default(),
            );
            rows.push(row);
        }
    }
    rows
}

/// A number goes in the value column, a qualitative value in the text column;
/// "not stated" leaves both blank so it is never mistaken for zero.
fn split_measure(measure: Option<&Measure>) -> (String, String) {
    match measure {
        Some(Measure::Number(n)) => (number(*n), String::new()),
        Some(Measure::Text(text)) => (String::new(), text.clone()),
        None => (String::new(), String::new()),
    }
}

/// How deep a section's object sits in goals.json: document, years, year, sections.
const SECTION_JSON_DEPTH: usize = 4;
/// How deep a year's object sits in goals.json: document, years.
const YEAR_JSON_DEPTH: usize = 2;

/// A department's statement as goals.json gives it, inside its year.
#[derive(Serialize)]
struct DepartmentJson<'a> {
    /// Only on a site of several departments, where a year lists them all.
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    head: Option<&'a DepartmentHead>,
    #[serde(skip_serializing_if = "Option::is_none")]
    city_goal: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    goal: Option<&'a str>,
    overview: &'a [Figure],
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<&'a str>,
}

fn department_json<'a>(config: &'a SiteConfig, department: &'a Department) -> DepartmentJson<'a> {
    let data = &department.data;
    let id = department.department.as_deref();
    DepartmentJson {
        id,
        name: id.map(|id| config.department_name(Some(id))),
        head: data.head.as_ref(),
        city_goal: data.city_goal.as_deref(),
        goal: data.goal.as_deref(),
        overview: &data.overview,
        notes: data.notes.as_deref(),
    }
}

/// A section as goals.json gives it, its fields and its goals' fields in the
/// order of the YAML. Serialized as it stands: going through a JSON tree first
/// copied every text of the site once more.
#[derive(Serialize)]
struct SectionJson<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    department: Option<&'a str>,
    name: &'a str,
    order: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    mission: Option<&'a str>,
    goals: &'a [Goal],
}

fn section_json(section: &Section) -> SectionJson<'_> {
    SectionJson {
        id: &section.id,
        department: section.department.as_deref(),
        name: &section.data.name,
        order: section.data.order,
        mission: section.data.mission.as_deref(),
        goals: &section.data.goals,
    }
}

/// goals.json as `serde_json` would pretty-print the whole document, with each
/// section's object taken from its piece. Written straight into one buffer: on
/// a large site the file is tens of megabytes, and a preview joins it on every edit.
fn goals_json(site: &Site, pieces: &SectionPieces) -> Vec<u8> {
    let mut head = json!({
        "city": site.config.city,
        "department": site.config.department,
        "grades": site.config.grades,
        "progress_marks": site.config.progress_marks,
        "plan_types": site.config.plan_types,
    });
    if !site.config.category_axes.is_empty() {
        head["category_axes"] = json!(site.config.category_axes);
    }
    if !site.config.departments.is_empty() {
        head["departments"] = json!(site.config.departments);
    }
    if let Some(license) = &site.config.license {
        head["license"] = json!(license);
    }
    let head = to_json(&head);
    let head = head
        .strip_suffix(b"\n}\n")
        .expect("a pretty JSON object ends with a closing brace");
    let size = head.len() + pieces.values().map(|p| p.json.len() + 2).sum::<usize>();
    let mut out = Vec::with_capacity(size + 64 * site.years.len() + 32);
    out.extend_from_slice(head);
    out.extend_from_slice(b",\n  \"years\": ");
    push_array(&mut out, 1, site.years.iter(), |out, (&year, sections)| {
        out.extend_from_slice(format!("    {{\n      \"fiscal_year\": {year},\n").as_bytes());
        let statements: Vec<DepartmentJson> = site
            .departments
            .iter()
            .filter(|((y, _), _)| *y == year)
            .map(|(_, department)| department_json(&site.config, department))
            .collect();
        if !statements.is_empty() {
            let (key, text) = match statements.as_slice() {
                [one] if site.config.departments.is_empty() => {
                    ("department", indented(one, YEAR_JSON_DEPTH + 1))
                }
                all => ("departments", indented(&all, YEAR_JSON_DEPTH + 1)),
            };
            out.extend_from_slice(format!("      \"{key}\": {},\n", text.trim_start()).as_bytes());
        }
        out.extend_from_slice(b"      \"sections\": ");
        push_array(out, 3, sections.iter(), |out, section| {
            out.extend_from_slice(pieces[&(year, section.id.clone())].json.as_bytes());
        });
        out.extend_from_slice(b"\n    }");
    });
    out.extend_from_slice(b"\n}\n");
    out
}

/// A pretty JSON array at `depth` whose items `write` puts out, each with its
/// own indentation.
fn push_array<T>(
    out: &mut Vec<u8>,
    depth: usize,
    items: impl ExactSizeIterator<Item = T>,
    mut write: impl FnMut(&mut Vec<u8>, T),
) {
    if items.len() == 0 {
        out.extend_from_slice(b"[]");
        return;
    }
    out.extend_from_slice(b"[\n");
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.extend_from_slice(b",\n");
        }
        write(out, item);
    }
    out.push(b'\n');
    out.extend_from_slice(indent(depth).as_bytes());
    out.push(b']');
}

fn indent(depth: usize) -> String {
    "  ".repeat(depth)
}

/// A value pretty-printed, with its indentation, as it would be `depth`
/// levels inside a document: JSON strings never hold a raw line break, so
/// every line moves by the same amount.
fn indented(value: &impl Serialize, depth: usize) -> String {
    let text = serde_json::to_string_pretty(value).expect("the model always serializes");
    let indent = indent(depth);
    format!("{indent}{}", text.replace('\n', &format!("\n{indent}")))
}

fn direction(direction: Direction) -> &'static str {
    match direction {
        Direction::Higher => "higher",
        Direction::Lower => "lower",
    }
}

/// As written in the content, without grouping: 7963, 74.2, 82.0.
fn number(value: Number) -> String {
    value.to_string()
}

fn to_json(value: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("JSON values always serialize");
    bytes.push(b'\n');
    bytes
}

/// A table with its header, as Excel on Japanese Windows opens it.
fn csv(header: &[&str], rows: Vec<Vec<String>>) -> Vec<u8> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(csv_rows(vec![
        header.iter().map(|h| (*h).to_owned()).collect(),
    ]));
    bytes.extend(csv_rows(rows));
    bytes
}

/// Rows without a header: CSV records stand alone, so tables can be joined
/// from pieces written apart.
fn csv_rows(rows: Vec<Vec<String>>) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        writer
            .write_record(
                row.iter()
                    .map(|cell| safe_cell(cell))
                    .collect::<Vec<_>>()
                    .iter()
                    .map(|cell| cell.as_bytes()),
            )
            .expect("writing to memory cannot fail");
    }
    writer.into_inner().expect("writing to memory cannot fail")
}

/// A cell as a spreadsheet opens it without running it. Excel and its kin take
/// a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return
/// before one) as a formula, which can run commands or send the sheet away;
/// such a text gets a leading apostrophe, as OWASP recommends. A plain number
/// (`-5`, `-0.5`) is left as it is, so numeric columns stay numbers.
fn safe_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && Number::parse(cell).is_none() {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// What each open-data column holds, in Japanese and English, for the data page
/// and docs/data.md.
pub const COLUMNS: &[(&str, &str, &str, &str)] = &[
    (
        "goals.csv",
        "fiscal_year",
        "年度（西暦、4月始まり）",
        "fiscal year (western year it starts in, April–March)",
    ),
    (
        "goals.csv",
        "section_id",
        "課のID（ページのファイル名）",
        "section id (its page's file name)",
    ),
    ("goals.csv", "section", "課の名称", "section name"),
    (
        "goals.csv",
        "rank",
        "課の中での取組項目の並び順",
        "rank of the goal in its section",
    ),
    ("goals.csv", "goal", "取組項目", "goal title"),
    (
        "goals.csv",
        "plan_type",
        "計画類型のID（空欄は計画なし）",
        "plan type id (blank: none)",
    ),
    (
        "goals.csv",
        "implements",
        "実施する計画と項目（計画ID:項目ID、空白区切り）",
        "plan items implemented (plan:item, space-separated)",
    ),
    (
        "goals.csv",
        CATEGORIES,
        "分類（分類軸のID:分類のID、空白区切り。site.yaml に category_axes があるときのみ）",
        "categories (axis:category, space-separated; only when site.yaml has category_axes)",
    ),
    (
        "goals.csv",
        "progress",
        "進捗状況の記号（中間確認）",
        "mid-year progress mark",
    ),
    ("goals.csv", "grade", "評価", "grade"),
    (
        "goals.csv",
        "indicator_count",
        "指標の数",
        "number of indicators",
    ),
    (
        "goals.csv",
        "number",
        "取組項目の番号（シートの記載どおり、空欄は番号なし）",
        "the goal's number as the sheet writes it (blank: rank only)",
    ),
    (
        "goals.csv",
        DEPARTMENT_ID,
        "部のID（複数の部を載せるサイトのみ）",
        "department id (only on a site of several departments)",
    ),
    (
        "indicators.csv",
        "fiscal_year",
        "年度（西暦）",
        "fiscal year",
    ),
    ("indicators.csv", "section_id", "課のID", "section id"),
    (
        "indicators.csv",
        "goal_rank",
        "取組項目の課の中での並び順（goals.csv の rank）",
        "rank of the goal",
    ),
    (
        "indicators.csv",
        "indicator_no",
        "指標の番号（①＝1）",
        "indicator number (① = 1)",
    ),
    ("indicators.csv", "indicator", "指標", "indicator"),
    (
        "indicators.csv",
        "unit",
        "単位（数値の列に単位は含みません）",
        "unit (value columns carry no unit)",
    ),
    (
        "indicators.csv",
        "direction",
        "higher：大きいほど良い、lower：小さいほど良い",
        "higher or lower is better",
    ),
    (
        "indicators.csv",
        "target_value / target_text",
        "目標値（数値、または「実施」などの文字）",
        "target as a number, or as text for qualitative targets",
    ),
    (
        "indicators.csv",
        "original_target_value / original_target_text",
        "修正前の当初目標",
        "original target, when revised",
    ),
    (
        "indicators.csv",
        "midyear_value / midyear_text",
        "中間時点の値",
        "mid-year value",
    ),
    (
        "indicators.csv",
        "actual_value / actual_text",
        "実績値",
        "actual value",
    ),
    (
        "indicators.csv",
        "revision_reason",
        "目標値を修正した理由",
        "reason for the revision",
    ),
    (
        "indicators.csv",
        "achievement_rate_percent",
        "達成率（%、修正後の目標値に対する割合）",
        "achievement against the target in force, in %",
    ),
    (
        "indicators.csv",
        "kpi_series",
        "推移を示す指標のID",
        "id of the KPI series tracking it",
    ),
    ("kpi/<id>.csv", "series_id", "指標のID", "series id"),
    (
        "kpi/<id>.csv",
        "date",
        "時点（YYYY-MM は月末）",
        "reference date (YYYY-MM: end of month)",
    ),
    (
        "kpi/<id>.csv",
        "fiscal_year",
        "時点が属する年度（西暦）",
        "fiscal year of the date",
    ),
    (
        "kpi/<id>.csv",
        "value",
        "値（単位なし）",
        "value, without unit",
    ),
    ("kpi/<id>.csv", "unit", "単位", "unit"),
    (
        "kpi/<id>.csv",
        "measure",
        "測定の種類（出典により異なる場合）",
        "what was measured, when the sources differ",
    ),
    ("kpi/<id>.csv", "source", "出典", "source document"),
    ("kpi/<id>.csv", "note", "備考", "note"),
    (
        "departments.csv",
        "fiscal_year",
        "年度（西暦）",
        "fiscal year",
    ),
    ("departments.csv", "department", "部の名称", "department"),
    (
        "departments.csv",
        "item",
        "部の概要の項目（人員、予算規模など）",
        "item of the department's profile (staff, budget …)",
    ),
    (
        "departments.csv",
        "value",
        "値（単位なし、記載どおりの桁）",
        "value, without unit, with the digits written",
    ),
    (
        "departments.csv",
        "unit",
        "単位（人、千円など、記載どおり）",
        "unit as written (人, 千円 …)",
    ),
    ("departments.csv", "note", "備考", "note"),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The joined goals.json must be what pretty-printing the whole document gives.
    #[test]
    fn goals_json_joined_from_pieces_is_the_whole_document_pretty_printed() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (site, _) = crate::content::load::load(root).unwrap();
        // The head's fields as goals_json writes them: sorted, as a JSON object keeps them.
        #[derive(Serialize)]
        struct Whole<'a> {
            city: &'a str,
            department: &'a str,
            grades: Value,
            plan_types: Value,
            progress_marks: Value,
            years: Vec<Year<'a>>,
        }
        #[derive(Serialize)]
        struct Year<'a> {
            fiscal_year: u16,
            #[serde(skip_serializing_if = "Option::is_none")]
            department: Option<DepartmentJson<'a>>,
            sections: Vec<SectionJson<'a>>,
        }
        let config = &site.config;
        let whole = Whole {
            city: &config.city,
            department: &config.department,
            grades: json!(config.grades),
            plan_types: json!(config.plan_types),
            progress_marks: json!(config.progress_marks),
            years: site
                .years
                .iter()
                .map(|(&fiscal_year, sections)| Year {
                    fiscal_year,
                    department: site
                        .departments
                        .get(&(fiscal_year, None))
                        .map(|d| department_json(config, d)),
                    sections: sections.iter().map(section_json).collect(),
                })
                .collect(),
        };
        let mut expected = serde_json::to_vec_pretty(&whole).unwrap();
        expected.push(b'\n');
        let joined = goals_json(&site, &section_pieces(&site));
        assert_eq!(
            String::from_utf8(joined).unwrap(),
            String::from_utf8(expected).unwrap()
        );
    }
}
