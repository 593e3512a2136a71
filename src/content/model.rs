//! The content model: what a site's YAML files deserialize into.
//!
//! Every struct denies unknown fields, because a misspelt field silently
//! dropping a goal's text is the worst failure a city can have.

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

pub use super::number::Number;
use super::number::ScalarVisitor;
use crate::fiscal::FiscalYear;

/// A value with the line and column it was written at, for validation messages.
pub type Located<T> = Spanned<T>;

/// One section's (課) goals for one fiscal year: `content/<year>/<section-id>.yaml`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFile {
    /// 2016, 平成28年度, H28, R1 …: see `FiscalYear`.
    pub fiscal_year: Located<FiscalYear>,
    /// Position of the section in the department's listing (1 = first).
    pub order: u32,
    /// Section name without the department, e.g. 市民総務課.
    pub name: String,
    /// 課の使命, Markdown; absent when the city's sheet has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mission: Option<String>,
    pub goals: Vec<Goal>,
    /// Ids (file stems) of earlier years' sections this one takes over from, when
    /// it was renamed under a new file name or formed by merging others (課の再編).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub continues: Vec<Located<String>>,
    /// 問い合わせ先 of this section, when it is not the one in site.yaml.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<crate::config::Contact>,
}

/// What a department (部) states for one fiscal year, once above all its sections:
/// `content/<year>/_department.yaml`. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentFile {
    /// Checked against the folder when written; the folder says the year anyway.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiscal_year: Option<Located<FiscalYear>>,
    /// 部長 and their name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<DepartmentHead>,
    /// 市の目標: the city's goal for the year, Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city_goal: Option<String>,
    /// 部の目標: the department's goal, Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<String>,
    /// 部の概要: figures such as 人員 and 予算規模, in the order of the sheet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overview: Vec<Figure>,
    /// Anything else the sheet says about the department, Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentHead {
    /// The post as the city calls it: 部長, 局長, 室長 …
    pub title: String,
    pub name: String,
}

/// One figure of a department's overview: 人員 42 人, 予算規模 1234567 千円.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub label: String,
    /// In `unit`, as the sheet writes it: 千円 stays 千円.
    pub value: Number,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// 令和元年4月1日現在, 当初予算 …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// 取組項目: one ranked goal of a section.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// Where the goal stands in its section: it orders the goals. Shown as 順位
    /// only when the goal has no `number`.
    pub rank: Located<u32>,
    /// The goal's number as the sheet writes it (No. 7, ③, 1-2-3), when the
    /// city numbers goals otherwise than by rank, e.g. across sections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// 計画類型: an id from `plan_types` in site.yaml; absent when the goal implements no plan (`-`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_type: Option<Located<String>>,
    /// Categories of the site's `category_axes` the goal belongs to, as many
    /// as apply and from any axis (総計 and 行革 at once).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<Located<String>>,
    /// The plan items (or whole plans) this goal implements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub implements: Vec<Located<PlanRef>>,
    /// 取組項目.
    pub title: String,
    /// 具体的な活動内容, Markdown.
    pub activities: String,
    /// 指標 with their targets and results, in the order of the report (①②③);
    /// a goal measured by none has no indicator table.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<Indicator>,
    /// 進捗状況: a code from `progress_marks` in site.yaml.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<Located<String>>,
    /// 上半期の状況や評価, Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_half: Option<String>,
    /// 下半期の予定, Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second_half_plan: Option<String>,
    /// 1年間の総括, Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// 評価: a code from `grades` in site.yaml.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<Located<String>>,
    /// 評価の視点 as written beside the grade.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade_reason: Option<String>,
    /// 課題と対応, Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_steps: Option<String>,
    /// The goal's identity from year to year, never given to another goal: the same
    /// id in several years is the same goal, whatever its rank, section or title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Located<String>>,
    /// Ids of earlier years' goals this one takes over from under a new id
    /// (renamed, merged or split).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub continues: Vec<Located<String>>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlanRef {
    /// File stem of a plan under `content/plans/`.
    pub plan: String,
    /// An item id inside that plan; absent when the goal implements the plan as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
}

/// 指標: what is measured, its target and its results.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub name: String,
    /// Unit of every numeric value of this indicator (%, 件, 回 …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Whether a higher or a lower value is better, when the sheet says so;
    /// pages name it only then, and achievement counts higher as better otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// Digits after the decimal point when shown; by default the most any value of the indicator has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
    /// 目標値 in force at year end (the revised one when it was revised).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Measure>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_note: Option<String>,
    /// The original target and why it changed, when the target was revised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<TargetRevision>,
    /// Value stated at the mid-year check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub midyear: Option<Measure>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub midyear_note: Option<String>,
    /// 目標値に対する実績値.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<Measure>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_note: Option<String>,
    /// File stem of a KPI series under `content/kpis/` that tracks this indicator over time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kpi: Option<Located<String>>,
    /// 基準値: the value of an earlier year that progress is measured from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<YearValue>,
    /// 実績値 of several fiscal years, for an indicator followed over a program's years.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<YearValue>,
    /// 目標値 of several fiscal years: interim targets, and the final one in the latest year.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<YearValue>,
}

