//! Checks of the links between years: goal ids and what goals and sections
//! continue. A broken link would silently cut a goal's history in two.

use std::collections::{BTreeMap, BTreeSet};

use crate::content::load::Site;
use crate::content::model::{Indicator, Located, Measure, YearValue};
use crate::diagnostic::{Code, Diagnostic, Report};

/// Where a goal is written: its file and its place in the file.
struct Place<'a> {
    file: &'a str,
    at: String,
}

pub(super) fn check(site: &Site, report: &mut Report) {
    let goal_ids = check_goal_ids(site, report);
    check_goal_links(site, &goal_ids, report);
    check_section_links(site, report);
    for (&year, sections) in &site.years {
        for section in sections {
            for (g, goal) in section.data.goals.iter().enumerate() {
                for (i, indicator) in goal.indicators.iter().enumerate() {
                    let at = format!("goals[{g}].indicators[{i}]");
                    check_indicator_years(&section.file, &at, year, indicator, report);
                }
            }
        }
    }
}

/// An indicator's figures of several years: each year once, no actual of a year
/// still to come, and the report's own year the same whichever way it is written.
fn check_indicator_years(
    file: &str,
    at: &str,
    year: u16,
    indicator: &Indicator,
    report: &mut Report,
) {
    for (list, entries) in [
        ("values", &indicator.values),
        ("targets", &indicator.targets),
    ] {
        for (i, entry) in entries.iter().enumerate() {
            let field = format!("{at}.{list}[{i}].year");
            if let Some(first) = entries[..i]
                .iter()
                .position(|e| e.year.value == entry.year.value)
            {
                report.push(
                    Diagnostic::new(
                        Code::DuplicateYear,
                        file,
                        format!("{} is already given in {list}[{first}]", entry.year.value),
                    )
                    .at_value(&entry.year)
                    .field(field)
                    .help("give each fiscal year once, with the figure as it stands now"),
                );
            } else if list == "values" && entry.year.value.0 > year {
                report.push(
                    Diagnostic::new(
                        Code::FutureValue,
                        file,
                        format!("an actual value of {} in the report of {year}", entry.year.value),
                    )
                    .at_value(&entry.year)
                    .field(field)
                    .help("a report states values of its own year and earlier ones; a value still to come is a target: move it to `targets:`"),
                );
            }
        }
    }
    let pairs = [
        (
            "target",
            indicator.target.as_ref(),
            "targets",
            &indicator.targets,
        ),
        (
            "actual",
            indicator.actual.as_ref(),
            "values",
            &indicator.values,
        ),
    ];
    for (own, value, list, entries) in pairs {
        let Some(value) = value else { continue };
        let Some((i, entry)) = same_year(entries, year) else {
            continue;
        };
        if !same_measure(value, &entry.value) {
            report.push(
                Diagnostic::new(
                    Code::ConflictingFigures,
                    file,
                    format!("`{own}` and {list}[{i}] give different figures for {year}"),
                )
                .at_value(&entry.year)
                .field(format!("{at}.{list}[{i}]"))
                .help(format!(
                    "write the {year} figure once: in `{own}`, or in `{list}`"
                )),
            );
        }
    }
}

fn same_year(entries: &[YearValue], year: u16) -> Option<(usize, &YearValue)> {
    entries
        .iter()
        .enumerate()
        .find(|(_, e)| e.year.value.0 == year)
}

/// `50` and `50.0` are one figure; texts are compared as written.
fn same_measure(a: &Measure, b: &Measure) -> bool {
    match (a.as_number(), b.as_number()) {
        (Some(a), Some(b)) => a == b,
        _ => a == b,
    }
}

/// Each id's years, after reporting ids that cannot be URLs or that two goals of one year share.
fn check_goal_ids<'a>(site: &'a Site, report: &mut Report) -> BTreeMap<&'a str, BTreeSet<u16>> {
    let mut years: BTreeMap<&str, BTreeSet<u16>> = BTreeMap::new();
    for (&year, sections) in &site.years {
        let mut seen: BTreeMap<&str, Place> = BTreeMap::new();
        for section in sections {
            for (g, goal) in section.data.goals.iter().enumerate() {
                let Some(id) = &goal.id else { continue };
                let at = format!("goals[{g}]");
                if !is_slug(&id.value) {
                    report.push(
                        Diagnostic::new(
                            Code::BadGoalId,
                            &section.file,
                            format!("goal id `{}` cannot be part of a web address", id.value),
                        )
                        .at_value(id)
                        .field(format!("{at}.id"))
                        .help(
                            "write lower-case ASCII letters, digits and `-`, e.g. madoguchi-yoyaku",
                        ),
                    );
                    continue;
                }
                if let Some(first) = seen.get(id.value.as_str()) {
                    report.push(
                        Diagnostic::new(
                            Code::DuplicateGoalId,
                            &section.file,
                            format!(
                                "goal id `{}` is also given to {} {} in {year}",
                                id.value, first.file, first.at
                            ),
                        )
                        .at_value(id)
                        .field(format!("{at}.id"))
                        .help("a goal id belongs to one goal: give the other goal its own id, and `continues:` the old one if it took over from it"),
                    );
                    continue;
                }
                seen.insert(
                    &id.value,
                    Place {
                        file: &section.file,
                        at,
                    },
                );
                years.entry(&id.value).or_default().insert(year);
            }
        }
    }
    years
}

