//! Dates and fiscal years as Japanese local government counts them:
//! the fiscal year runs April to March and is named by its starting year.

use std::fmt;

use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::{Deserialize, Serialize};

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

/// Whether a text has the shape of a reference date (`YYYY-MM` or
/// `YYYY-MM-DD`), whether or not that date exists.
pub fn is_date_shaped(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let widths: Vec<usize> = parts.iter().map(|p| p.len()).collect();
    parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        && matches!(widths.as_slice(), [4, 2] | [4, 2, 2])
}

/// A date written another way (`2024/3/31`, `2024年3月`, `令和6年3月31日`,
/// `R6.3.31`) in the form hyoka reads, if it is one that exists.
pub fn date_suggestion(text: &str) -> Option<String> {
    let text: String = text.trim().chars().map(half_width_digit).collect();
    // The year ends where its digits do: 令和6年3月 → 令和6 / 3 / .
    let year_end = text
        .char_indices()
        .skip_while(|(_, c)| !c.is_ascii_digit() && *c != '元')
        .find(|(_, c)| !c.is_ascii_digit() && *c != '元')
        .map_or(text.len(), |(at, _)| at);
    let year = western_year(&text[..year_end])?;
    let rest: Vec<&str> = text[year_end..]
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty())
        .collect();
    let written = match rest.as_slice() {
        [month] => format!("{year:04}-{month:0>2}"),
        [month, day] => format!("{year:04}-{month:0>2}-{day:0>2}"),
        _ => return None,
    };
    RefDate::parse(&written).map(|date| date.to_string())
}

fn half_width_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        other => other,
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

/// The western year of a year as people write it: 2016, 2016年度, 平成28年度,
/// 平成28, H28, R1, 令和元年度 and 平成31年度 (the same year as 令和元年度).
pub fn western_year(text: &str) -> Option<i32> {
    let text = text.trim();
    let text = text
        .strip_suffix("年度")
        .or_else(|| text.strip_suffix('年'))
        .unwrap_or(text)
        .trim();
    if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    const ERAS: [(&str, &str, i32, i32); 3] = [
        ("令和", "R", 2019, i32::MAX),
        ("平成", "H", 1989, 31),
        ("昭和", "S", 1926, 64),
    ];
    ERAS.iter().find_map(|&(name, letter, first, last)| {
        let number = text
            .strip_prefix(name)
            .or_else(|| text.strip_prefix(letter))
            .or_else(|| text.strip_prefix(letter.to_ascii_lowercase().as_str()))?
            .trim();
        let n: i32 = if number == "元" {
            1
        } else {
            (!number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()))
                .then(|| number.parse().ok())
                .flatten()?
        };
        (1..=last).contains(&n).then_some(first + n - 1)
    })
}

/// A fiscal year as staff write it (see `western_year`; also `FY2016` and
/// full-width digits), kept as its starting year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct FiscalYear(pub u16);

impl FiscalYear {
    /// What `check` reads in place of a year it could not, to find the file's other problems.
    pub const STAND_IN: u16 = 2000;

    pub fn parse(text: &str) -> Option<FiscalYear> {
        let text: String = text.trim().chars().map(half_width_digit).collect();
        let text = text.strip_prefix("FY").unwrap_or(&text);
        u16::try_from(western_year(text)?).ok().map(FiscalYear)
    }
}

impl fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl<'de> Deserialize<'de> for FiscalYear {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FiscalYearVisitor)
    }
}

struct FiscalYearVisitor;

pub const EXPECTED_YEAR: &str = "a fiscal year such as 2016, 平成28年度, H28 or R1";

impl Visitor<'_> for FiscalYearVisitor {
    type Value = FiscalYear;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(EXPECTED_YEAR)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<FiscalYear, E> {
        FiscalYear::parse(text)
            .ok_or_else(|| E::invalid_value(Unexpected::Str(text), &EXPECTED_YEAR))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<FiscalYear, E> {
        self.visit_str(&value.to_string())
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<FiscalYear, E> {
        self.visit_str(&value.to_string())
    }
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
    fn a_year_means_the_same_however_it_is_written() {
        for text in [
            "2016",
            "2016年度",
            "FY2016",
            "平成28年度",
            "平成28",
            "H28",
            "h28",
            "平成２８年度",
        ] {
            assert_eq!(FiscalYear::parse(text), Some(FiscalYear(2016)), "{text}");
        }
        for text in ["令和元年度", "令和1年度", "R1", "平成31年度", "H31", "2019"] {
            assert_eq!(FiscalYear::parse(text), Some(FiscalYear(2019)), "{text}");
        }
        assert_eq!(FiscalYear::parse("昭和64年度"), Some(FiscalYear(1989)));
        assert_eq!(FiscalYear::parse("R5"), Some(FiscalYear(2023)));
    }

    #[test]
    fn years_an_era_never_had_are_refused() {
        for text in [
            "平成32年度",
            "H0",
            "昭和65",
            "令和",
            "R",
            "16",
            "20161",
            "平成二十八年度",
            "",
        ] {
            assert_eq!(FiscalYear::parse(text), None, "{text}");
        }
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
    fn years_are_read_as_people_write_them() {
        for (text, year) in [
            ("2016", 2016),
            ("2016年度", 2016),
            ("平成28年度", 2016),
            ("平成28", 2016),
            ("H28", 2016),
            ("令和元年度", 2019),
            ("R1", 2019),
            ("平成31年度", 2019),
            ("昭和64年", 1989),
        ] {
            assert_eq!(western_year(text), Some(year), "{text}");
        }
        for text in ["平成32", "H0", "令和", "二〇一六", "16", "平成二十八年度"] {
            assert_eq!(western_year(text), None, "{text}");
        }
    }

    #[test]
    fn dates_written_another_way_are_suggested_in_the_form_hyoka_reads() {
        for (text, date) in [
            ("2024/3/31", "2024-03-31"),
            ("2024.03", "2024-03"),
            ("2024年3月", "2024-03"),
            ("令和6年3月31日", "2024-03-31"),
            ("R6.3.31", "2024-03-31"),
            ("令和元年5月1日", "2019-05-01"),
            ("２０２４年３月", "2024-03"),
        ] {
            assert_eq!(date_suggestion(text).as_deref(), Some(date), "{text}");
        }
        for text in ["2024/2/30", "3月31日", "2024", "2024-03-31-1", "そのうち"] {
            assert_eq!(date_suggestion(text), None, "{text}");
        }
        assert!(is_date_shaped("2023-09-31"));
        assert!(!is_date_shaped("2023-9-30"));
        assert!(!is_date_shaped("2023/09"));
    }

    #[test]
    fn wareki_names_the_first_year_gannen() {
        assert_eq!(fiscal_year_label(2023, "ja"), "2023年度（令和5年度）");
        assert_eq!(fiscal_year_label(2019, "ja"), "2019年度（令和元年度）");
        assert_eq!(fiscal_year_label(2018, "ja"), "2018年度（平成30年度）");
        assert_eq!(fiscal_year_label(2023, "en"), "FY2023 (Reiwa 5)");
    }
}
