//! Goals followed from year to year: which goal of one year is which goal of
//! another, which goals are new in a year and which ended before it.
//!
//! A goal's identity is its `id`, never its rank or title, which may change
//! each year; `continues` links a goal to earlier goals that went under
//! another id. Goals without an id are not followed.

use std::collections::{BTreeMap, BTreeSet};

use super::load::{Section, Site};
use super::model::Goal;

/// One year's goal, with the section it was in that year.
#[derive(Debug, Clone, Copy)]
pub struct YearGoal<'a> {
    pub year: u16,
    pub section: &'a Section,
    pub goal: &'a Goal,
}

/// The goals of every year, by id, and the links between ids.
#[derive(Debug, Default)]
pub struct Lineage<'a> {
    /// Every year's goal with the id, oldest first.
    years: BTreeMap<&'a str, Vec<YearGoal<'a>>>,
    /// The ids that name each id in `continues`, oldest first.
    successors: BTreeMap<&'a str, Vec<&'a str>>,
    /// The site's fiscal years, oldest first.
    site_years: Vec<u16>,
}

/// How a goal of one year stands against the year before it in the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// The site's first year, or a goal without an id: nothing to compare with.
    Unknown,
    /// Neither the goal's id nor any it continues was in the year before.
    New,
    /// The goal or one it continues was in the year before.
    Carried,
}

impl<'a> Lineage<'a> {
    pub fn new(site: &'a Site) -> Self {
        let mut lineage = Lineage {
            site_years: site.years.keys().copied().collect(),
            ..Lineage::default()
        };
        for (&year, sections) in &site.years {
            for section in sections {
                for goal in &section.data.goals {
                    let Some(id) = &goal.id else { continue };
                    lineage.years.entry(&id.value).or_default().push(YearGoal {
                        year,
                        section,
                        goal,
                    });
                }
            }
        }
        for goals in lineage.years.values() {
            // Each year of an id once: a doubled id is reported by `check`.
            for earlier in goals.iter().flat_map(|g| &g.goal.continues) {
                let successors = lineage.successors.entry(&earlier.value).or_default();
                let id = goal_id(goals[0].goal);
                if !successors.contains(&id) {
                    successors.push(id);
                }
            }
        }
        lineage
    }

    /// Every id, in order.
    pub fn ids(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.years.keys().copied()
    }

    /// Every year's goal with `id`, oldest first.
    pub fn goal_years(&self, id: &str) -> &[YearGoal<'a>] {
        self.years.get(id).map(Vec::as_slice).unwrap_or_default()
    }

    /// The ids an id was continued under, in the order their goals appear.
    pub fn successors(&self, id: &str) -> &[&'a str] {
        self.successors
            .get(id)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The ids the goals of `id` continue, in the order they are written.
    pub fn predecessors(&self, id: &str) -> Vec<&'a str> {
        let mut ids = Vec::new();
        for earlier in self
            .goal_years(id)
            .iter()
            .flat_map(|g| &g.goal.continues)
            .map(|c| c.value.as_str())
        {
            if !ids.contains(&earlier) {
                ids.push(earlier);
            }
        }
        ids
    }

    /// The site's year before `year`, when there is one.
    pub fn year_before(&self, year: u16) -> Option<u16> {
        self.site_years.iter().rev().find(|&&y| y < year).copied()
    }

    /// The goal of the year before `year` that `goal` is, or takes over from: its
    /// own id first, then what it continues.
    pub fn previous(&self, year: u16, goal: &Goal) -> Option<YearGoal<'a>> {
        let before = self.year_before(year)?;
        let in_year = |id: &str| {
            self.goal_years(id)
                .iter()
                .find(|g| g.year == before)
                .copied()
        };
        let id = goal.id.as_ref()?;
        in_year(&id.value).or_else(|| {
            goal.continues
                .iter()
                .find_map(|earlier| in_year(&earlier.value))
        })
    }

    pub fn standing(&self, year: u16, goal: &Goal) -> Standing {
        if goal.id.is_none() || self.year_before(year).is_none() {
            Standing::Unknown
        } else if self.previous(year, goal).is_some() {
            Standing::Carried
        } else {
            Standing::New
        }
    }

    /// Goals of `year` that were not in the year before it.
    pub fn new_in(&self, year: u16) -> Vec<YearGoal<'a>> {
        if self.year_before(year).is_none() {
            return Vec::new();
        }
        let mut goals: Vec<YearGoal> = self
            .years
            .values()
            .filter_map(|goals| goals.iter().find(|g| g.year == year))
            .filter(|g| self.standing(year, g.goal) == Standing::New)
            .copied()
            .collect();
        sort_in_report_order(&mut goals);
        goals
    }

    /// Goals of the year before `year` that `year` neither keeps nor continues:
    /// the goals that ended with that year.
    pub fn ended_before(&self, year: u16) -> Vec<YearGoal<'a>> {
        let Some(before) = self.year_before(year) else {
            return Vec::new();
        };
        let ids_of = |y: u16| -> BTreeSet<&str> {
            self.years
                .iter()
                .filter(|(_, goals)| goals.iter().any(|g| g.year == y))
                .map(|(&id, _)| id)
                .collect()
        };
        let kept = ids_of(year);
        let mut goals: Vec<YearGoal> = ids_of(before)
            .into_iter()
            .filter(|id| !kept.contains(id))
            .filter(|id| {
                // Continued under another id that this year has.
                !self.successors(id).iter().any(|s| kept.contains(s))
            })
            .filter_map(|id| self.goal_years(id).iter().find(|g| g.year == before))
            .copied()
            .collect();
        sort_in_report_order(&mut goals);
        goals
    }
}

/// The id of a goal known to have one.
fn goal_id(goal: &Goal) -> &str {
    goal.id.as_ref().map(|id| id.value.as_str()).unwrap_or("")
}

/// Sections in their order, goals by rank: the order a reader knows from the report.
fn sort_in_report_order(goals: &mut [YearGoal]) {
    goals.sort_by_key(|g| {
        (
            g.section.data.order,
            g.section.id.as_str(),
            g.goal.rank.value,
        )
    });
}
