//! Which pages show what one section file says, so that a preview can rebuild
//! only those after an edit to it.

use std::collections::BTreeSet;

use super::{PageBuilder, PageKey};
use crate::content::load::Section;

/// An edit to one section file that left its id and fiscal year as they were.
pub struct SectionEdit {
    year: u16,
    id: String,
    /// KPI series an indicator links to, before or after the edit.
    kpis: BTreeSet<String>,
    /// Plans a goal implements, before or after the edit.
    plans: BTreeSet<String>,
}

impl SectionEdit {
    /// `before` and `after` are the section as it was and as it is; either is
    /// absent when that version of the file did not parse.
    pub fn new(year: u16, id: &str, before: Option<&Section>, after: Option<&Section>) -> Self {
        let goals = || before.into_iter().chain(after).flat_map(|s| &s.data.goals);
        SectionEdit {
            year,
            id: id.to_owned(),
            kpis: goals()
                .flat_map(|g| &g.indicators)
                .filter_map(|i| i.kpi.as_ref().map(|k| k.value.clone()))
                .collect(),
            plans: goals()
                .flat_map(|g| &g.implements)
                .map(|r| r.value.plan.clone())
                .collect(),
        }
    }

    /// Whether the page of `key` shows anything of the section. Pages that
    /// list every section (the sitemap aside) are those of its year; the KPI
    /// and plan pages list the goals that link to them.
    pub fn touches(&self, builder: &PageBuilder, key: &PageKey) -> bool {
        match key {
            PageKey::Home => builder.site.latest_year() == Some(self.year),
            PageKey::YearHome(year) | PageKey::GoalIndex { year, .. } => *year == self.year,
            PageKey::Section { year, index } => {
                *year == self.year && builder.site.years[year][*index].id == self.id
            }
            PageKey::Kpi(id) => self.kpis.contains(id),
            PageKey::Plan(id) => self.plans.contains(id),
            PageKey::KpiIndex
            | PageKey::PlanIndex
            | PageKey::Scale
            | PageKey::Data
            | PageKey::NotFound => false,
        }
    }
}
