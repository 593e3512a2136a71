//! Checks that need more than one field or more than one file: references,
//! scales, uniqueness, and numbers that contradict the words beside them.

mod years;

use std::collections::{BTreeMap, BTreeSet};

use super::figures::{achievement_rate, meets_target};
use super::load::{Department, Section, Site};
use super::model::{Goal, Indicator, KpiSeries, Located, Measure, Plan};
use super::number::same_unit;
use crate::config::ScaleEntry;
use crate::diagnostic::{Code, Diagnostic, Report};
use crate::fiscal::{FiscalYear, RefDate};

/// Files that exist but could not be parsed: references to them are not
/// reported as missing, since the parse error already says what is wrong.
#[derive(Debug, Default)]
pub struct Unreadable {
    pub plans: BTreeSet<String>,
    pub kpis: BTreeSet<String>,
}

pub fn validate(site: &Site, unreadable: &Unreadable, report: &mut Report) {
    super::site_config::validate(site, report);
    for (&year, sections) in &site.years {
        // Names may repeat across departments (総務課); ids are URLs, unique in a year.
        let mut names: BTreeMap<(Option<&str>, &str), &str> = BTreeMap::new();
        let mut ids: BTreeMap<&str, &str> = BTreeMap::new();
        for section in sections {
            check_section_place(site, section, report);
            if let Some(first) = ids.insert(section.id.as_str(), section.file.as_str()) {
                report.push(
                    Diagnostic::new(
                        Code::DuplicateSection,
                        &section.file,
                        format!("the section id `{}` is also the file name of {first}", section.id),
                    )
                    .help(format!("a section's page is {year}/<file name>.html: give each section of the year its own file name, e.g. by its department")),
                );
            }
            let key = (section.department.as_deref(), section.data.name.as_str());
            if let Some(first) = names.insert(key, section.file.as_str()) {
                report.push(
                    Diagnostic::new(
                        Code::DuplicateSection,
                        &section.file,
                        format!("section `{}` is also in {first}", section.data.name),
                    )
                    .field("name")
                    .help("each section has one file per fiscal year: merge the two files"),
                );
            }
            check_section(site, unreadable, year, section, report);
        }
    }
    years::check(site, report);
    for ((year, _), department) in &site.departments {
        check_department(site, *year, department, report);
    }
    for (id, series) in &site.kpis {
        check_kpi(&format!("content/kpis/{id}.yaml"), series, report);
    }
    for (id, plan) in &site.plans {
        check_plan(&format!("content/plans/{id}.yaml"), plan, report);
    }
    super::text_loss::check(site, report);
}

fn check_department(site: &Site, year: u16, department: &Department, report: &mut Report) {
    let file = department.file.as_str();
    let data = &department.data;
    if let Some(fiscal_year) = &data.fiscal_year {
        check_fiscal_year(site, file, year, fiscal_year, report);
    }
    let has_sections = site.years.get(&year).is_some_and(|sections| {
        sections
            .iter()
            .any(|s| s.department == department.department)
    });
    if !has_sections {
        report.push(
            Diagnostic::new(
                Code::DepartmentWithoutSections,
                file,
                format!("the year {year} has no section files: this department file is not shown"),
            )
            .help(format!("add the year's sections to content/{year}/, or move the file to the year it belongs to")),
        );
    }
    if let Some(head) = &data.head {
        require_text(file, "head.title", &head.title, report);
        require_text(file, "head.name", &head.name, report);
    }
    for (i, figure) in data.overview.iter().enumerate() {
        require_text(file, &format!("overview[{i}].label"), &figure.label, report);
    }
}

/// On a site of several departments every section belongs to one.
fn check_section_place(site: &Site, section: &Section, report: &mut Report) {
    if section.department.is_none() && !site.config.departments.is_empty() {
        let ids: Vec<&str> = site
            .config
            .departments
            .iter()
            .map(|d| d.id.as_str())
            .collect();
        report.push(
            Diagnostic::new(
                Code::UnknownFolder,
                &section.file,
                "this site lists departments in site.yaml, so sections are read from the departments' folders",
            )
            .help(format!(
                "move the file into content/<department>/<fiscal year>/, one of: {}",
                ids.join(", ")
            )),
        );
    }
}

fn check_fiscal_year(
    site: &Site,
    file: &str,
    year: u16,
    fiscal_year: &Located<FiscalYear>,
    report: &mut Report,
) {
    if fiscal_year.value.0 != year {
        report.push(
            Diagnostic::new(
                Code::FiscalYear,
                file,
                format!(
                    "fiscal_year is {} but the file is in the folder {year}/",
                    fiscal_year.value
                ),
            )
            .at_value(fiscal_year)
            .field("fiscal_year")
            .help(fiscal_year_help(site, file, year, fiscal_year.value.0)),
        );
    }
}

