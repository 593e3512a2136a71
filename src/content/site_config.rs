//! Checks of site.yaml beyond its syntax: scales without repeated codes, a
//! real date, a language and a theme that exist.

use std::collections::BTreeSet;

use super::load::Site;
use crate::config::{ScaleEntry, SiteConfig};
use crate::diagnostic::{Code, Diagnostic, Report};
use crate::fiscal::RefDate;
use crate::render::templates;

const FILE: &str = "site.yaml";

/// The words of `labels` that head a goal's fields, for hints.
const FIELD_HEADINGS: [&str; 10] = [
    "activities",
    "indicators",
    "progress",
    "first_half",
    "second_half_plan",
    "summary",
    "grade",
    "grade_reason",
    "next_steps",
    "mission",
];

pub fn validate(site: &Site, report: &mut Report) {
    let config = &site.config;
    unique_codes("grades", &config.grades, report);
    unique_codes("progress_marks", &config.progress_marks, report);
    let mut ids = BTreeSet::new();
    for (i, plan_type) in config.plan_types.iter().enumerate() {
        if !ids.insert(plan_type.id.as_str()) {
            report.push(duplicate(&format!("plan_types[{i}].id"), &plan_type.id));
        }
    }
    category_axes(config, report);
    check_departments(config, report);
    for (field, date) in [
        ("data_date", &config.data_date),
        ("published", &config.published),
        ("updated", &config.updated),
    ] {
        if let Some(date) = date
            && RefDate::parse(date).is_none()
        {
            report.push(
                super::validate::unreadable_date(
                    FILE,
                    date,
                    "YYYY-MM-DD",
                    "write the date as YYYY-MM-DD, e.g. 2024-03-31",
                )
                .field(field),
            );
        }
    }
    if let Some(theme) = &config.theme
        && !site.root.join("themes").join(theme).is_dir()
    {
        report.push(
            Diagnostic::new(
                Code::MissingTheme,
                FILE,
                format!("theme `{theme}` not found: there is no folder themes/{theme}/"),
            )
            .field("theme")
            .help(
                "create the folder, correct the name, or remove `theme:` to use the default theme",
            ),
        );
    }
    let words = templates::word_keys();
    for key in config.labels.keys().filter(|key| !words.contains(*key)) {
        report.push(
            Diagnostic::new(
                Code::UnknownField,
                FILE,
                format!("`labels.{key}`: the theme has no word `{key}` to rename"),
            )
            .field(format!("labels.{key}"))
            .help(format!(
                "the goal fields' headings are {}; docs/cities.md lists them all",
                FIELD_HEADINGS.join(", ")
            )),
        );
    }
    let languages = templates::languages();
    if !languages.contains(&config.language) {
        let known: Vec<&str> = languages.iter().map(String::as_str).collect();
        report.push(
            Diagnostic::new(
                Code::UnknownLanguage,
                FILE,
                format!("the theme has no words for language `{}`", config.language),
            )
            .field("language")
            .help(format!("use one of: {}", known.join(", "))),
        );
    }
}

/// Facet names the goal index gives its own lists: an axis of the same
/// name would share their page names.
const RESERVED_AXES: [&str; 4] = ["section", "grade", "plan", "progress"];

/// Axis and category ids become page names (`goals/field-welfare.html`) and
/// open data columns; category ids are what goals list, whatever the axis.
fn category_axes(config: &crate::config::SiteConfig, report: &mut Report) {
    let mut axes = BTreeSet::new();
    let mut categories = BTreeSet::new();
    for (a, axis) in config.category_axes.iter().enumerate() {
        let field = format!("category_axes[{a}].id");
        if RESERVED_AXES.contains(&axis.id.as_str()) {
            report.push(
                Diagnostic::new(
                    Code::BadCategoryId,
                    FILE,
                    format!(
                        "`{}` is the name of a list the goal index has already",
                        axis.id
                    ),
                )
                .field(&field)
                .help(format!(
                    "name the axis otherwise; these are taken: {}",
                    RESERVED_AXES.join(", ")
                )),
            );
        } else if !is_slug(&axis.id) {
            report.push(not_a_slug(&field, &axis.id));
        } else if !axes.insert(axis.id.as_str()) {
            report.push(duplicate(&field, &axis.id));
        }
        for (c, category) in axis.categories.iter().enumerate() {
            let field = format!("category_axes[{a}].categories[{c}].id");
            if !is_slug(&category.id) {
                report.push(not_a_slug(&field, &category.id));
            } else if !categories.insert(category.id.as_str()) {
                report.push(duplicate(&field, &category.id));
            }
        }
    }
}

