//! An indicator's figures by fiscal year as pages show them: the table of
//! baseline, yearly values and targets, and the sentence that says how a year
//! without a target of its own stands against a later one.

use std::collections::BTreeMap;

use tera::Value;

use super::PageBuilder;
use crate::content::figures::rate;
use crate::content::model::{Direction, Indicator, Measure, YearValue};
use crate::content::series::{YearFigures, progress_toward};
use crate::render::format::{format_measure, format_number};
use crate::render::view::view;

impl PageBuilder<'_> {
    /// A measure as a table cell shows it: a dash written in the YAML is said
    /// in words, for a screen reader reads 「−」 as nothing or as a minus.
    pub(super) fn year_measure(&self, measure: &Measure, indicator: &Indicator) -> String {
        if measure.is_not_stated() {
            self.t("value_not_stated")
        } else {
            format_measure(measure, indicator)
        }
    }

    /// One row per fiscal year, the baseline's first, each with the
    /// achievement rate against that year's own target only.
    pub(super) fn year_rows(
        &self,
        indicator: &Indicator,
        baseline: Option<&YearValue>,
        years: &BTreeMap<u16, YearFigures>,
    ) -> Vec<Value> {
        let show = |measure: Option<&Measure>| measure.map(|m| self.year_measure(m, indicator));
        let baseline_row = baseline.map(|b| {
            view!({
                "year_label": self.year_label(b.year.value.0),
                "kind": self.t("baseline"),
                "target": Value::none(),
                "actual": self.year_measure(&b.value, indicator),
                "achievement": Value::none(),
                "note": b.note.as_deref(),
            })
        });
        let rows = years.iter().map(|(&year, figures)| {
            let target_kind = match years.range(year + 1..).any(|(_, f)| f.target.is_some()) {
                _ if figures.target.is_none() => None,
                true => Some(self.t("target_interim")),
                false => Some(self.t("target_final")),
            };
            view!({
                "year_label": self.year_label(year),
                "kind": target_kind,
                "target": show(figures.target),
                "actual": show(figures.actual),
                "achievement": same_year_rate(indicator.direction(), figures).map(|rate| format!("{}%", format_number(rate, 1))),
                "note": figures.note,
            })
        });
        baseline_row.into_iter().chain(rows).collect()
    }

    /// For a year with a value but no target of its own: the baseline, the
    /// value and the next target, and how far along the way the value is —
    /// said in words, so that nobody reads it as an achievement rate.
    pub(super) fn progress_sentence(
        &self,
        indicator: &Indicator,
        baseline: Option<&YearValue>,
        years: &BTreeMap<u16, YearFigures>,
        year: u16,
    ) -> Option<String> {
        let progress = progress_toward(baseline, years, year)?;
        let show = |measure: &Measure| format_measure(measure, indicator);
        let baseline = progress
            .baseline
            .map(|b| {
                self.t_fill(
                    "progress_baseline",
                    &[
                        ("value", &show(&b.value)),
                        ("year", &self.year_label(b.year.value.0)),
                    ],
                )
            })
            .unwrap_or_default();
        let mut sentence = self.t_fill(
            "progress_toward",
            &[
                ("baseline", &baseline),
                ("year", &self.year_label(progress.year)),
                ("value", &show(progress.value)),
                ("target", &show(progress.target)),
                ("target_year", &self.year_label(progress.target_year)),
            ],
        );
        if let Some(percent) = progress.percent {
            sentence.push_str(&self.t_fill(
                "progress_percent",
                &[("percent", &format!("{}%", format_number(percent, 1)))],
            ));
        }
        sentence.push_str(&self.t_fill(
            "progress_no_rate",
            &[("year", &self.year_label(progress.year))],
        ));
        Some(sentence)
    }
}

/// The achievement rate of a year, against that year's own target only.
pub(super) fn same_year_rate(direction: Direction, figures: &YearFigures) -> Option<f64> {
    rate(direction, figures.target?, figures.actual?)
}