fn check_plan(file: &str, plan: &Plan, report: &mut Report) {
    require_text(file, "title", &plan.title, report);
    check_plan_levels(file, plan, report);
    let levels = plan.level_names();
    for (i, level) in levels.iter().enumerate() {
        require_text(file, &format!("levels[{i}]"), level, report);
    }
    let mut seen = BTreeSet::new();
    for (depth, at, node) in plan.nodes() {
        require_text(file, &format!("{at}.title"), &node.title, report);
        if !seen.insert(node.id.as_str()) {
            report.push(
                Diagnostic::new(
                    Code::DuplicatePlanItem,
                    file,
                    format!("item id `{}` is used twice in this plan", node.id),
                )
                .field(format!("{at}.id"))
                .help("give each item of a plan its own id, whatever its level"),
            );
        }
        if !levels.is_empty() && depth >= levels.len() {
            report.push(
                Diagnostic::new(
                    Code::PlanTooDeep,
                    file,
                    format!(
                        "item `{}` is on level {} but the plan names {} levels ({})",
                        node.id,
                        depth + 1,
                        levels.len(),
                        levels.join(" › ")
                    ),
                )
                .field(at)
                .help(
                    "name every level of the plan, top first: `levels: [方針, 分野, プログラム]`",
                ),
            );
        }
    }
}

/// A plan names its levels once: `levels:`, or a two-level plan's `group_label:` and `item_label:`.
fn check_plan_levels(file: &str, plan: &Plan, report: &mut Report) {
    let two_level = [&plan.group_label, &plan.item_label];
    let problem = if plan.levels.is_empty() {
        two_level
            .iter()
            .any(|label| label.is_none())
            .then_some("the plan does not name its levels")
    } else {
        two_level.iter().any(|label| label.is_some()).then_some(
            "the plan names its levels twice, in `levels` and in `group_label`/`item_label`",
        )
    };
    if let Some(problem) = problem {
        report.push(
            Diagnostic::new(Code::PlanLevels, file, problem)
                .field("levels")
                .help("write `levels: [方針, 分野, プログラム]`, top first (a two-level plan may write `group_label:` and `item_label:` instead)"),
        );
    }
}

fn check_section(
    site: &Site,
    unreadable: &Unreadable,
    year: u16,
    section: &Section,
    report: &mut Report,
) {
    let file = section.file.as_str();
    let data = &section.data;
    check_fiscal_year(site, file, year, &data.fiscal_year, report);
    require_text(file, "name", &data.name, report);
    if let Some(mission) = &data.mission {
        require_text(file, "mission", mission, report);
    }
    let mut ranks = BTreeMap::new();
    for (g, goal) in data.goals.iter().enumerate() {
        let at = format!("goals[{g}]");
        if let Some(first) = ranks.insert(goal.rank.value, g) {
            report.push(
                Diagnostic::new(
                    Code::DuplicateRank,
                    file,
                    format!("rank {} is already used by goals[{first}]", goal.rank.value),
                )
                .at_value(&goal.rank)
                .field(format!("{at}.rank"))
                .help("each goal of a section needs its own rank"),
            );
        }
        check_goal(site, unreadable, file, &at, goal, report);
    }
}

/// Moving the file is offered only where it would not land on another file.
fn fiscal_year_help(site: &Site, file: &str, year: u16, written: u16) -> String {
    let (folder, name) = file.rsplit_once('/').unwrap_or(("", file));
    let parent = folder.rsplit_once('/').map_or("", |(parent, _)| parent);
    let destination = format!("{parent}/{written}/");
    if site.root.join(&destination).join(name).exists() {
        format!("write `fiscal_year: {year}`: {destination}{name} already exists")
    } else {
        format!("write `fiscal_year: {year}` or move the file to {destination}")
    }
}

