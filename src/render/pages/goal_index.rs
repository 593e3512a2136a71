//! The goal index of a year: every goal with its marks, grouped by section.
//!
//! Filtering must work without JavaScript, so each grade, progress mark and
//! plan type also gets a pre-rendered page of its goals, and each section an
//! anchor in the index. The same facet values label the list items for the
//! script that filters in place, and the search records.

use std::collections::HashMap;
use std::sync::OnceLock;

use tera::Value;

use super::{Link, Page, PageBuilder, PageKey, goal_anchor, section_path};
use crate::config::{ScaleEntry, SiteConfig};
use crate::content::load::Section;
use crate::content::model::Goal;
use crate::error::{Error, Result};
use crate::render::search::search_dir;
use crate::render::view::view;
use crate::render::{folder_depth, root_at};

/// What goals can be filtered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    Section,
    Grade,
    PlanType,
    /// One of the site's `category_axes`, by its place in site.yaml.
    Category(usize),
    Progress,
}

impl Facet {
    /// Every facet of a site, in the order the goal index offers them: the
    /// plan types and each category axis are facets only of a site that has them.
    pub fn all(config: &SiteConfig) -> Vec<Facet> {
        let plan_types = (!config.plan_types.is_empty()).then_some(Facet::PlanType);
        let axes = (0..config.category_axes.len()).map(Facet::Category);
        [Facet::Section, Facet::Grade]
            .into_iter()
            .chain(plan_types)
            .chain(axes)
            // A site without a mid-year check has no progress to narrow by.
            .chain((!config.progress_marks.is_empty()).then_some(Facet::Progress))
            .collect()
    }

    /// The facet's name in pages, scripts and the search index.
    pub fn key(self, config: &SiteConfig) -> &str {
        match self {
            Facet::Section => "section",
            Facet::Grade => "grade",
            Facet::PlanType => "plan",
            Facet::Category(axis) => &config.category_axes[axis].id,
            Facet::Progress => "progress",
        }
    }

    /// The values of this facet for a goal: slugs safe in file names and
    /// attributes (grade and mark codes can be symbols such as ◎). A goal
    /// may be in several categories of an axis, and has one value of the others.
    pub fn values(self, config: &SiteConfig, section_id: &str, goal: &Goal) -> Vec<String> {
        let position = |scale: &[ScaleEntry], code: Option<&str>| {
            code.and_then(|code| scale.iter().position(|e| e.code == code))
                .map_or_else(|| "none".to_owned(), |i| (i + 1).to_string())
        };
        let values = match self {
            Facet::Section => vec![section_id.to_owned()],
            Facet::Grade => vec![position(
                &config.grades,
                goal.grade.as_ref().map(|g| g.value.as_str()),
            )],
            Facet::Progress => vec![position(
                &config.progress_marks,
                goal.progress.as_ref().map(|p| p.value.as_str()),
            )],
            Facet::PlanType => vec![
                goal.plan_type
                    .as_ref()
                    .filter(|p| config.plan_type(&p.value).is_some())
                    .map_or_else(|| "none".to_owned(), |p| p.value.clone()),
            ],
            Facet::Category(axis) => {
                let ids: Vec<String> = goal
                    .categories
                    .iter()
                    .filter(|c| config.category(&c.value).is_some_and(|(a, _)| a == axis))
                    .map(|c| c.value.clone())
                    .collect();
                if ids.is_empty() {
                    vec!["none".to_owned()]
                } else {
                    ids
                }
            }
        };
        let key = self.key(config);
        values
            .into_iter()
            .map(|value| format!("{key}-{value}"))
            .collect()
    }
}

/// Where a year's goal index is.
pub fn goal_index_path(year: u16) -> String {
    format!("{year}/goals/index.html")
}

/// One of a year's filtered goal index pages: the goals with one facet value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalFilter {
    pub facet: Facet,
    pub value: String,
}

/// Where the page of the goals with a facet value is.
pub(super) fn filter_path(year: u16, value: &str) -> String {
    format!("{year}/goals/{value}.html")
}

