//! An indicator followed across fiscal years: what each year's report says
//! of it, gathered by year, and how far a year's value has come toward a
//! later year's target.
//!
//! Indicators of one goal are matched from year to year by their name, which
//! a report repeats word for word; an indicator renamed is a new one.

use std::collections::BTreeMap;

use super::lineage::YearGoal;
use super::model::{Indicator, Measure, YearValue};

/// An indicator's figures for one fiscal year.
#[derive(Debug, Clone, Copy, Default)]
pub struct YearFigures<'a> {
    /// The target of that same year, never a later one.
    pub target: Option<&'a Measure>,
    pub actual: Option<&'a Measure>,
    /// A note on the year's value (速報値, 推計 …).
    pub note: Option<&'a str>,
}

/// What `indicator`, written in the report of `report_year`, says of each
/// fiscal year: its `target` and `actual` are of the report's own year, each
/// entry of `targets` and `values` of the year it names.
pub fn by_year(indicator: &Indicator, report_year: u16) -> BTreeMap<u16, YearFigures<'_>> {
    let mut years: BTreeMap<u16, YearFigures> = BTreeMap::new();
    for value in &indicator.values {
        let figures = years.entry(value.year.value.0).or_default();
        figures.actual = Some(&value.value);
        figures.note = value.note.as_deref().or(figures.note);
    }
    for target in &indicator.targets {
        years.entry(target.year.value.0).or_default().target = Some(&target.value);
    }
    let own = years.entry(report_year).or_default();
    own.target = indicator.target.as_ref().or(own.target);
    own.actual = indicator.actual.as_ref().or(own.actual);
    if own.target.is_none() && own.actual.is_none() {
        years.remove(&report_year);
    }
    years
}

/// Whether the indicator holds figures of other years than its report's.
pub fn is_multi_year(indicator: &Indicator) -> bool {
    indicator.baseline.is_some() || !indicator.values.is_empty() || !indicator.targets.is_empty()
}

/// How a year's value stands between the baseline and the next target after
/// that year, for a year that has no target of its own: not an achievement rate.
#[derive(Debug, Clone, Copy)]
pub struct Progress<'a> {
    pub baseline: Option<&'a YearValue>,
    pub year: u16,
    pub value: &'a Measure,
    pub target_year: u16,
    pub target: &'a Measure,
    /// How much of the way from the baseline to the target the value has come,
    /// in percent, when all three are numbers and the target differs from the baseline.
    pub percent: Option<f64>,
}

/// The progress of `year`'s value toward the first later target, when the
/// year has a value but no target of its own.
pub fn progress_toward<'a>(
    baseline: Option<&'a YearValue>,
    years: &BTreeMap<u16, YearFigures<'a>>,
    year: u16,
) -> Option<Progress<'a>> {
    let own = years.get(&year)?;
    let value = own.actual.filter(|v| !v.is_not_stated())?;
    if own.target.is_some() {
        return None;
    }
    let (&target_year, target) = years
        .range(year + 1..)
        .find_map(|(y, f)| Some((y, f.target.filter(|t| !t.is_not_stated())?)))?;
    let percent = baseline.and_then(|baseline| {
        let base = baseline.value.as_number()?;
        let span = target.as_number()? - base;
        let gained = value.as_number()? - base;
        (span != 0.0).then(|| gained / span * 100.0)
    });
    Some(Progress {
        baseline,
        year,
        value,
        target_year,
        target,
        percent,
    })
}

/// One indicator of a goal, across the goal's years.
#[derive(Debug, Clone)]
pub struct IndicatorHistory<'a> {
    pub name: &'a str,
    /// The latest year's indicator: its unit, direction and decimals are the ones shown.
    pub latest: &'a Indicator,
    /// The baseline the latest report that gives one states.
    pub baseline: Option<&'a YearValue>,
    /// What each fiscal year's figures are, oldest first; a later report's
    /// statement of a year stands over an earlier one's.
    pub years: BTreeMap<u16, YearFigures<'a>>,
}

/// The indicators of a goal's years, in the order they first appear.
pub fn indicator_histories<'a>(goals: &[YearGoal<'a>]) -> Vec<IndicatorHistory<'a>> {
    let mut histories: Vec<IndicatorHistory> = Vec::new();
    for year_goal in goals {
        for indicator in &year_goal.goal.indicators {
            let at = match histories.iter().position(|h| h.name == indicator.name) {
                Some(at) => at,
                None => {
                    histories.push(IndicatorHistory {
                        name: &indicator.name,
                        latest: indicator,
                        baseline: None,
                        years: BTreeMap::new(),
                    });
                    histories.len() - 1
                }
            };
            let history = &mut histories[at];
            history.latest = indicator;
            history.baseline = indicator.baseline.as_ref().or(history.baseline);
            for (year, figures) in by_year(indicator, year_goal.year) {
                let known = history.years.entry(year).or_default();
                *known = YearFigures {
                    target: figures.target.or(known.target),
                    actual: figures.actual.or(known.actual),
                    note: figures.note.or(known.note),
                };
            }
        }
    }
    histories
}
