//! Which pages a site has, and what each page's template is given.
//!
//! Everything a template shows is prepared here — formatted numbers, sanitized
//! HTML, relative links — so that themes only arrange it.

mod departments;
mod depends;
mod goal_index;
mod goal_page;
mod indicator_years;
mod plan_page;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use tera::Value;

use super::charts::{self, Bar, ChartLabels, ChartText};
use super::format::{format_kpi_value, format_measure, format_number, kpi_decimals};
use super::templates::{GoalItem, Locale};
use super::view::view;
use crate::config::{ScaleEntry, SiteConfig};
use crate::content::figures::{GradeCounts, grade_counts, meets_target};
use crate::content::lineage::Lineage;
use crate::content::load::{Section, Site};
use crate::content::model::{Direction, Goal, Indicator, KpiSeries, Measure, Number};
use crate::content::series;
use crate::error::Result;
use crate::fiscal::{RefDate, fiscal_year_label};
use crate::markdown::to_html;
pub use depends::SectionEdit;
pub use goal_index::{Facet, GoalFilter, goal_index_path};
use goal_index::{YearGoals, filter_path};
pub use goal_page::goal_path;
pub use plan_page::plan_path;

/// A page to render: its output path, template and the page-specific context.
pub struct Page {
    pub path: String,
    pub template: &'static str,
    pub title: String,
    pub breadcrumbs: Vec<Link>,
    pub context: Value,
    /// How many charts the page shows.
    pub charts: usize,
}

impl Default for Page {
    fn default() -> Self {
        Page {
            path: String::new(),
            template: "",
            title: String::new(),
            breadcrumbs: Vec::new(),
            context: Value::none(),
            charts: 0,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    /// Path from the site root; made relative to each page when rendered.
    pub path: String,
}

impl From<Link> for Value {
    fn from(link: Link) -> Self {
        view!({ "title": link.title, "path": link.path })
    }
}

impl Link {
    fn new(title: impl Into<String>, path: impl Into<String>) -> Self {
        Link {
            title: title.into(),
            path: path.into(),
        }
    }
}

/// The page a web server sends for a missing path.
pub const NOT_FOUND_PATH: &str = "404.html";

pub fn section_path(year: u16, section_id: &str) -> String {
    format!("{year}/{section_id}.html")
}

pub fn department_home_path(year: u16, department: &str) -> String {
    format!("{year}/{department}/index.html")
}

pub fn kpi_path(id: &str) -> String {
    format!("kpi/{id}.html")
}

pub fn goal_anchor(rank: u32) -> String {
    format!("goal-{rank}")
}

/// One page of a site, before it is built: `PageBuilder::page_keys` lists them
/// all and `PageBuilder::build` makes one, so that a preview can rebuild only
/// the pages an edit touches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKey {
    /// The site's front page: the home page of the latest year.
    Home,
    YearHome(u16),
    /// A year's goal index, whole or narrowed to one facet value.
    GoalIndex {
        year: u16,
        filter: Option<GoalFilter>,
    },
    /// The `index`-th section of the year, in the year's order.
    Section {
        year: u16,
        index: usize,
    },
    /// A goal's page across years, by the goal's id.
    Goal(String),
    /// A department's home for the year, on a site of several departments.
    DepartmentHome {
        year: u16,
        department: String,
    },
    KpiIndex,
    Kpi(String),
    PlanIndex,
    Plan(String),
    Scale,
    Data,
    NotFound,
}

impl PageKey {
    /// Pages that gather a whole year: the slowest to build, so a full build
    /// starts them first rather than leaving them for last.
    pub fn is_aggregate(&self) -> bool {
        matches!(
            self,
            PageKey::Home
                | PageKey::YearHome(_)
                | PageKey::DepartmentHome { .. }
                | PageKey::GoalIndex { .. }
        )
    }
}

/// Shared state for building the pages of one site.
pub struct PageBuilder<'a> {
    site: &'a Site,
    locale: &'a Locale,
    lang: &'a str,
    /// The fiscal years each section id has a file in.
    section_years: BTreeMap<&'a str, Vec<u16>>,
    /// The section ids each section id continues or is continued by.
    section_links: BTreeMap<&'a str, BTreeSet<&'a str>>,
    /// The goals with an indicator tracked by each KPI series.
    kpi_goals: BTreeMap<&'a str, Vec<(u16, &'a Section, &'a Goal)>>,
    /// What the goal index pages of each year share, made on first use.
    year_goals: BTreeMap<u16, YearGoals>,
    goal_item: GoalItem<'a>,
    /// Which goal of one year is which of another.
    lineage: Lineage<'a>,
}

