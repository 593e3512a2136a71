//! How numbers and measures are written on pages.

use crate::content::model::{Indicator, KpiSeries, Measure};

/// Groups thousands with commas and shows exactly `decimals` digits after the point.
pub fn format_number(value: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (integer, fraction) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, digit) in integer.chars().enumerate() {
        if i > 0 && (integer.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let sign = if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    match fraction {
        Some(fraction) => format!("{sign}{grouped}.{fraction}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Digits after the point in the shortest form of `value` (74.2 → 1, 82.0 → 0).
pub fn decimals_of(value: f64) -> usize {
    let text = value.to_string();
    text.split_once('.')
        .map_or(0, |(_, fraction)| fraction.len())
}

/// Digits to show for every value of an indicator: as many as its most precise value,
/// so that 82.0 written beside 79.2 keeps its trailing zero.
pub fn indicator_decimals(indicator: &Indicator) -> usize {
    if let Some(decimals) = indicator.decimals {
        return usize::from(decimals);
    }
    let revised = indicator.revision.as_ref().map(|r| &r.original);
    [&indicator.target, &indicator.midyear, &indicator.actual]
        .into_iter()
        .flatten()
        .chain(revised)
        .filter_map(Measure::as_number)
        .map(decimals_of)
        .max()
        .unwrap_or(0)
}

/// A measure with its unit: `79.2%`, `50回`, or the text of a qualitative one.
pub fn format_measure(measure: &Measure, unit: Option<&str>, decimals: usize) -> String {
    match measure {
        Measure::Number(value) => {
            format!("{}{}", format_number(*value, decimals), unit.unwrap_or(""))
        }
        Measure::Text(text) => text.clone(),
    }
}

/// Digits to show for one value of a KPI series: the series' `decimals` when set, else the
/// value's own. Points come from different documents with different precision (31.09,
/// 74.2), so padding all of them to the most precise would claim digits no source gave.
pub fn kpi_decimals(series: &KpiSeries, value: f64) -> usize {
    series
        .decimals
        .map_or_else(|| decimals_of(value), usize::from)
}

pub fn format_kpi_value(series: &KpiSeries, value: f64) -> String {
    format_number(value, kpi_decimals(series, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_and_keep_their_precision() {
        assert_eq!(format_number(7963.0, 0), "7,963");
        assert_eq!(format_number(82.0, 1), "82.0");
        assert_eq!(format_number(1234567.891, 2), "1,234,567.89");
        assert_eq!(format_number(-1500.0, 0), "-1,500");
        assert_eq!(format_number(-0.01, 1), "0.0");
    }

    #[test]
    fn decimals_follow_the_most_precise_value() {
        assert_eq!(decimals_of(74.2), 1);
        assert_eq!(decimals_of(82.0), 0);
        assert_eq!(decimals_of(45.15), 2);
    }
}
