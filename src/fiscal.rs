//! Dates and fiscal years as Japanese local government counts them:
//! the fiscal year runs April to March and is named by its starting year.

use std::fmt;

/// A reference date of a figure, kept at the precision it was written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RefDate {
    pub year: i32,
    pub month: u32,
    /// `None` when only the month was given: the figure is as of its end.
    pub day: Option<u32>,
}

impl RefDate {
    /// Parses `YYYY-MM` or `YYYY-MM-DD`, rejecting dates that do not exist.
    pub fn parse(text: &str) -> Option<RefDate> {
        let mut parts = text.split('-');
        let year = parse_digits(parts.next()?, 4)?;
        let month = parse_digits(parts.next()?, 2)? as u32;
        let day = match parts.next() {
            Some(day) => Some(parse_digits(day, 2)? as u32),
            None => None,
        };
        if parts.next().is_some() || !(1..=12).contains(&month) {
            return None;
        }
        if let Some(day) = day
            && (day == 0 || day > days_in_month(year, month))
        {
            return None;
        }
        Some(RefDate { year, month, day })
    }

    pub fn fiscal_year(&self) -> i32 {
        if self.month >= 4 {
            self.year
        } else {
            self.year - 1
        }
    }

    /// Position on a continuous time axis, in months since year 0; a month-only
    /// date sits at the end of its month.
    pub fn axis_position(&self) -> f64 {
        let day_fraction = match self.day {
            Some(day) => f64::from(day) / f64::from(days_in_month(self.year, self.month)),
            None => 1.0,
        };
        f64::from(self.year) * 12.0 + f64::from(self.month - 1) + day_fraction
    }

    /// 2024年3月末 / 2024年3月31日 (ja) or end of Mar 2024 / 31 Mar 2024 (en).
    pub fn label(&self, language: &str) -> String {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let month_name = MONTHS[(self.month - 1) as usize];
        match (language, self.day) {
            ("en", None) => format!("end of {month_name} {}", self.year),
            ("en", Some(day)) => format!("{day} {month_name} {}", self.year),
            (_, None) => format!("{}年{}月末", self.year, self.month),
            (_, Some(day)) => format!("{}年{}月{}日", self.year, self.month, day),
        }
    }
}

impl fmt::Display for RefDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)?;
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

fn parse_digits(text: &str, len: usize) -> Option<i32> {
    (text.len() == len && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// The Japanese era name of a fiscal year: 令和5 for 2023, 令和元 for 2019.
pub fn wareki(fiscal_year: i32) -> Option<String> {
    let (era, first) = match fiscal_year {
        2019.. => ("令和", 2019),
        1989.. => ("平成", 1989),
        1926.. => ("昭和", 1926),
        _ => return None,
    };
    let n = fiscal_year - first + 1;
    Some(if n == 1 {
        format!("{era}元")
    } else {
        format!("{era}{n}")
    })
}

/// 2023年度（令和5年度） in Japanese, FY2023 (Reiwa 5) in English.
pub fn fiscal_year_label(fiscal_year: i32, language: &str) -> String {
    let era = wareki(fiscal_year);
    match (language, era) {
        ("en", Some(era)) => format!("FY{fiscal_year} ({})", romanize_era(&era)),
        ("en", None) => format!("FY{fiscal_year}"),
        (_, Some(era)) => format!("{fiscal_year}年度（{era}年度）"),
        (_, None) => format!("{fiscal_year}年度"),
    }
}

fn romanize_era(era: &str) -> String {
    let (name, rest) = [("令和", "Reiwa"), ("平成", "Heisei"), ("昭和", "Showa")]
        .iter()
        .find_map(|(ja, en)| era.strip_prefix(ja).map(|rest| (*en, rest)))
        .unwrap_or(("", era));
    let number = if rest == "元" { "1" } else { rest };
    format!("{name} {number}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_years_start_in_april() {
        assert_eq!(RefDate::parse("2024-03").unwrap().fiscal_year(), 2023);
        assert_eq!(RefDate::parse("2023-04-01").unwrap().fiscal_year(), 2023);
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert!(RefDate::parse("2023-02-29").is_none());
        assert!(RefDate::parse("2024-02-29").is_some());
        assert!(RefDate::parse("2023-13").is_none());
        assert!(RefDate::parse("23-01").is_none());
        assert!(RefDate::parse("2023-04-31").is_none());
    }

    #[test]
    fn wareki_names_the_first_year_gannen() {
        assert_eq!(fiscal_year_label(2023, "ja"), "2023年度（令和5年度）");
        assert_eq!(fiscal_year_label(2019, "ja"), "2019年度（令和元年度）");
        assert_eq!(fiscal_year_label(2018, "ja"), "2018年度（平成30年度）");
        assert_eq!(fiscal_year_label(2023, "en"), "FY2023 (Reiwa 5)");
    }
}