/// Folder names a department's id cannot take: `content/` holds plans/ and
/// kpis/ beside the departments, and each year's pages have goals/ beside them.
const RESERVED_DEPARTMENTS: [&str; 3] = ["plans", "kpis", "goals"];

/// A department's id is a folder under `content/` and part of its pages' URLs.
fn check_departments(config: &SiteConfig, report: &mut Report) {
    if config.departments.is_empty() && config.department.trim().is_empty() {
        report.push(
            Diagnostic::new(Code::MissingField, FILE, "the site names no department")
                .field("department")
                .help("write `department:` (e.g. 市民部), or list several under `departments:`"),
        );
    }
    let mut ids = BTreeSet::new();
    for (i, department) in config.departments.iter().enumerate() {
        let field = format!("departments[{i}].id");
        let id = department.id.as_str();
        let plain = is_slug(id);
        let taken = RESERVED_DEPARTMENTS.contains(&id) || id.bytes().all(|b| b.is_ascii_digit());
        if !plain || taken {
            report.push(
                Diagnostic::new(
                    Code::BadFileName,
                    FILE,
                    format!("`{id}` cannot be a department's folder name"),
                )
                .field(field)
                .help(format!(
                    "use lower-case ASCII letters, digits and `-`, not only digits and none of {}, e.g. shimin",
                    RESERVED_DEPARTMENTS.join(", ")
                )),
            );
        } else if !ids.insert(id) {
            report.push(duplicate(&field, id));
        }
        if department.name.trim().is_empty() {
            report.push(
                Diagnostic::new(Code::EmptyText, FILE, "this text must not be empty")
                    .field(format!("departments[{i}].name")),
            );
        }
    }
}

fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn not_a_slug(field: &str, id: &str) -> Diagnostic {
    Diagnostic::new(
        Code::BadCategoryId,
        FILE,
        format!("`{id}` cannot be used as an id"),
    )
    .field(field)
    .help("write ids with lower-case ASCII letters, digits and `-` (e.g. welfare); the `label` says it in words")
}

/// Shows site.yaml's labels in the pages' language, warning of each that
/// pages show in another.
pub fn localize(config: &mut SiteConfig, report: &mut Report) {
    let language = config.language.clone();
    let missing = config.localize();
    // A language the theme does not know is an error of its own (E315), not one per label.
    if !templates::languages().contains(&language) {
        return;
    }
    for (field, fallback) in missing {
        report.push(
            Diagnostic::new(
                Code::MissingTranslation,
                FILE,
                format!(
                    "`{field}` has no `{language}` text: the `{language}` pages show the `{}` one",
                    fallback.shown_language
                ),
            )
            .field(field.clone())
            .help(format!(
                "give it a `{language}:` text: `{}: {{ja: …, {language}: …}}`",
                field.rsplit('.').next().unwrap_or(&field)
            )),
        );
    }
}

fn unique_codes(field: &str, scale: &[ScaleEntry], report: &mut Report) {
    let mut seen = BTreeSet::new();
    for (i, entry) in scale.iter().enumerate() {
        if !seen.insert(entry.code.as_str()) {
            report.push(duplicate(&format!("{field}[{i}].code"), &entry.code));
        }
    }
}

fn duplicate(field: &str, code: &str) -> Diagnostic {
    Diagnostic::new(
        Code::DuplicateCode,
        FILE,
        format!("`{code}` is defined twice"),
    )
    .field(field)
    .help("give each entry its own code; content could not say which one it means")
}
