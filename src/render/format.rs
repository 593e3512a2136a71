//! How numbers and measures are written on pages.

use crate::content::model::{Indicator, KpiSeries, Measure, Number};

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

/// A measure of an indicator with its unit: `79.2%`, `50回`, or the text of a qualitative
/// one. A number shows the digits it was written with unless the indicator sets `decimals`.
pub fn format_measure(measure: &Measure, indicator: &Indicator) -> String {
    match measure {
        Measure::Number(number) => {
            let decimals = indicator.decimals.unwrap_or(number.decimals);
            let unit = indicator.unit.as_deref().unwrap_or("");
            format!("{}{unit}", format_number(number.value, decimals.into()))
        }
        Measure::Text(text) => text.clone(),
    }
}

/// Digits to show for one value of a KPI series: the series' `decimals` when set, else
/// those the value was written with (points come from documents of different precision).
pub fn kpi_decimals(series: &KpiSeries, number: Number) -> usize {
    series.decimals.unwrap_or(number.decimals).into()
}

pub fn format_kpi_value(series: &KpiSeries, number: Number) -> String {
    format_number(number.value, kpi_decimals(series, number))
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
}