/// A value a facet can take, with its label, in the order the scale lists them.
struct FacetOption {
    value: String,
    label: String,
}

/// What the goal index pages of one year share, each part made once, when
/// the first page needs it: the pages of a year are built on several threads.
#[derive(Default)]
pub(super) struct YearGoals {
    facets: OnceLock<Vec<(Facet, Vec<FacetOption>)>>,
    listed: OnceLock<Listed>,
    /// The goals' list items, rendered once for the pages at each folder depth
    /// that list them (front page, year home, goal index pages): a goal of the
    /// index is also on three filter pages and its year's home.
    items: [OnceLock<std::result::Result<Vec<Vec<Value>>, String>>; 3],
}

/// Every goal of the year as the index lists it, section by section, and the
/// facet menus with counts, as template values: every page listing the year's
/// goals shares these instead of converting its own copy.
struct Listed {
    by_section: Vec<Vec<ListedGoal>>,
    facet_menus: Value,
}

struct ListedGoal {
    /// The goal's facet values, space-separated, as its list item carries them.
    facets: String,
    summary: Value,
}

impl<'a> PageBuilder<'a> {
    /// The goal index of `year` and one page per grade, progress mark and plan type.
    pub(super) fn goal_index_keys(&self, year: u16) -> Vec<PageKey> {
        let filters = self
            .facets(year)
            .iter()
            .filter(|(f, _)| *f != Facet::Section);
        let filtered = filters.flat_map(|(facet, options)| {
            options.iter().map(move |option| PageKey::GoalIndex {
                year,
                filter: Some(GoalFilter {
                    facet: *facet,
                    value: option.value.clone(),
                }),
            })
        });
        std::iter::once(PageKey::GoalIndex { year, filter: None })
            .chain(filtered)
            .collect()
    }

    fn facets(&self, year: u16) -> &[(Facet, Vec<FacetOption>)] {
        self.year_goals[&year].facets.get_or_init(|| {
            let sections = &self.site.years[&year];
            Facet::all(self.config())
                .into_iter()
                .map(|facet| (facet, self.facet_options(facet, sections)))
                .collect()
        })
    }

    /// What the goal index calls a facet.
    pub(super) fn facet_label(&self, facet: Facet) -> String {
        match facet {
            Facet::Category(axis) => self.config().category_axes[axis].label.clone(),
            _ => self.t(&format!("facet_{}", facet.key(self.config()))),
        }
    }

