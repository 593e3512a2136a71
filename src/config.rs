//! `site.yaml`: who publishes the report and which scales it uses.

mod label;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use label::{CONTENT_LANGUAGE, Fallback, Label, has_japanese};

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Site title, e.g. 市民部 組織目標.
    pub title: Label,
    /// 町田市.
    pub city: Label,
    /// 市民部; left out on a site of several departments, which names them in `departments`.
    #[serde(default)]
    pub department: Label,
    /// The departments (部) of a site that holds several, in the city's order;
    /// empty on a site of one department.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub departments: Vec<DepartmentEntry>,
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
    /// 公開日: when the report was first published (YYYY-MM-DD), in every page's footer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// 更新日: when it was last changed (YYYY-MM-DD), in every page's footer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// The city's own website, linked from every page's footer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city_url: Option<String>,
    /// 問い合わせ先 of the report; a section's file may name its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    /// The terms the open data is published under: on the data page and in the JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<License>,
    /// Whether to build the full-text search index of goals. On by default;
    /// a site of thousands of sections may turn it off to build faster.
    #[serde(default = "default_search")]
    pub search: bool,
    /// 評価: the grade scale, best first.
    pub grades: Vec<ScaleEntry>,
    /// 進捗状況: the progress marks, best first. A site without a mid-year
    /// check defines none, and its pages show no progress at all.
    #[serde(default)]
    pub progress_marks: Vec<ScaleEntry>,
    /// 計画類型: the kinds of plan a goal can implement.
    #[serde(default)]
    pub plan_types: Vec<PlanType>,
    /// Further ways the city sorts its goals (政策分野, 総計・行革 …), each a
    /// facet of the goal index; a goal lists its `categories` from any of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub category_axes: Vec<CategoryAxis>,
    /// The theme's words this site says otherwise, by key: a goal field's
    /// heading (`activities: 目標`), `rank`, `mission` …
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, Label>,
}

fn default_search() -> bool {
    true
}

fn default_language() -> String {
    "ja".to_owned()
}

/// 問い合わせ先: who answers a citizen's questions about the report. Every part is
/// optional; the footer shows those given.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// The answering section, e.g. 市民部 市民総務課.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// A page of the city's site with a contact form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The licence of the open data: CC BY 4.0, 公共データ利用規約（第1.0版） …
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct License {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// One step of a grade or progress scale.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleEntry {
    /// What is written in the content: A, ◎ …
    pub code: String,
    /// A short word that says it without the symbol: 順調.
    pub label: Label,
    /// The full meaning as the city defines it.
    pub meaning: Label,
    /// For grades: whether this grade says the targets were met. Lets `check`
    /// warn when the numbers and the grade disagree.
    #[serde(default)]
    pub meets_target: Option<bool>,
}

/// One department of a site of several: its folder under `content/` and its name.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentEntry {
    pub id: String,
    pub name: Label,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlanType {
    pub id: String,
    pub label: Label,
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

    /// Shows every label in the pages' language; returns the field path of
    /// each that has no text in it.
    pub fn localize(&mut self) -> Vec<(String, Fallback)> {
        let language = self.language.clone();
        let mut missing = Vec::new();
        let mut localize = |field: String, label: &mut Label| {
            if let Some(fallback) = label.localize(&language) {
                missing.push((field, fallback));
            }
        };
        localize("title".into(), &mut self.title);
        localize("city".into(), &mut self.city);
        localize("department".into(), &mut self.department);
        for (i, department) in self.departments.iter_mut().enumerate() {
            localize(format!("departments[{i}].name"), &mut department.name);
        }
        for (scale, entries) in [
            ("grades", &mut self.grades),
            ("progress_marks", &mut self.progress_marks),
        ] {
            for (i, entry) in entries.iter_mut().enumerate() {
                localize(format!("{scale}[{i}].label"), &mut entry.label);
                localize(format!("{scale}[{i}].meaning"), &mut entry.meaning);
            }
        }
        for (i, plan_type) in self.plan_types.iter_mut().enumerate() {
            localize(format!("plan_types[{i}].label"), &mut plan_type.label);
        }
        for (key, label) in &mut self.labels {
            localize(format!("labels.{key}"), label);
        }
        missing
    }

    pub fn grade(&self, code: &str) -> Option<&ScaleEntry> {
        self.grades.iter().find(|g| g.code == code)
    }

    pub fn progress_mark(&self, code: &str) -> Option<&ScaleEntry> {
        self.progress_marks.iter().find(|m| m.code == code)
    }

    /// The name of a section's department: the one it is filed under, or the
    /// site's own on a site of one department.
    pub fn department_name(&self, id: Option<&str>) -> &str {
        id.and_then(|id| self.departments.iter().find(|d| d.id == id))
            .map_or(&self.department, |d| &d.name)
    }

    /// Where a department stands in the city's order (a site's one department first).
    pub fn department_position(&self, id: Option<&str>) -> usize {
        id.and_then(|id| self.departments.iter().position(|d| d.id == id))
            .unwrap_or(0)
    }

    pub fn plan_type(&self, id: &str) -> Option<&PlanType> {
        self.plan_types.iter().find(|p| p.id == id)
    }
}
