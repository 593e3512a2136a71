//! An indicator followed across the years of one goal: what each year's
//! report says of it, gathered by fiscal year.
//!
//! Indicators of one goal are matched from year to year by their name, which
//! a report repeats word for word; an indicator renamed is a new one.

use std::collections::BTreeMap;

use super::lineage::YearGoal;
use super::model::{Indicator, Measure};

/// One indicator of a goal, across the goal's years.
#[derive(Debug, Clone)]
pub struct IndicatorHistory<'a> {
    pub name: &'a str,
    /// The latest year's indicator: its unit, direction and decimals are the ones shown.
    pub latest: &'a Indicator,
    /// What each fiscal year says, oldest first.
    pub years: BTreeMap<u16, YearFigures<'a>>,
}

/// An indicator's figures for one fiscal year.
#[derive(Debug, Clone, Copy, Default)]
pub struct YearFigures<'a> {
    /// The target of that same year, never a later one.
    pub target: Option<&'a Measure>,
    pub actual: Option<&'a Measure>,
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
                        years: BTreeMap::new(),
                    });
                    histories.len() - 1
                }
            };
            let history = &mut histories[at];
            history.latest = indicator;
            history.years.insert(
                year_goal.year,
                YearFigures {
                    target: indicator.target.as_ref(),
                    actual: indicator.actual.as_ref(),
                },
            );
        }
    }
    histories
}