    fn listed(&self, year: u16) -> &Listed {
        self.year_goals[&year].listed.get_or_init(|| {
            let by_section: Vec<Vec<ListedGoal>> = self.site.years[&year]
                .iter()
                .map(|section| {
                    section
                        .data
                        .goals
                        .iter()
                        .map(|goal| self.listed_goal(year, section, goal))
                        .collect()
                })
                .collect();
            // One pass over the goals: a large year has thousands of sections to count.
            let mut counts: HashMap<&str, usize> = HashMap::new();
            for goal in by_section.iter().flatten() {
                for value in goal.facets.split(' ') {
                    *counts.entry(value).or_default() += 1;
                }
            }
            let count = |value: &str| counts.get(value).copied().unwrap_or(0);
            let facet_menus: Vec<Value> = self
                .facets(year)
                .iter()
                .map(|(facet, options)| {
                    view!({
                        "key": facet.key(self.config()),
                        "label": self.facet_label(*facet),
                        "options": options.iter().map(|o| view!({
                            "value": o.value.as_str(),
                            "label": o.label.as_str(),
                            "count_label": self.t_fill("option_count", &[("count", &count(&o.value).to_string())]),
                            "url": self.facet_url(year, *facet, &o.value),
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            Listed {
                by_section,
                facet_menus: facet_menus.into(),
            }
        })
    }

    /// The year's goal summaries, each with its list item rendered (`html`)
    /// for pages `depth` folders below the site root.
    fn rendered_items(&self, year: u16, depth: usize) -> Result<&[Vec<Value>]> {
        let items = self.year_goals[&year].items[depth].get_or_init(|| {
            let root = root_at(depth);
            self.listed(year)
                .by_section
                .iter()
                .map(|goals| {
                    goals
                        .iter()
                        .map(|goal| {
                            let html = self.goal_item.render(&root, &goal.summary)?;
                            let mut summary = goal.summary.clone().into_map().unwrap_or_default();
                            summary.insert("html".into(), Value::safe_string(&html));
                            Ok(summary.into())
                        })
                        .collect()
                })
                .collect()
        });
        items
            .as_deref()
            .map_err(|message| Error::Template(message.clone()))
    }

    /// The goals of `year` by section, as the page at `page_path` lists them,
    /// with the number listed: those with the facet value of `filter`, or all;
    /// sections without any only with `every_section`.
    pub(super) fn goal_groups(
        &self,
        year: u16,
        page_path: &str,
        filter: Option<&GoalFilter>,
        department: Option<&str>,
        every_section: bool,
    ) -> Result<(usize, Value)> {
        let listed = self.listed(year);
        let items = self.rendered_items(year, folder_depth(page_path))?;
        let mut count = 0;
        let mut groups = Vec::new();
        for ((section, goals), items) in self.site.years[&year]
            .iter()
            .zip(&listed.by_section)
            .zip(items)
        {
            if department.is_some_and(|d| section.department.as_deref() != Some(d)) {
                continue;
            }
            let shown: Vec<Value> = goals
                .iter()
                .zip(items)
                .filter(|(goal, _)| {
                    filter.is_none_or(|filter| goal.facets.split(' ').any(|f| f == filter.value))
                })
                .map(|(_, item)| item.clone())
                .collect();
            if shown.is_empty() && !every_section {
                continue;
            }
            count += shown.len();
            groups.push(view!({
                "anchor": format!("section-{}", section.id),
                // A department's own list need not repeat its name.
                "name": if department.is_some() { section.data.name.clone() } else { section.full_name(self.config()) },
                "url": section_path(year, &section.id),
                "goals": shown,
            }));
        }
        Ok((count, groups.into()))
    }

    /// The goal index of `year`, or the page of its goals with one facet value.
    pub(super) fn goal_index_page(&self, year: u16, filter: Option<&GoalFilter>) -> Result<Page> {
        let listed = self.listed(year);
        let mut crumbs = vec![self.home_crumb(), self.year_crumb(year)];
        let (path, title, filter_view) = match filter {
            None => (goal_index_path(year), self.t("goal_index"), Value::none()),
            Some(filter) => {
                let label = self
                    .facets(year)
                    .iter()
                    .filter(|(facet, _)| *facet == filter.facet)
                    .flat_map(|(_, options)| options)
                    .find(|option| option.value == filter.value)
                    .map(|option| option.label.clone())
                    .unwrap_or_default();
                let facet_label = self.facet_label(filter.facet);
                let title = self.t_fill(
                    "goal_index_filtered",
                    &[("facet", &facet_label), ("value", &label)],
                );
                crumbs.push(Link::new(self.t("goal_index"), goal_index_path(year)));
                let view = view!({ "key": filter.facet.key(self.config()), "value": filter.value.as_str(), "label": label });
                (filter_path(year, &filter.value), title, view)
            }
        };
        let (count, groups) = self.goal_groups(year, &path, filter, None, false)?;
        Ok(Page {
            path,
            template: "goal_index.html",
            title,
            breadcrumbs: crumbs,
            context: view!({
                "year": year,
                "year_label": self.year_label(year),
                "index_url": goal_index_path(year),
                "search": format!("{}/pagefind.js", search_dir(year)),
                "years": self.site.years.keys().rev().map(|&y| Link::new(self.year_label(y), goal_index_path(y))).collect::<Vec<_>>(),
                "filter": filter_view,
                "summary": self.t_fill("goal_index_count", &[("count", &count.to_string())]),
                "facets": listed.facet_menus.clone(),
                "sections": groups,
                "changes": filter.is_none().then(|| self.goal_changes(year)).flatten(),
            }),
            ..Page::default()
        })
    }

    /// Sections are anchors of the index (a page each would double a large
    /// site); the other facets have a page of their own.
    fn facet_url(&self, year: u16, facet: Facet, value: &str) -> String {
        match facet {
            Facet::Section => format!("{}#{value}", goal_index_path(year)),
            _ => filter_path(year, value),
        }
    }

    /// The values a facet takes in a year, in the scale's order; "not stated"
    /// is offered only when some goal lacks the value.
    fn facet_options(&self, facet: Facet, sections: &[Section]) -> Vec<FacetOption> {
        let config = self.config();
        let mut options: Vec<FacetOption> = match facet {
            Facet::Section => sections
                .iter()
                .map(|s| FacetOption {
                    value: format!("section-{}", s.id),
                    label: s.full_name(config),
                })
                .collect(),
            Facet::Grade | Facet::Progress => {
                let scale = if facet == Facet::Grade {
                    &config.grades
                } else {
                    &config.progress_marks
                };
                scale
                    .iter()
                    .enumerate()
                    .map(|(i, e)| FacetOption {
                        value: format!("{}-{}", facet.key(config), i + 1),
                        label: format!("{} {}", e.code, e.label),
                    })
                    .collect()
            }
            Facet::PlanType => config
                .plan_types
                .iter()
                .map(|p| FacetOption {
                    value: format!("plan-{}", p.id),
                    label: p.label.to_string(),
                })
                .collect(),
            Facet::Category(axis) => {
                let axis = &config.category_axes[axis];
                axis.categories
                    .iter()
                    .map(|c| FacetOption {
                        value: format!("{}-{}", axis.id, c.id),
                        label: c.label.clone(),
                    })
                    .collect()
            }
        };
        let none = format!("{}-none", facet.key(config));
        let any_without = sections.iter().any(|s| {
            s.data
                .goals
                .iter()
                .any(|g| facet.values(config, &s.id, g).contains(&none))
        });
        if any_without {
            let label = if facet == Facet::PlanType {
                self.t("plan_type_none")
            } else {
                self.t("not_stated")
            };
            options.push(FacetOption { value: none, label });
        }
        options
    }

    /// A goal as listed in indexes: title, link, marks and its facet values.
    fn listed_goal(&self, year: u16, section: &Section, goal: &Goal) -> ListedGoal {
        let config = self.config();
        let facets: Vec<String> = Facet::all(config)
            .into_iter()
            .flat_map(|f| f.values(config, &section.id, goal))
            .collect();
        let facets = facets.join(" ");
        let summary = view!({
            "rank": goal.rank.value,
            "number": goal.number.as_deref(),
            "title": goal.title.as_str(),
            "url": format!("{}#{}", section_path(year, &section.id), goal_anchor(goal.rank.value)),
            "grade": goal.grade.as_ref().map(|g| self.scale_view(&config.grades, &g.value)),
            "progress": goal.progress.as_ref().map(|p| self.scale_view(&config.progress_marks, &p.value)),
            "plan_type": goal.plan_type.as_ref().and_then(|p| config.plan_type(&p.value)).map(|p| p.label.as_str()),
            "categories": category_views(config, goal),
            "facets": facets.as_str(),
        });
        ListedGoal { facets, summary }
    }
}

/// A goal's categories axis by axis, in the order of site.yaml: the axis
/// label and the labels of the goal's categories on it.
pub(super) fn category_views(config: &SiteConfig, goal: &Goal) -> Vec<Value> {
    config
        .category_axes
        .iter()
        .enumerate()
        .filter_map(|(a, axis)| {
            let labels: Vec<&str> = goal
                .categories
                .iter()
                .filter_map(|c| config.category(&c.value))
                .filter(|(on, _)| *on == a)
                .map(|(_, category)| category.label.as_str())
                .collect();
            (!labels.is_empty()).then(|| view!({ "axis": axis.label.as_str(), "labels": labels }))
        })
        .collect()
}