impl<'a> PageBuilder<'a> {
    /// Indexes the links between pages once, so that no page has to search
    /// the whole site for them: that would grow with the square of its size.
    pub fn new(site: &'a Site, locale: &'a Locale, goal_item: GoalItem<'a>) -> Self {
        let mut section_years: BTreeMap<&str, Vec<u16>> = BTreeMap::new();
        let mut kpi_goals: BTreeMap<&str, Vec<(u16, &Section, &Goal)>> = BTreeMap::new();
        let mut section_links: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (&year, sections) in &site.years {
            for section in sections {
                section_years.entry(&section.id).or_default().push(year);
                for earlier in &section.data.continues {
                    section_links
                        .entry(&section.id)
                        .or_default()
                        .insert(&earlier.value);
                    section_links
                        .entry(&earlier.value)
                        .or_default()
                        .insert(&section.id);
                }
                for goal in &section.data.goals {
                    let kpis: BTreeSet<&str> = goal
                        .indicators
                        .iter()
                        .filter_map(|i| i.kpi.as_ref().map(|k| k.value.as_str()))
                        .collect();
                    for kpi in kpis {
                        kpi_goals
                            .entry(kpi)
                            .or_default()
                            .push((year, section, goal));
                    }
                }
            }
        }
        PageBuilder {
            site,
            locale,
            lang: &site.config.language,
            section_years,
            section_links,
            kpi_goals,
            year_goals: site
                .years
                .keys()
                .map(|&y| (y, YearGoals::default()))
                .collect(),
            goal_item,
            lineage: Lineage::new(site),
        }
    }

