//! Checks that need more than one field or more than one file: references,
//! scales, uniqueness, and numbers that contradict the words beside them.

use std::collections::{BTreeMap, BTreeSet};

use super::load::{Section, Site};
use super::model::{Goal, Indicator, KpiSeries, Measure};
use crate::config::ScaleEntry;
use crate::diagnostic::{Diagnostic, Report};
use crate::fiscal::RefDate;

pub fn validate(site: &Site, report: &mut Report) {
    for (&year, sections) in &site.years {
        for section in sections {
            check_section(site, year, section, report);
        }
    }
    for (id, series) in &site.kpis {
        check_kpi(&format!("content/kpis/{id}.yaml"), series, report);
    }
    for (id, plan) in &site.plans {
        let file = format!("content/plans/{id}.yaml");
        let mut seen = BTreeSet::new();
        for (g, group) in plan.groups.iter().enumerate() {
            for (i, item) in group.items.iter().enumerate() {
                if !seen.insert(item.id.as_str()) {
                    report.push(
                        Diagnostic::error(
                            &file,
                            format!("item id `{}` is used twice in this plan", item.id),
                        )
                        .field(format!("groups[{g}].items[{i}].id")),
                    );
                }
            }
        }
    }
}

fn check_section(site: &Site, year: u16, section: &Section, report: &mut Report) {
    let file = section.file.as_str();
    let data = &section.data;
    if data.fiscal_year.value != year {
        report.push(
            Diagnostic::error(
                file,
                format!(
                    "fiscal_year is {} but the file is in the folder {year}/",
                    data.fiscal_year.value
                ),
            )
            .at_value(&data.fiscal_year)
            .field("fiscal_year")
            .help(format!(
                "write `fiscal_year: {year}` or move the file to content/{}/",
                data.fiscal_year.value
            )),
        );
    }
    require_text(file, "name", &data.name, report);
    let mut ranks = BTreeMap::new();
    for (g, goal) in data.goals.iter().enumerate() {
        let at = format!("goals[{g}]");
        if let Some(first) = ranks.insert(goal.rank.value, g) {
            report.push(
                Diagnostic::error(
                    file,
                    format!("rank {} is already used by goals[{first}]", goal.rank.value),
                )
                .at_value(&goal.rank)
                .field(format!("{at}.rank"))
                .help("each goal of a section needs its own rank"),
            );
        }
        check_goal(site, file, &at, goal, report);
    }
}

fn check_goal(site: &Site, file: &str, at: &str, goal: &Goal, report: &mut Report) {
    let config = &site.config;
    let here = |field: &str| format!("{at}.{field}");
    require_text(file, &here("title"), &goal.title, report);
    if let Some(plan_type) = &goal.plan_type
        && config.plan_type(&plan_type.value).is_none()
    {
        let known: Vec<&str> = config.plan_types.iter().map(|p| p.id.as_str()).collect();
        report.push(
            Diagnostic::error(
                file,
                format!(
                    "plan type `{}` is not defined in site.yaml",
                    plan_type.value
                ),
            )
            .at_value(plan_type)
            .field(here("plan_type"))
            .help(format!(
                "use one of: {}; omit the field when the goal implements no plan",
                known.join(", ")
            )),
        );
    }
    check_scale(
        file,
        &here("grade"),
        goal.grade.as_ref(),
        &config.grades,
        "grade",
        report,
    );
    check_scale(
        file,
        &here("progress"),
        goal.progress.as_ref(),
        &config.progress_marks,
        "progress mark",
        report,
    );
    for (r, reference) in goal.implements.iter().enumerate() {
        let field = here(&format!("implements[{r}]"));
        match site.plans.get(&reference.value.plan) {
            None => report.push(
                Diagnostic::error(
                    file,
                    format!("plan `{}` does not exist", reference.value.plan),
                )
                .at_value(reference)
                .field(format!("{field}.plan"))
                .help(known_list("plans", site.plans.keys())),
            ),
            Some(plan) => {
                if let Some(item) = &reference.value.item
                    && !plan
                        .groups
                        .iter()
                        .flat_map(|g| &g.items)
                        .any(|i| &i.id == item)
                {
                    let ids = plan.groups.iter().flat_map(|g| &g.items).map(|i| &i.id);
                    report.push(
                        Diagnostic::error(
                            file,
                            format!("plan `{}` has no item `{item}`", reference.value.plan),
                        )
                        .at_value(reference)
                        .field(format!("{field}.item"))
                        .help(known_list("items", ids)),
                    );
                }
            }
        }
    }
    for (i, indicator) in goal.indicators.iter().enumerate() {
        check_indicator(
            site,
            file,
            &here(&format!("indicators[{i}]")),
            indicator,
            report,
        );
    }
}