fn check_goal(
    site: &Site,
    unreadable: &Unreadable,
    file: &str,
    at: &str,
    goal: &Goal,
    report: &mut Report,
) {
    let config = &site.config;
    let here = |field: &str| format!("{at}.{field}");
    require_text(file, &here("title"), &goal.title, report);
    require_text(file, &here("activities"), &goal.activities, report);
    if let Some(progress) = &goal.progress
        && goal
            .first_half
            .as_deref()
            .is_none_or(|text| text.trim().is_empty())
    {
        report.push(
            Diagnostic::new(
                Code::ProgressWithoutStatus,
                file,
                format!(
                    "progress mark `{}` is given without a first-half status",
                    progress.value
                ),
            )
            .at_value(progress)
            .field(here("first_half"))
            .help("write `first_half:` to say what the mark is based on"),
        );
    }
    check_grade_against_numbers(site, file, at, goal, report);
    if let Some(plan_type) = &goal.plan_type
        && config.plan_type(&plan_type.value).is_none()
    {
        let known: Vec<&str> = config.plan_types.iter().map(|p| p.id.as_str()).collect();
        report.push(
            Diagnostic::new(
                Code::UnknownPlanType,
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
    for (c, category) in goal.categories.iter().enumerate() {
        if config.category(&category.value).is_none() {
            report.push(unknown_category(
                file,
                &here(&format!("categories[{c}]")),
                category,
                config,
            ));
        }
    }
    check_scale(
        file,
        &here("grade"),
        goal.grade.as_ref(),
        &config.grades,
        Code::UnknownGrade,
        "grade",
        report,
    );
    check_scale(
        file,
        &here("progress"),
        goal.progress.as_ref(),
        &config.progress_marks,
        Code::UnknownProgress,
        "progress mark",
        report,
    );
    for (r, reference) in goal.implements.iter().enumerate() {
        let field = here(&format!("implements[{r}]"));
        if unreadable.plans.contains(&reference.value.plan) {
            continue;
        }
        match site.plans.get(&reference.value.plan) {
            None => report.push(
                Diagnostic::new(
                    Code::UnknownPlan,
                    file,
                    format!("plan `{}` does not exist", reference.value.plan),
                )
                .field(format!("{field}.plan"))
                .help(known_list("plans", site.plans.keys())),
            ),
            Some(plan) => {
                if let Some(item) = &reference.value.item
                    && plan.node(item).is_none()
                {
                    let nodes = plan.nodes();
                    let ids = nodes.iter().map(|(_, _, node)| &node.id);
                    report.push(
                        Diagnostic::new(
                            Code::UnknownPlanItem,
                            file,
                            format!("plan `{}` has no item `{item}`", reference.value.plan),
                        )
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
            unreadable,
            file,
            &here(&format!("indicators[{i}]")),
            indicator,
            report,
        );
    }
}

/// A category the site does not define: perhaps its label, written for its id.
fn unknown_category(
    file: &str,
    field: &str,
    category: &Located<String>,
    config: &crate::config::SiteConfig,
) -> Diagnostic {
    let every = config
        .category_axes
        .iter()
        .flat_map(|axis| &axis.categories);
    let by_label = every.clone().find(|c| c.label == category.value);
    let help = match by_label {
        Some(meant) => format!("write the id `{}` of {}", meant.id, meant.label),
        None if config.category_axes.is_empty() => {
            "site.yaml defines no `category_axes`: add the axis and its categories there".to_owned()
        }
        None => format!(
            "use one of: {}",
            every
                .map(|c| format!("{} ({})", c.id, c.label))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Diagnostic::new(
        Code::UnknownCategory,
        file,
        format!("category `{}` is not defined in site.yaml", category.value),
    )
    .at_value(category)
    .field(field)
    .help(help)
}

fn check_indicator(
    site: &Site,
    unreadable: &Unreadable,
    file: &str,
    at: &str,
    indicator: &Indicator,
    report: &mut Report,
) {
    require_text(file, &format!("{at}.name"), &indicator.name, report);
    if let Some(kpi) = &indicator.kpi
        && !site.kpis.contains_key(&kpi.value)
        && !unreadable.kpis.contains(&kpi.value)
    {
        report.push(
            Diagnostic::new(
                Code::UnknownKpi,
                file,
                format!("KPI series `{}` does not exist", kpi.value),
            )
            .at_value(kpi)
            .field(format!("{at}.kpi"))
            .help(known_list("KPI series", site.kpis.keys())),
        );
    }
    check_units(file, at, indicator, report);
    let numeric = [&indicator.target, &indicator.actual, &indicator.midyear]
        .into_iter()
        .flatten()
        .any(|m| matches!(m, Measure::Number(_)));
    if numeric && indicator.unit.is_none() {
        report.push(
            Diagnostic::new(Code::NoUnit, file, "a numeric indicator has no unit")
                .field(format!("{at}.unit"))
                .help("add `unit:` (e.g. \"%\", 件, 回) so readers know what the numbers count"),
        );
    }
}

/// Warns when the numbers say one thing and the grade another, in either direction.
fn check_grade_against_numbers(
    site: &Site,
    file: &str,
    at: &str,
    goal: &Goal,
    report: &mut Report,
) {
    let Some(grade) = &goal.grade else { return };
    let Some(meets) = site.config.grade(&grade.value).and_then(|g| g.meets_target) else {
        return;
    };
    let rates: Vec<(usize, f64)> = goal
        .indicators
        .iter()
        .enumerate()
        .filter_map(|(i, indicator)| achievement_rate(indicator).map(|rate| (i, rate)))
        .collect();
    if rates.is_empty() {
        return;
    }
    let missed: Vec<usize> = rates
        .iter()
        .filter(|(_, rate)| !meets_target(*rate))
        .map(|(i, _)| *i)
        .collect();
    let (code, message) = if meets && !missed.is_empty() {
        let names: Vec<String> = missed.iter().map(|i| format!("indicators[{i}]")).collect();
        (
            Code::MetButMissed,
            format!(
                "grade `{}` says the target was met, but {} missed its target",
                grade.value,
                names.join(", ")
            ),
        )
    } else if !meets && missed.is_empty() {
        (
            Code::MissedButMet,
            format!(
                "grade `{}` says the target was not met, but every numeric indicator reached its target",
                grade.value
            ),
        )
    } else {
        return;
    };
    report.push(
        Diagnostic::new(code, file, message)
            .at_value(grade)
            .field(format!("{at}.grade"))
            .help("check the grade, the target and the actual value; grade_reason can explain a judgment beyond the numbers"),
    );
}

fn check_scale(
    file: &str,
    field: &str,
    value: Option<&Located<String>>,
    scale: &[ScaleEntry],
    code: Code,
    what: &str,
    report: &mut Report,
) {
    let Some(value) = value else { return };
    if scale.iter().any(|entry| entry.code == value.value) {
        return;
    }
    let codes: Vec<&str> = scale.iter().map(|e| e.code.as_str()).collect();
    let mut diagnostic = Diagnostic::new(
        code,
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

const REVISED: &str = "revision.original";

/// A value written as text that is really a number with a unit (`64回`) is
/// shown without complaint but compared with nothing; in another unit than
/// the rest of the indicator it is a mistake.
fn check_units(file: &str, at: &str, indicator: &Indicator, report: &mut Report) {
    let revised = indicator.revision.as_ref().map(|r| (REVISED, &r.original));
    let measures = [
        ("target", &indicator.target),
        ("midyear", &indicator.midyear),
        ("actual", &indicator.actual),
    ]
    .into_iter()
    .filter_map(|(name, m)| m.as_ref().map(|m| (name, m)))
    .chain(revised);
    // The unit the first value was written in, when the indicator names none.
    let mut first_unit: Option<(&str, &str)> = None;
    for (name, measure) in measures {
        let Measure::Text(text) = measure else {
            continue;
        };
        let Some((number, unit)) = split_number_and_unit(text) else {
            continue;
        };
        let field = format!("{at}.{name}");
        let expected = indicator
            .unit
            .as_deref()
            .map(|unit| (unit, format!("the indicator's unit is {unit}")))
            .or(first_unit.map(|(unit, whose)| (unit, format!("the {whose} is in {unit}"))))
            .filter(|_| !unit.is_empty());
        let diagnostic = match expected {
            // A revised target may have changed what is counted, and its unit with it.
            Some((expected, _)) if !same_unit(expected, unit) && name == REVISED => continue,
            Some((expected, context)) if !same_unit(expected, unit) => Diagnostic::new(
                Code::UnitMismatch,
                file,
                format!("`{text}` is in {unit}, but {context}"),
            )
            .help(format!(
                "write every value of the indicator in the same unit, as a number, with `unit: {expected}`"
            )),
            _ => Diagnostic::new(
                Code::NumberAsText,
                file,
                format!("`{text}` is a number written as text"),
            )
            .help(if unit.is_empty() {
                format!("write `{name}: {}` without quotes or commas so it can be compared", number.replace(',', ""))
            } else {
                let unit = indicator.unit.as_deref().unwrap_or(unit);
                format!("write `{name}: {}` and `unit: {unit}` so it can be compared", number.replace(',', ""))
            }),
        };
        report.push(diagnostic.field(field));
        if first_unit.is_none() && !unit.is_empty() {
            first_unit = Some((unit, name));
        }
    }
}

/// `64回` → ("64", "回"); `50.5%` → ("50.5", "%"); `1,080` → ("1,080", "");
/// anything else → None.
fn split_number_and_unit(text: &str) -> Option<(&str, &str)> {
    let text = text.trim();
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(end);
    if unit.is_empty() {
        return number
            .replace(',', "")
            .parse::<f64>()
            .is_ok()
            .then_some((number, unit));
    }
    let unit_is_short =
        !unit.is_empty() && unit.chars().count() <= 3 && !unit.contains(char::is_whitespace);
    (!number.is_empty() && number.starts_with(|c: char| c.is_ascii_digit()) && unit_is_short)
        .then_some((number, unit))
}

fn check_kpi(file: &str, series: &KpiSeries, report: &mut Report) {
    require_text(file, "title", &series.title, report);
    require_text(file, "unit", &series.unit, report);
    require_text(file, "definition", &series.definition, report);
    let dates: Vec<Option<RefDate>> = series
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| check_date(file, &format!("points[{i}].date"), &p.date, report))
        .collect();
    for (i, pair) in dates.windows(2).enumerate() {
        if let [Some(before), Some(after)] = pair
            && after.axis_position() <= before.axis_position()
        {
            let point = &series.points[i + 1];
            report.push(
                Diagnostic::new(
                    Code::PointOrder,
                    file,
                    format!(
                        "point {} is not after the point before it ({})",
                        point.date.value, series.points[i].date.value
                    ),
                )
                .at_value(&point.date)
                .field(format!("points[{}].date", i + 1))
                .help("list points in date order, each date once"),
            );
        }
    }
    for (i, target) in series.targets.iter().enumerate() {
        check_date(file, &format!("targets[{i}].date"), &target.date, report);
    }
    let Some(period) = &series.period else { return };
    let from = check_date(file, "period.from", &period.from, report);
    let to = check_date(file, "period.to", &period.to, report);
    let (Some(from), Some(to)) = (from, to) else {
        return;
    };
    if day_key(&to, true) < day_key(&from, false) {
        report.push(
            Diagnostic::new(
                Code::BadPeriod,
                file,
                format!(
                    "the period ends ({}) before it starts ({})",
                    period.to.value, period.from.value
                ),
            )
            .at_value(&period.to)
            .field("period.to")
            .help("swap `from` and `to`"),
        );
        return;
    }
    for (i, date) in dates.iter().enumerate() {
        if let Some(date) = date
            && !within(date, &from, &to)
        {
            let point = &series.points[i];
            report.push(
                Diagnostic::new(
                    Code::OutsidePeriod,
                    file,
                    format!(
                        "point {} lies outside the series' period {} to {}",
                        point.date.value, period.from.value, period.to.value
                    ),
                )
                .at_value(&point.date)
                .field(format!("points[{i}].date"))
                .help("correct the date of the point, or widen `period:`"),
            );
        }
    }
}

/// A month-only `from` starts with its month and a month-only `to` ends with
/// it; a month-only point stands for the end of its month.
fn within(date: &RefDate, from: &RefDate, to: &RefDate) -> bool {
    (day_key(from, false)..=day_key(to, true)).contains(&day_key(date, true))
}

fn day_key(date: &RefDate, month_end: bool) -> (i32, u32, u32) {
    let unset_day = if month_end { 32 } else { 0 };
    (date.year, date.month, date.day.unwrap_or(unset_day))
}

fn check_date(
    file: &str,
    field: &str,
    date: &Located<String>,
    report: &mut Report,
) -> Option<RefDate> {
    let parsed = RefDate::parse(&date.value);
    if parsed.is_none() {
        report.push(
            unreadable_date(
                file,
                &date.value,
                "YYYY-MM or YYYY-MM-DD",
                "write YYYY-MM (end of that month) or YYYY-MM-DD, e.g. 2024-03 or 2024-03-31",
            )
            .at_value(date)
            .field(field),
        );
    }
    parsed
}

/// Why a date cannot be read: a date of the right form that does not exist,
/// or one written in another form, with that form's date as hyoka writes it.
pub(super) fn unreadable_date(file: &str, written: &str, forms: &str, help: &str) -> Diagnostic {
    if crate::fiscal::is_date_shaped(written) {
        return Diagnostic::new(
            Code::BadDate,
            file,
            format!("`{written}` is not a date that exists"),
        )
        .help(help);
    }
    Diagnostic::new(
        Code::DateFormat,
        file,
        format!("`{written}` is not written as {forms}"),
    )
    .help(match crate::fiscal::date_suggestion(written) {
        Some(date) => format!("write `{date}`"),
        None => help.to_owned(),
    })
}

/// Text that is written but empty (`title: ""`); a field left out entirely
/// is a parse error instead.
pub(super) fn require_text(file: &str, field: &str, text: &str, report: &mut Report) {
    if text.trim().is_empty() {
        report.push(
            Diagnostic::new(Code::EmptyText, file, "this text must not be empty")
                .field(field)
                .help("write the text, or remove the entry if it does not belong here"),
        );
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