/// A value of one fiscal year. `-` (or －, ―, −) is a year the report leaves
/// unstated, which is not the same as a year it does not mention.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct YearValue {
    /// 2016, 平成28年度, H28 …: see `FiscalYear`.
    pub year: Located<FiscalYear>,
    pub value: Measure,
    /// 速報値, 推計, a change of method …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TargetRevision {
    /// 当初目標.
    pub original: Measure,
    /// The ※ note that gives the reason, when one is written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A target or result: a number (in the indicator's unit) or, for qualitative targets such as 実施, text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Measure {
    Number(Number),
    Text(String),
}

/// A scalar that reads as a plain number is one, with the digits it was written with;
/// anything else is text.
impl<'de> Deserialize<'de> for Measure {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match deserializer.deserialize_str(ScalarVisitor)? {
            Ok(number) => Measure::Number(number),
            Err(text) => Measure::Text(text),
        })
    }
}

impl Measure {
    /// Whether the value is written as a dash: stated as not stated.
    pub fn is_not_stated(&self) -> bool {
        matches!(self, Measure::Text(text) if matches!(text.trim(), "-" | "－" | "―" | "−" | "‐" | "ー"))
    }

    pub fn as_number(&self) -> Option<f64> {
        match self {
            Measure::Number(n) => Some(n.value),
            Measure::Text(_) => None,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Higher,
    Lower,
}

impl Indicator {
    /// The direction achievement is counted in: higher is better unless written otherwise.
    pub fn direction(&self) -> Direction {
        self.direction.unwrap_or_default()
    }
}

/// A KPI series tracked across periods: `content/kpis/<id>.yaml`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct KpiSeries {
    pub title: String,
    pub unit: String,
    #[serde(default)]
    pub direction: Direction,
    /// How the value is computed: numerator, denominator, reference date. Markdown.
    pub definition: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
    /// The months the series covers; `check` warns about points outside it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<KpiPeriod>,
    pub points: Vec<KpiPoint>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<KpiTarget>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct KpiPeriod {
    /// First month covered: `YYYY-MM` or `YYYY-MM-DD`.
    pub from: Located<String>,
    /// Last month covered (to its end): `YYYY-MM` or `YYYY-MM-DD`.
    pub to: Located<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct KpiPoint {
    /// Reference date: `YYYY-MM` (end of that month) or `YYYY-MM-DD`.
    pub date: Located<String>,
    pub value: Number,
    /// What was measured, when the sources of one series differ (取得率 and 保有枚数率, a
    /// month's figure and a year's average): the chart joins only points of the same measure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    /// Where the figure is stated, e.g. the document and section.
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct KpiTarget {
    /// Date the target is to be reached by: `YYYY-MM` or `YYYY-MM-DD`.
    pub date: Located<String>,
    pub value: Number,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A plan that goals implement: `content/plans/<id>.yaml`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub title: String,
    /// Markdown shown at the top of the plan page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The document this plan was transcribed from.
    pub source: String,
    /// What the plan calls each of its levels, top first: 方針, 分野, プログラム,
    /// 実施項目. A plan has as many levels as it names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<String>,
    /// A two-level plan may name its levels so instead: the top level (基本方針 …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_label: Option<String>,
    /// … and the level under it (改革項目 …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_label: Option<String>,
    /// The top level's nodes; each holds the next level as its `items`.
    pub groups: Vec<PlanNode>,
    /// Legend lines for marks used inside the plan's text (★ …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl Plan {
    /// The name of each level, top first, however the plan names them.
    pub fn level_names(&self) -> Vec<&str> {
        if self.levels.is_empty() {
            [&self.group_label, &self.item_label]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect()
        } else {
            self.levels.iter().map(String::as_str).collect()
        }
    }

    /// Every node with its depth (0 = top level) and its field path, parents before
    /// their children, in the order of the file.
    pub fn nodes(&self) -> Vec<(usize, String, &PlanNode)> {
        fn walk<'a>(
            nodes: &'a [PlanNode],
            depth: usize,
            at: &str,
            out: &mut Vec<(usize, String, &'a PlanNode)>,
        ) {
            for (i, node) in nodes.iter().enumerate() {
                let path = format!("{at}[{i}]");
                out.push((depth, path.clone(), node));
                walk(&node.items, depth + 1, &format!("{path}.items"), out);
            }
        }
        let mut out = Vec::new();
        walk(&self.groups, 0, "groups", &mut out);
        out
    }

    /// The node with this id, at any level, and its depth.
    pub fn node(&self, id: &str) -> Option<(usize, &PlanNode)> {
        self.nodes()
            .into_iter()
            .find(|(_, _, node)| node.id == id)
            .map(|(depth, _, node)| (depth, node))
    }
}

/// One node of a plan at any level (方針, 分野, プログラム, 実施項目 …): every field
/// but `id` and `title` is optional, at whatever level the plan writes it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlanNode {
    /// Unique within the plan, whatever the level, e.g. 1-2.
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Issues (課題) this node answers, Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issues: Option<String>,
    /// 目指す姿.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_state: Option<String>,
    /// Indicators by which the plan measures this node (names only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<String>,
    /// 現状と課題, Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_issues: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<PlanMeasure>,
    /// The nodes of the next level under this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<PlanNode>,
}

/// 施策: a concrete measure under a plan item.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlanMeasure {
    pub title: String,
    /// 継続 / 拡充 / 新規.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// 取組主体.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responsible: Vec<String>,
    /// 取り組み内容, one line each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<String>,
}