fn check_indicator(site: &Site, file: &str, at: &str, indicator: &Indicator, report: &mut Report) {
    require_text(file, &format!("{at}.name"), &indicator.name, report);
    if let Some(kpi) = &indicator.kpi
        && !site.kpis.contains_key(&kpi.value)
    {
        report.push(
            Diagnostic::error(file, format!("KPI series `{}` does not exist", kpi.value))
                .at_value(kpi)
                .field(format!("{at}.kpi"))
                .help(known_list("KPI series", site.kpis.keys())),
        );
    }
    let numeric = [&indicator.target, &indicator.actual, &indicator.midyear]
        .into_iter()
        .flatten()
        .any(|m| matches!(m, Measure::Number(_)));
    if numeric && indicator.unit.is_none() {
        report.push(
            Diagnostic::warning(file, "a numeric indicator has no unit")
                .field(format!("{at}.unit"))
                .help("add `unit:` (e.g. \"%\", 件, 回) so readers know what the numbers count"),
        );
    }
}

fn check_scale(
    file: &str,
    field: &str,
    value: Option<&super::model::Located<String>>,
    scale: &[ScaleEntry],
    what: &str,
    report: &mut Report,
) {
    let Some(value) = value else { return };
    if scale.iter().any(|entry| entry.code == value.value) {
        return;
    }
    let codes: Vec<&str> = scale.iter().map(|e| e.code.as_str()).collect();
    let mut diagnostic = Diagnostic::error(
        file,
        format!("`{}` is not a {what} of site.yaml", value.value),
    )
    .at_value(value)
    .field(field);
    diagnostic = match codes
        .iter()
        .find(|code| code.eq_ignore_ascii_case(&value.value))
    {
        Some(code) => diagnostic.help(format!("did you mean `{code}`?")),
        None => diagnostic.help(format!("use one of: {}", codes.join(", "))),
    };
    report.push(diagnostic);
}

fn check_kpi(file: &str, series: &KpiSeries, report: &mut Report) {
    for (i, point) in series.points.iter().enumerate() {
        check_date(file, &format!("points[{i}].date"), &point.date, report);
    }
    for (i, target) in series.targets.iter().enumerate() {
        check_date(file, &format!("targets[{i}].date"), &target.date, report);
    }
}

fn check_date(file: &str, field: &str, date: &super::model::Located<String>, report: &mut Report) {
    if RefDate::parse(&date.value).is_none() {
        report.push(
            Diagnostic::error(file, format!("`{}` is not a date that exists", date.value))
                .at_value(date)
                .field(field)
                .help(
                    "write YYYY-MM (end of that month) or YYYY-MM-DD, e.g. 2024-03 or 2024-03-31",
                ),
        );
    }
}

fn require_text(file: &str, field: &str, text: &str, report: &mut Report) {
    if text.trim().is_empty() {
        report.push(Diagnostic::error(file, "this text must not be empty").field(field));
    }
}

fn known_list<'a>(what: &str, ids: impl Iterator<Item = &'a String>) -> String {
    let ids: Vec<&str> = ids.map(String::as_str).collect();
    if ids.is_empty() {
        format!("there are no {what} in this site")
    } else {
        format!("known {what}: {}", ids.join(", "))
    }
}
