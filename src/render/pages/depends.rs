//! Which pages show what one section file says, so that a preview can rebuild
//! only those after an edit to it.

use std::collections::BTreeSet;

use serde_saphyr::Spanned;

use super::{PageBuilder, PageKey};
use crate::content::load::Section;

/// An edit to one section file that left its id and fiscal year as they were.
pub struct SectionEdit {
    year: u16,
    id: String,
    /// Whether the edit left alone all that pages listing the section show of
    /// it, as most edits to a goal's text do: then only its own page changes.
    listed_alike: bool,
    /// KPI series an indicator links to, before or after the edit.
    kpis: BTreeSet<String>,
    /// Plans a goal implements, before or after the edit.
    plans: BTreeSet<String>,
    /// Goal ids the section's goals have or continue, before or after the edit:
    /// the pages across years that show them.
    goal_ids: BTreeSet<String>,
    /// Whether the edit changed the links between years (a goal's id or what a
    /// goal or the section continues): other years' pages show those links.
    relinked: bool,
}

impl SectionEdit {
    /// `before` and `after` are the section as it was and as it is; either is
    /// absent when that version of the file did not parse.
    pub fn new(year: u16, id: &str, before: Option<&Section>, after: Option<&Section>) -> Self {
        let goals = || before.into_iter().chain(after).flat_map(|s| &s.data.goals);
        SectionEdit {
            year,
            id: id.to_owned(),
            listed_alike: matches!((before, after), (Some(b), Some(a)) if listing(b) == listing(a)),
            relinked: before.map(links) != after.map(links),
            kpis: goals()
                .flat_map(|g| &g.indicators)
                .filter_map(|i| i.kpi.as_ref().map(|k| k.value.clone()))
                .collect(),
            plans: goals()
                .flat_map(|g| &g.implements)
                .map(|r| r.value.plan.clone())
                .collect(),
            goal_ids: goals()
                .flat_map(|g| g.id.iter().chain(&g.continues))
                .map(|id| id.value.clone())
                .collect(),
        }
    }

    /// Whether the page of `key` shows anything of the section. Pages that
    /// list every section (the sitemap aside) are those of its year; the KPI
    /// and plan pages list the goals that link to them.
    pub fn touches(&self, builder: &PageBuilder, key: &PageKey) -> bool {
        let is_own_page = |year: u16, index: usize| {
            year == self.year && builder.site.years[&year][index].id == self.id
        };
        if let PageKey::Goal(id) = key {
            return self.goal_ids.contains(id);
        }
        if self.relinked
            && matches!(
                key,
                PageKey::Home
                    | PageKey::YearHome(_)
                    | PageKey::GoalIndex { .. }
                    | PageKey::Section { .. }
            )
        {
            return true;
        }
        if self.listed_alike {
            return matches!(key, PageKey::Section { year, index } if is_own_page(*year, *index));
        }
        match key {
            PageKey::Home => builder.site.latest_year() == Some(self.year),
            // The next year's index lists the goals that ended with this one.
            PageKey::GoalIndex { year, filter: None }
                if builder.lineage.year_before(*year) == Some(self.year) =>
            {
                true
            }
            PageKey::YearHome(year)
            | PageKey::DepartmentHome { year, .. }
            | PageKey::GoalIndex { year, .. } => *year == self.year,
            PageKey::Section { year, index } => {
                // Sections under another id that continue this one, or that it
                // continues, name it among their other years.
                let id = &builder.site.years[year][*index].id;
                is_own_page(*year, *index)
                    || (id != &self.id && builder.section_family(&self.id).contains(id.as_str()))
            }
            PageKey::Goal(_) => false,
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

fn value(field: &Option<Spanned<String>>) -> Option<&String> {
    field.as_ref().map(|f| &f.value)
}

/// The links between years a section file writes: its goals' ids and what
/// they and the section continue.
fn links(section: &Section) -> impl PartialEq + use<'_> {
    let goals: Vec<_> = section
        .data
        .goals
        .iter()
        .map(|goal| (value(&goal.id), &goal.continues))
        .collect();
    (&section.data.continues, goals)
}

/// What the home pages, the goal index and the KPI and plan pages show of a
/// section: its name and place, and each goal's title, marks and links.
fn listing(section: &Section) -> impl PartialEq + use<'_> {
    let goals: Vec<_> = section
        .data
        .goals
        .iter()
        .map(|goal| {
            (
                goal.rank.value,
                &goal.number,
                &goal.title,
                [&goal.grade, &goal.progress, &goal.plan_type].map(value),
                goal.indicators
                    .iter()
                    .map(|i| i.kpi.as_ref().map(|k| &k.value))
                    .collect::<Vec<_>>(),
                goal.implements.iter().map(|r| &r.value).collect::<Vec<_>>(),
            )
        })
        .collect();
    (&section.data.name, section.data.order, goals)
}