fn check_goal_links(site: &Site, goal_ids: &BTreeMap<&str, BTreeSet<u16>>, report: &mut Report) {
    // The first year each id was continued under another id: it may not come back after.
    let mut continued_in: BTreeMap<&str, u16> = BTreeMap::new();
    for (&year, sections) in &site.years {
        for section in sections {
            for (g, goal) in section.data.goals.iter().enumerate() {
                let at = format!("goals[{g}]");
                if goal.id.is_none() {
                    if let Some(first) = goal.continues.first() {
                        report.push(
                            Diagnostic::new(
                                Code::ContinuesWithoutId,
                                &section.file,
                                "a goal that continues another needs an id of its own",
                            )
                            .at_value(first)
                            .field(format!("{at}.continues"))
                            .help("add `id:` to the goal, so that later years can follow it too"),
                        );
                    }
                    continue;
                }
                let links = Links {
                    file: &section.file,
                    field: format!("{at}.continues"),
                    what: "goal",
                    own: goal.id.as_ref().map(|id| id.value.as_str()),
                    year,
                };
                for earlier in links.check(&goal.continues, |id| goal_ids.get(id), report) {
                    let first = continued_in.entry(earlier).or_insert(year);
                    *first = (*first).min(year);
                }
            }
        }
    }
    for (&year, sections) in &site.years {
        for section in sections {
            for (g, goal) in section.data.goals.iter().enumerate() {
                let Some(id) = &goal.id else { continue };
                if let Some(&since) = continued_in.get(id.value.as_str())
                    && since <= year
                {
                    report.push(
                        Diagnostic::new(
                            Code::ReusedGoalId,
                            &section.file,
                            format!(
                                "goal id `{}` was continued under another id in {since}, so it cannot be used again in {year}",
                                id.value
                            ),
                        )
                        .at_value(id)
                        .field(format!("goals[{g}].id"))
                        .help("an id is never given to another goal: choose a new id for this goal"),
                    );
                }
            }
        }
    }
}

fn check_section_links(site: &Site, report: &mut Report) {
    let mut section_years: BTreeMap<&str, BTreeSet<u16>> = BTreeMap::new();
    for (&year, sections) in &site.years {
        for section in sections {
            section_years.entry(&section.id).or_default().insert(year);
        }
    }
    for (&year, sections) in &site.years {
        for section in sections {
            let links = Links {
                file: &section.file,
                field: "continues".to_owned(),
                what: "section",
                own: Some(&section.id),
                year,
            };
            links.check(&section.data.continues, |id| section_years.get(id), report);
        }
    }
}

/// The `continues` list of one goal or section.
struct Links<'a> {
    file: &'a str,
    field: String,
    what: &'static str,
    own: Option<&'a str>,
    year: u16,
}

impl Links<'_> {
    /// Reports links that lead nowhere or twice; gives back the ids linked well.
    fn check<'l>(
        &self,
        links: &'l [Located<String>],
        years_of: impl Fn(&str) -> Option<&'l BTreeSet<u16>>,
        report: &mut Report,
    ) -> Vec<&'l str>
    where
        Self: 'l,
    {
        let mut linked = Vec::new();
        for (i, earlier) in links.iter().enumerate() {
            let id = earlier.value.as_str();
            let problem = |code: Code, message: String, help: &str| {
                Diagnostic::new(code, self.file, message)
                    .at_value(earlier)
                    .field(format!("{}[{i}]", self.field))
                    .help(help)
            };
            let years = years_of(id);
            if links[..i].iter().any(|l| l.value == id) || self.own == Some(id) {
                report.push(problem(
                    Code::DoubledLink,
                    format!("this {} names `{id}` twice", self.what),
                    "name each earlier one once, and never the goal or section itself",
                ));
            } else if years.is_some_and(|y| y.contains(&self.year)) {
                report.push(problem(
                    Code::DoubledLink,
                    format!(
                        "{} `{id}` is still in {}, so this {} cannot continue it",
                        self.what, self.year, self.what
                    ),
                    "continue only what ended in an earlier year; two of one year are not one another's continuation",
                ));
            } else if !years.is_some_and(|y| y.iter().any(|&y| y < self.year)) {
                let help = match self.what {
                    "goal" => "write the `id:` of a goal of an earlier year",
                    _ => "write the file name (without .yaml) of a section of an earlier year",
                };
                report.push(problem(
                    Code::DanglingLink,
                    format!("no earlier year has a {} `{id}`", self.what),
                    help,
                ));
            } else {
                linked.push(id);
            }
        }
        linked
    }
}

/// Lower-case ASCII letters, digits and `-`: an id that is a URL as it stands.
pub(crate) fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