    fn t(&self, key: &str) -> String {
        self.locale
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_owned())
    }

    /// A locale string with `{name}` placeholders filled in.
    fn t_fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        values.iter().fold(self.t(key), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
    }

    fn config(&self) -> &SiteConfig {
        &self.site.config
    }

    fn year_label(&self, year: u16) -> String {
        fiscal_year_label(i32::from(year), self.lang)
    }

    /// Every page of the site, in the order the sitemap lists them.
    pub fn page_keys(&self) -> Vec<PageKey> {
        let mut keys = Vec::new();
        if self.site.latest_year().is_some() {
            keys.push(PageKey::Home);
        }
        for &year in self.site.years.keys() {
            keys.push(PageKey::YearHome(year));
            keys.extend(self.department_keys(year));
            keys.extend(self.goal_index_keys(year));
        }
        for (&year, sections) in &self.site.years {
            keys.extend((0..sections.len()).map(|index| PageKey::Section { year, index }));
        }
        keys.extend(self.lineage.ids().map(|id| PageKey::Goal(id.to_owned())));
        if !self.site.kpis.is_empty() {
            keys.push(PageKey::KpiIndex);
            keys.extend(self.site.kpis.keys().cloned().map(PageKey::Kpi));
        }
        if !self.site.plans.is_empty() {
            keys.push(PageKey::PlanIndex);
            keys.extend(self.site.plans.keys().cloned().map(PageKey::Plan));
        }
        keys.extend([PageKey::Scale, PageKey::Data, PageKey::NotFound]);
        keys
    }

    /// Where the pages of `keys` go, in that order, without building them.
    pub fn paths(&self, keys: &[PageKey]) -> Vec<String> {
        keys.iter().map(|key| self.path(key)).collect()
    }

    /// Where a page goes, without building it.
    pub fn path(&self, key: &PageKey) -> String {
        match key {
            PageKey::Home => "index.html".into(),
            PageKey::YearHome(year) => format!("{year}/index.html"),
            PageKey::GoalIndex { year, filter: None } => goal_index_path(*year),
            PageKey::GoalIndex {
                year,
                filter: Some(filter),
            } => filter_path(*year, &filter.value),
            PageKey::Section { year, index } => {
                section_path(*year, &self.site.years[year][*index].id)
            }
            PageKey::Goal(id) => goal_path(id),
            PageKey::DepartmentHome { year, department } => department_home_path(*year, department),
            PageKey::KpiIndex => "kpi/index.html".into(),
            PageKey::Kpi(id) => kpi_path(id),
            PageKey::PlanIndex => "plans/index.html".into(),
            PageKey::Plan(id) => plan_path(id),
            PageKey::Scale => "scale.html".into(),
            PageKey::Data => "data/index.html".into(),
            PageKey::NotFound => NOT_FOUND_PATH.into(),
        }
    }

    /// Builds one page of `page_keys`; fails only when a theme's goal list item does not render.
    pub fn build(&self, key: &PageKey) -> Result<Page> {
        Ok(match key {
            PageKey::Home => {
                let latest = self.site.latest_year().expect("a home page has a year");
                self.year_home(latest, "index.html")?
            }
            PageKey::YearHome(year) => self.year_home(*year, &self.path(key))?,
            PageKey::GoalIndex { year, filter } => self.goal_index_page(*year, filter.as_ref())?,
            PageKey::Section { year, index } => {
                self.section_page(*year, &self.site.years[year][*index])
            }
            PageKey::Goal(id) => self.goal_page(id),
            PageKey::DepartmentHome { year, department } => {
                self.department_home(*year, department)?
            }
            PageKey::KpiIndex => self.kpi_index(),
            PageKey::Kpi(id) => self.kpi_page(id, &self.site.kpis[id]),
            PageKey::PlanIndex => self.plan_index(),
            PageKey::Plan(id) => self.plan_page(id, &self.site.plans[id]),
            PageKey::Scale => self.scale_page(),
            PageKey::Data => self.data_page(),
            PageKey::NotFound => Page {
                path: NOT_FOUND_PATH.into(),
                template: "404.html",
                title: self.t("not_found_title"),
                breadcrumbs: vec![],
                context: view!({}),
                ..Page::default()
            },
        })
    }

    /// Top navigation, the same on every page.
    pub fn nav(&self) -> Vec<Link> {
        let mut nav = vec![Link::new(self.t("home"), "index.html")];
        if let Some(latest) = self.site.latest_year() {
            nav.push(Link::new(self.t("goal_index"), goal_index_path(latest)));
        }
        if !self.site.kpis.is_empty() {
            nav.push(Link::new(self.t("kpis"), "kpi/index.html"));
        }
        if !self.site.plans.is_empty() {
            nav.push(Link::new(self.t("plans"), "plans/index.html"));
        }
        nav.push(Link::new(self.scale_title(), "scale.html"));
        nav.push(Link::new(self.t("open_data"), "data/index.html"));
        nav
    }

    fn home_crumb(&self) -> Link {
        Link::new(self.t("home"), "index.html")
    }

    fn year_crumb(&self, year: u16) -> Link {
        Link::new(self.year_label(year), format!("{year}/index.html"))
    }

    fn year_home(&self, year: u16, path: &str) -> Result<Page> {
        let sections = &self.site.years[&year];
        let counts = grade_counts(self.config(), sections.iter().flat_map(|s| &s.data.goals));
        let goal_count = counts.total;
        let distribution = self.grade_distribution(&self.year_label(year), "grade-chart", &counts);
        let is_root = path == "index.html";
        // A city's home sums up its departments; each department's home lists its goals.
        let several = self.several_departments();
        let (_, groups) = if several {
            (0, Value::from(Vec::<Value>::new()))
        } else {
            self.goal_groups(year, path, None, None, true)?
        };
        let summary = several.then(|| self.department_summary(year));
        let charts = 1 + summary.as_ref().map_or(0, |(_, charts)| *charts);
        Ok(Page {
            path: path.into(),
            template: "home.html",
            title: if is_root {
                self.config().title.to_string()
            } else {
                self.year_label(year)
            },
            breadcrumbs: if is_root {
                vec![]
            } else {
                vec![self.home_crumb()]
            },
            context: view!({
                "year": year,
                "year_label": self.year_label(year),
                "years": self.year_links(),
                "summary": self.t_fill("section_count", &[
                    ("sections", &sections.len().to_string()),
                    ("goals", &goal_count.to_string()),
                ]),
                "goal_index": goal_index_path(year),
                "goal_index_link": self.goal_index_link(),
                "publisher": format!("{} {}", self.config().city, self.config().department).trim_end(),
                "distribution": distribution,
                "department": self.department_view(year, None),
                "department_summary": summary.map(|(view, _)| view),
                "sections": groups,
            }),
            charts,
        })
    }

    /// The department's own statement for the year, shown once on the year's home.
    fn department_view(&self, year: u16, department: Option<&str>) -> Option<Value> {
        let key = (year, department.map(str::to_owned));
        let data = &self.site.departments.get(&key)?.data;
        let markdown = |text: &Option<String>| text.as_deref().map(to_html);
        Some(view!({
            "head": data.head.as_ref().map(|head| view!({
                "title": head.title.as_str(),
                "name": head.name.as_str(),
            })),
            "city_goal": markdown(&data.city_goal),
            "goal": markdown(&data.goal),
            "overview": data.overview.iter().map(|figure| view!({
                "label": figure.label.as_str(),
                "value": format_number(figure.value.value, figure.value.decimals.into()),
                "unit": figure.unit.as_deref(),
                "note": figure.note.as_deref(),
            })).collect::<Vec<_>>(),
            "notes": markdown(&data.notes),
        }))
    }

    fn year_links(&self) -> Vec<Link> {
        self.site
            .years
            .keys()
            .rev()
            .map(|&year| Link::new(self.year_label(year), format!("{year}/index.html")))
            .collect()
    }

    /// The grades of `counts` as a chart (`chart_id`) and table rows, titled by
    /// `scope`: the year, or the year and a department.
    fn grade_distribution(&self, scope: &str, chart_id: &str, counts: &GradeCounts) -> Value {
        let total = counts.total;
        let mut rows: Vec<(String, String, usize)> = counts
            .by_grade
            .iter()
            .map(|(g, count)| (g.code.clone(), g.label.to_string(), *count))
            .collect();
        if counts.ungraded > 0 {
            rows.push((String::new(), self.t("not_stated"), counts.ungraded));
        }
        let parts = rows
            .iter()
            .map(|(code, label, count)| {
                format!(
                    "{} {}{}",
                    code_and_label(code, label),
                    count,
                    self.count_suffix()
                )
            })
            .collect::<Vec<_>>()
            .join(self.list_separator());
        let desc = self.t_fill(
            "grade_distribution_desc",
            &[
                ("year", scope),
                ("total", &total.to_string()),
                ("parts", &parts),
            ],
        );
        let bars: Vec<Bar> = rows
            .iter()
            .map(|(code, label, count)| Bar {
                label: code_and_label(code, label),
                count: *count,
                value_label: format!("{count}{}", self.count_suffix()),
            })
            .collect();
        let title = format!("{scope} {}", self.t("grade_distribution"));
        let chart = charts::grade_chart(
            &bars,
            &ChartText {
                id: chart_id,
                title: &title,
                desc: &desc,
            },
        );
        view!({
            "title": title,
            "desc": desc,
            "chart": chart,
            "total": total,
            "rows": rows.into_iter().map(|(code, label, count)| view!({"code": code, "label": label, "count": count})).collect::<Vec<_>>(),
        })
    }

    fn count_suffix(&self) -> &'static str {
        if self.lang == "ja" { "件" } else { "" }
    }

    fn list_separator(&self) -> &'static str {
        if self.lang == "ja" { "、" } else { ", " }
    }

    fn scale_view(&self, scale: &[ScaleEntry], code: &str) -> Value {
        let entry = scale.iter().find(|e| e.code == code);
        view!({
            "code": code,
            "label": entry.map(|e| e.label.as_str()).unwrap_or_default(),
            "meaning": entry.map(|e| e.meaning.as_str()).unwrap_or_default(),
            "level": scale.iter().position(|e| e.code == code).unwrap_or(0),
            // A letter grade (C) is part of what a screen reader must say; a symbol (◎) is
            // read as noise ("二重丸") and its word follows anyway.
            "spoken": code.chars().all(|c| c.is_alphanumeric()),
        })
    }

    fn section_page(&self, year: u16, section: &Section) -> Page {
        let other_years = self.other_years(year, section);
        let goals: Vec<Value> = section
            .data
            .goals
            .iter()
            .map(|goal| self.goal_view(year, goal))
            .collect();
        Page {
            path: section_path(year, &section.id),
            template: "section.html",
            title: format!(
                "{} {}",
                section.full_name(self.config()),
                self.year_label(year)
            ),
            breadcrumbs: [self.home_crumb(), self.year_crumb(year)]
                .into_iter()
                .chain(self.department_crumb(year, section.department.as_deref()))
                .collect(),
            context: view!({
                "year": year,
                "year_label": self.year_label(year),
                "name": section.data.name.as_str(),
                "full_name": format!("{}{}", self.config().department_name(section.department.as_deref()), section.data.name),
                "mission": section.data.mission.as_deref().map(to_html),
                "goals": goals,
                "other_years": other_years,
                // The footer's 問い合わせ先, when the section names its own.
                "contact": Value::from_serializable(&section.data.contact),
            }),
            ..Page::default()
        }
    }

    /// The section ids linked to `id` by `continues`, either way and at any
    /// remove (a 課 renamed twice), `id` itself included.
    fn section_family<'s>(&'s self, id: &'s str) -> BTreeSet<&'s str> {
        let mut family = BTreeSet::from([id]);
        let mut queue = vec![id];
        while let Some(id) = queue.pop() {
            for &linked in self.section_links.get(id).into_iter().flatten() {
                if family.insert(linked) {
                    queue.push(linked);
                }
            }
        }
        family
    }

    /// The section's pages of other years, under its own id and under the ids
    /// it continues or is continued by (a renamed or merged 課), in year order;
    /// a section under another id is named, as its name may differ from this one.
    fn other_years(&self, year: u16, section: &Section) -> Vec<Link> {
        let mut pages: Vec<(u16, &Section)> = self
            .section_family(&section.id)
            .iter()
            .flat_map(|id| {
                self.section_years
                    .get(id)
                    .into_iter()
                    .flatten()
                    .map(move |&y| (y, *id))
            })
            .filter(|&(y, id)| (y, id) != (year, section.id.as_str()))
            .filter_map(|(y, id)| Some((y, self.site.years[&y].iter().find(|s| s.id == id)?)))
            .collect();
        pages.sort_by_key(|(y, s)| (*y, s.data.order, s.id.as_str()));
        pages
            .into_iter()
            .map(|(y, other)| {
                let label = if other.id == section.id {
                    self.year_label(y)
                } else {
                    format!(
                        "{}（{}）",
                        self.year_label(y),
                        other.full_name(self.config())
                    )
                };
                Link::new(label, section_path(y, &other.id))
            })
            .collect()
    }

    fn goal_view(&self, year: u16, goal: &Goal) -> Value {
        let config = self.config();
        let implements: Vec<Link> = goal
            .implements
            .iter()
            .filter_map(|reference| self.plan_link(&reference.value))
            .collect();
        let markdown = |text: &Option<String>| text.as_deref().map(to_html);
        view!({
            "anchor": goal_anchor(goal.rank.value),
            "rank": goal.rank.value,
            "number": goal.number.as_deref(),
            "title": goal.title.as_str(),
            "plan_type": goal.plan_type.as_ref().and_then(|p| config.plan_type(&p.value)).map(|p| p.label.to_string()),
            "has_plan_types": !config.plan_types.is_empty(),
            "categories": goal_index::category_views(config, goal),
            "implements": implements,
            "activities": to_html(&goal.activities),
            "indicators": goal.indicators.iter().enumerate().map(|(i, ind)| self.indicator_view(year, i, ind, goal.indicators.len())).collect::<Vec<_>>(),
            "progress": goal.progress.as_ref().map(|p| self.scale_view(&config.progress_marks, &p.value)),
            "first_half": markdown(&goal.first_half),
            "second_half_plan": markdown(&goal.second_half_plan),
            "summary": markdown(&goal.summary),
            "grade": goal.grade.as_ref().map(|g| self.scale_view(&config.grades, &g.value)),
            "grade_reason": goal.grade_reason.as_deref(),
            "next_steps": markdown(&goal.next_steps),
            "history": goal.id.as_ref().map(|id| goal_path(&id.value)),
        })
    }

    fn indicator_view(
        &self,
        year: u16,
        index: usize,
        indicator: &Indicator,
        count: usize,
    ) -> Value {
        let unit = indicator.unit.as_deref();
        let show =
            |measure: &Option<Measure>| measure.as_ref().map(|m| format_measure(m, indicator));
        // The report's own year: its target and actual, from `target` and `actual`
        // or, for an indicator followed over several years, from `targets` and `values`.
        let years = series::by_year(indicator, year);
        let own = years.get(&year).copied().unwrap_or_default();
        let achievement = indicator_years::same_year_rate(indicator.direction(), &own);
        let kpi = indicator.kpi.as_ref().and_then(|id| {
            let series = self.site.kpis.get(&id.value)?;
            Some(Link::new(series.title.clone(), kpi_path(&id.value)))
        });
        view!({
            "number": if count > 1 { circled_number(index + 1) } else { String::new() },
            "name": indicator.name.as_str(),
            "unit": unit,
            "direction": self.direction_label(indicator.direction),
            "target": own.target.map(|m| self.year_measure(m, indicator)),
            "target_note": indicator.target_note.as_deref(),
            "original_target": indicator.revision.as_ref().map(|r| format_measure(&r.original, indicator)),
            "revision_reason": indicator.revision.as_ref().and_then(|r| r.reason.clone()),
            "midyear": show(&indicator.midyear),
            "midyear_note": indicator.midyear_note.as_deref(),
            "actual": own.actual.map(|m| self.year_measure(m, indicator)),
            "actual_note": indicator.actual_note.as_deref(),
            "achievement": achievement.map(|rate| format!("{}%", format_number(rate, 1))),
            "achieved": achievement.map(meets_target),
            "kpi": kpi,
            "progress": self.progress_sentence(indicator, indicator.baseline.as_ref(), &years, year),
            "years": if series::is_multi_year(indicator) {
                self.year_rows(indicator, indicator.baseline.as_ref(), &years)
            } else {
                Vec::new()
            },
        })
    }

    /// Named only when the sheet gave one: a city that never writes a direction sees none.
    fn direction_label(&self, direction: Option<Direction>) -> Option<String> {
        direction.map(|direction| match direction {
            Direction::Higher => self.t("direction_higher"),
            Direction::Lower => self.t("direction_lower"),
        })
    }

    fn kpi_index(&self) -> Page {
        let rows: Vec<Value> = self
            .site
            .kpis
            .iter()
            .map(|(id, series)| {
                view!({
                    "title": series.title.as_str(),
                    "url": kpi_path(id),
                    "summary": self.kpi_summary(series),
                })
            })
            .collect();
        Page {
            path: "kpi/index.html".into(),
            template: "kpi_index.html",
            title: self.t("kpis"),
            breadcrumbs: vec![self.home_crumb()],
            context: view!({ "series": rows }),
            ..Page::default()
        }
    }

    /// One sentence with the latest figure and how it stands against the target.
    fn kpi_summary(&self, series: &KpiSeries) -> String {
        let with_unit =
            |value: Number| format!("{}{}", format_kpi_value(series, value), series.unit);
        let latest = series
            .points
            .iter()
            .filter_map(|p| RefDate::parse(&p.date.value).map(|d| (d, p.value)))
            .max_by_key(|(d, _)| *d);
        let Some((date, value)) = latest else {
            return String::new();
        };
        let mut summary = self.t_fill(
            "kpi_summary_latest",
            &[
                ("date", &date.label(self.lang)),
                ("value", &with_unit(value)),
            ],
        );
        let target = series
            .targets
            .iter()
            .filter_map(|t| RefDate::parse(&t.date.value).map(|d| (d, t.value)))
            .min_by(|(a, _), (b, _)| {
                (a.axis_position() - date.axis_position())
                    .abs()
                    .total_cmp(&(b.axis_position() - date.axis_position()).abs())
            });
        if let Some((target_date, target)) = target {
            let diff = value.value - target.value;
            let diff_unit = if crate::content::number::same_unit(&series.unit, "%") {
                self.t("points")
            } else {
                series.unit.clone()
            };
            let separator = if self.lang == "ja" { "" } else { " " };
            let diff_decimals = kpi_decimals(series, value).max(kpi_decimals(series, target));
            let shown_diff = format_number(diff.abs(), diff_decimals);
            let meets_exactly = !shown_diff.bytes().any(|b| (b'1'..=b'9').contains(&b));
            let key = if meets_exactly {
                "kpi_summary_target_equal"
            } else {
                "kpi_summary_target"
            };
            summary.push_str(&self.t_fill(
                key,
                &[
                    ("target", &with_unit(target)),
                    ("target_date", &target_date.label(self.lang)),
                    ("diff", &format!("{shown_diff}{separator}{diff_unit}")),
                    (
                        "direction",
                        &self.t(if diff >= 0.0 { "above" } else { "below" }),
                    ),
                ],
            ));
        }
        summary
    }

    fn kpi_page(&self, id: &str, series: &KpiSeries) -> Page {
        let summary = self.kpi_summary(series);
        let labels = ChartLabels {
            language: self.lang,
            actual: &self.t("chart_actual"),
            target: &self.t("chart_target"),
        };
        let chart = charts::kpi_chart(
            series,
            &ChartText {
                id: "kpi-chart",
                title: &series.title,
                desc: &summary,
            },
            &labels,
        );
        let date_label = |text: &str| {
            RefDate::parse(text)
                .map(|d| d.label(self.lang))
                .unwrap_or_else(|| text.to_owned())
        };
        let used_by: Vec<Link> = self
            .kpi_goals
            .get(id)
            .into_iter()
            .flatten()
            .map(|(year, section, goal)| {
                Link::new(
                    format!(
                        "{} {} {}",
                        self.year_label(*year),
                        section.full_name(self.config()),
                        goal.title
                    ),
                    format!(
                        "{}#{}",
                        section_path(*year, &section.id),
                        goal_anchor(goal.rank.value)
                    ),
                )
            })
            .collect();
        Page {
            path: kpi_path(id),
            template: "kpi.html",
            title: series.title.clone(),
            breadcrumbs: vec![
                self.home_crumb(),
                Link::new(self.t("kpis"), "kpi/index.html"),
            ],
            context: view!({
                "title": series.title.as_str(),
                "unit": series.unit.as_str(),
                "definition": to_html(&series.definition),
                "summary": summary,
                "chart": chart,
                "points": series.points.iter().map(|p| view!({
                    "date": date_label(&p.date.value),
                    "value": format_kpi_value(series, p.value),
                    "source": p.source.as_str(),
                    "note": p.note.as_deref(),
                })).collect::<Vec<_>>(),
                "targets": series.targets.iter().map(|t| view!({
                    "date": date_label(&t.date.value),
                    "value": format_kpi_value(series, t.value),
                    "note": t.note.as_deref(),
                })).collect::<Vec<_>>(),
                "used_by": used_by,
                "csv": super::data::kpi_csv_path(id),
                "json": super::data::kpi_json_path(id),
            }),
            charts: 1,
        }
    }

    fn data_page(&self) -> Page {
        let departments = !self.site.departments.is_empty();
        // One table per file, of two columns: three do not fit a phone.
        let mut files: Vec<(&str, Vec<Value>)> = Vec::new();
        let described = super::data::COLUMNS
            .iter()
            .filter(|(_, column, _, _)| super::data::publishes(self.config(), column))
            // A file the site does not publish needs no description.
            .filter(|(file, ..)| departments || *file != "departments.csv");
        for (file, column, ja, en) in described {
            let meaning = if self.lang == "en" { *en } else { *ja };
            let entry = view!({ "column": *column, "meaning": meaning });
            match files.last_mut() {
                Some((last, columns)) if last == file => columns.push(entry),
                _ => files.push((file, vec![entry])),
            }
        }
        let files: Vec<Value> = files
            .into_iter()
            .map(|(file, columns)| view!({ "file": file, "columns": columns }))
            .collect();
        let kpis: Vec<Value> = self
            .site
            .kpis
            .iter()
            .map(|(id, series)| {
                view!({
                    "title": series.title.as_str(),
                    "csv": super::data::kpi_csv_path(id),
                    "json": super::data::kpi_json_path(id),
                })
            })
            .collect();
        Page {
            path: "data/index.html".into(),
            template: "data.html",
            title: self.t("open_data"),
            breadcrumbs: vec![self.home_crumb()],
            context: view!({
                "files": files,
                "kpis": kpis,
                "departments_csv": departments.then_some(super::data::DEPARTMENTS_CSV),
            }),
            ..Page::default()
        }
    }

    /// 取組項目を課・評価で絞り込む: the facets this site's goals have.
    fn goal_index_link(&self) -> String {
        let names: Vec<String> = Facet::all(self.config())
            .into_iter()
            .map(|facet| self.facet_label(facet))
            .collect();
        self.t_fill(
            "goal_index_link",
            &[("facets", &names.join(&self.t("facet_separator")))],
        )
    }

    /// The scale page's name says what it explains: grades, and progress marks if the site has them.
    fn scale_title(&self) -> String {
        if self.config().progress_marks.is_empty() {
            self.t("scale_grades_only")
        } else {
            self.t("scale")
        }
    }

    fn scale_page(&self) -> Page {
        Page {
            path: "scale.html".into(),
            template: "scale.html",
            title: self.scale_title(),
            breadcrumbs: vec![self.home_crumb()],
            context: view!({
                "grades": Value::from_serializable(&self.config().grades),
                "marks": Value::from_serializable(&self.config().progress_marks),
            }),
            ..Page::default()
        }
    }
}

fn code_and_label(code: &str, label: &str) -> String {
    if code.is_empty() {
        label.to_owned()
    } else {
        format!("{code} {label}")
    }
}

/// ① for 1: how the report numbers the indicators of a goal.
fn circled_number(n: usize) -> String {
    match n {
        1..=20 => char::from_u32(0x2460 + n as u32 - 1)
            .map(String::from)
            .unwrap_or_default(),
        _ => format!("({n})"),
    }
}
