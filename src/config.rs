//! `site.yaml`: who publishes the report and which scales it uses.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Site title, e.g. 市民部 組織目標.
    pub title: String,
    /// 町田市.
    pub city: String,
    /// 市民部.
    pub department: String,
    /// Absolute URL the site is published under; used only for canonical, sitemap and OGP.
    pub base_url: String,
    /// Locale of the site's own text: `ja` or `en`.
    #[serde(default = "default_language")]
    pub language: String,
    /// A folder under `themes/` whose files override the default theme.
    #[serde(default)]
    pub theme: Option<String>,
    /// Date the data was last updated, shown in the footer (YYYY-MM-DD).
    #[serde(default)]
    pub data_date: Option<String>,
    /// Whether to build the full-text search index of goals. On by default;
    /// a site of thousands of sections may turn it off to build faster.
    #[serde(default = "default_search")]
    pub search: bool,
    /// 評価: the grade scale, best first.
    pub grades: Vec<ScaleEntry>,
    /// 進捗状況: the progress marks, best first.
    pub progress_marks: Vec<ScaleEntry>,
    /// 計画類型: the kinds of plan a goal can implement.
    #[serde(default)]
    pub plan_types: Vec<PlanType>,
    /// Further ways the city sorts its goals (政策分野, 総計・行革 …), each a
    /// facet of the goal index; a goal lists its `categories` from any of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub category_axes: Vec<CategoryAxis>,
}

fn default_search() -> bool {
    true
}

fn default_language() -> String {
    "ja".to_owned()
}

/// One step of a grade or progress scale.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleEntry {
    /// What is written in the content: A, ◎ …
    pub code: String,
    /// A short word that says it without the symbol: 順調.
    pub label: String,
    /// The full meaning as the city defines it.
    pub meaning: String,
    /// For grades: whether this grade says the targets were met. Lets `check`
    /// warn when the numbers and the grade disagree.
    #[serde(default)]
    pub meets_target: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlanType {
    pub id: String,
    pub label: String,
}

/// One way of sorting goals, e.g. 政策分野, with the categories it has.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryAxis {
    /// Part of page names and open data columns: lower-case ASCII, digits and `-`.
    pub id: String,
    /// What the city calls it: 政策分野.
    pub label: String,
    pub categories: Vec<Category>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// What a goal's `categories` lists; unique across all the axes of the site.
    pub id: String,
    pub label: String,
}

impl SiteConfig {
    /// The category `id` and the axis it belongs to.
    pub fn category(&self, id: &str) -> Option<(usize, &Category)> {
        self.category_axes.iter().enumerate().find_map(|(axis, a)| {
            a.categories
                .iter()
                .find(|c| c.id == id)
                .map(|category| (axis, category))
        })
    }

    pub fn grade(&self, code: &str) -> Option<&ScaleEntry> {
        self.grades.iter().find(|g| g.code == code)
    }

    pub fn progress_mark(&self, code: &str) -> Option<&ScaleEntry> {
        self.progress_marks.iter().find(|m| m.code == code)
    }

    pub fn plan_type(&self, id: &str) -> Option<&PlanType> {
        self.plan_types.iter().find(|p| p.id == id)
    }
}
