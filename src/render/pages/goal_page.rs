//! A goal's page across years: every year's marks, targets and actuals on one
//! page at an address that stays the same whatever the goal's rank, section
//! or title in a given year.

use serde_saphyr::{Location, Spanned};
use tera::Value;

use super::{Link, Page, PageBuilder, goal_anchor, section_path};
use crate::content::lineage::YearGoal;
use crate::content::model::{KpiPoint, KpiSeries, KpiTarget, Measure};
use crate::content::series::{IndicatorHistory, indicator_histories};
use crate::render::charts::{self, ChartLabels, ChartText};
use crate::render::view::view;

/// Where the page of the goal with `id` is.
pub fn goal_path(id: &str) -> String {
    format!("goals/{id}.html")
}

impl PageBuilder<'_> {
    /// The link from a year's section page to the goal's page across years.
    pub(super) fn goal_history_link(&self, year_goal: &YearGoal) -> Link {
        Link::new(
            format!(
                "{} {} {}",
                self.year_label(year_goal.year),
                year_goal.section.full_name(self.config()),
                year_goal.goal.title
            ),
            format!(
                "{}#{}",
                section_path(year_goal.year, &year_goal.section.id),
                goal_anchor(year_goal.goal.rank.value)
            ),
        )
    }

    /// The goals new in `year` and those that ended with the year before, each
    /// linked to its page across years; none when the year has no year before.
    pub(super) fn goal_changes(&self, year: u16) -> Option<Value> {
        let before = self.lineage.year_before(year)?;
        let links = |goals: Vec<YearGoal>| -> Vec<Link> {
            goals
                .iter()
                .map(|g| {
                    let id = g.goal.id.as_ref().expect("followed goals have an id");
                    Link::new(
                        format!("{} {}", g.section.full_name(self.config()), g.goal.title),
                        goal_path(&id.value),
                    )
                })
                .collect()
        };
        let new = links(self.lineage.new_in(year));
        let ended = links(self.lineage.ended_before(year));
        (!new.is_empty() || !ended.is_empty()).then(|| {
            view!({
                "new_heading": self.t_fill("goals_new", &[("year", &self.year_label(year))]),
                "ended_heading": self.t_fill("goals_ended", &[("year", &self.year_label(before))]),
                "new": new,
                "ended": ended,
            })
        })
    }

    pub(super) fn goal_page(&self, id: &str) -> Page {
        let goals = self.lineage.goal_years(id);
        let latest = goals.last().expect("an id has a year");
        let config = self.config();
        let years: Vec<Value> = goals
            .iter()
            .map(|g| {
                view!({
                    "year_label": self.year_label(g.year),
                    "section": g.section.full_name(config),
                    "rank": g.goal.rank.value,
                    "title": g.goal.title.as_str(),
                    "link": self.goal_history_link(g),
                    "progress": g.goal.progress.as_ref().map(|p| self.scale_view(&config.progress_marks, &p.value)),
                    "grade": g.goal.grade.as_ref().map(|p| self.scale_view(&config.grades, &p.value)),
                })
            })
            .collect();
        let links = |ids: &[&str]| -> Vec<Link> {
            ids.iter()
                .filter_map(|id| {
                    let last = self.lineage.goal_years(id).last()?;
                    Some(Link::new(
                        format!("{}（{}）", last.goal.title, self.year_label(last.year)),
                        goal_path(id),
                    ))
                })
                .collect()
        };
        let histories = indicator_histories(goals);
        let indicators: Vec<Value> = histories
            .iter()
            .enumerate()
            .map(|(i, history)| self.indicator_history_view(i, history, &latest.goal.title))
            .collect();
        let first = goals.first().expect("an id has a year");
        Page {
            path: goal_path(id),
            template: "goal.html",
            title: latest.goal.title.clone(),
            breadcrumbs: vec![self.home_crumb()],
            context: view!({
                "title": latest.goal.title.as_str(),
                "span": self.t_fill("goal_span", &[
                    ("first", &self.year_label(first.year)),
                    ("last", &self.year_label(latest.year)),
                    ("count", &goals.len().to_string()),
                ]),
                "years": years,
                "indicators": indicators,
                "continues": links(&self.lineage.predecessors(id)),
                "continued_by": links(self.lineage.successors(id)),
            }),
            charts: histories.iter().filter(|h| has_numbers(h)).count(),
        }
    }

    fn indicator_history_view(
        &self,
        index: usize,
        history: &IndicatorHistory,
        goal_title: &str,
    ) -> Value {
        let indicator = history.latest;
        let latest_value = history
            .years
            .iter()
            .rev()
            .find(|(_, f)| f.actual.is_some_and(|a| !a.is_not_stated()))
            .map(|(&year, _)| year);
        let chart = has_numbers(history).then(|| {
            let title = format!("{}：{}", goal_title, history.name);
            let desc = self.t_fill("goal_chart_desc", &[("indicator", history.name)]);
            charts::kpi_chart(
                &year_series(history),
                &ChartText {
                    id: &format!("goal-chart-{}", index + 1),
                    title: &title,
                    desc: &desc,
                },
                &ChartLabels {
                    language: self.lang,
                    actual: &self.t("chart_actual"),
                    target: &self.t("chart_target"),
                },
            )
        });
        view!({
            "anchor": format!("indicator-{}", index + 1),
            "name": history.name,
            "unit": indicator.unit.as_deref(),
            "direction": self.direction_label(indicator.direction),
            "rows": self.year_rows(indicator, history.baseline, &history.years),
            "progress": latest_value.and_then(|year| self.progress_sentence(indicator, history.baseline, &history.years, year)),
            "chart": chart,
        })
    }
}

/// Whether any year of the indicator has a numeric actual to draw.
fn has_numbers(history: &IndicatorHistory) -> bool {
    history
        .years
        .values()
        .filter_map(|f| f.actual)
        .chain(history.baseline.map(|b| &b.value))
        .any(|actual| actual.as_number().is_some())
}

/// The indicator's numeric figures as a series on the fiscal-year axis, each
/// at the end of its year (the end of March after it), as a year's result is.
fn year_series(history: &IndicatorHistory) -> KpiSeries {
    let indicator = history.latest;
    let year_end = |year: u16| {
        Spanned::new(
            format!("{}-03", year + 1),
            Location::UNKNOWN,
            Location::UNKNOWN,
        )
    };
    let number = |measure: Option<&Measure>| match measure {
        Some(Measure::Number(number)) => Some(*number),
        _ => None,
    };
    KpiSeries {
        title: history.name.to_owned(),
        unit: indicator.unit.clone().unwrap_or_default(),
        direction: indicator.direction(),
        definition: String::new(),
        decimals: indicator.decimals,
        period: None,
        points: history
            .baseline
            .map(|b| (b.year.value.0, &b.value))
            .into_iter()
            .chain(
                history
                    .years
                    .iter()
                    .filter_map(|(&y, f)| Some((y, f.actual?))),
            )
            .filter_map(|(year, actual)| {
                Some(KpiPoint {
                    date: year_end(year),
                    value: number(Some(actual))?,
                    measure: None,
                    source: String::new(),
                    note: None,
                })
            })
            .collect(),
        // The latest target alone: one dashed line per year's target would bury the trend.
        targets: history
            .years
            .iter()
            .rev()
            .find_map(|(&year, f)| {
                Some(KpiTarget {
                    date: year_end(year),
                    value: number(f.target)?,
                    note: None,
                })
            })
            .into_iter()
            .collect(),
    }
}
