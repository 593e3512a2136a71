//! Checks of site.yaml beyond its syntax: scales without repeated codes, a
//! real date, a language and a theme that exist.

use std::collections::BTreeSet;

use super::load::Site;
use crate::config::ScaleEntry;
use crate::diagnostic::{Code, Diagnostic, Report};
use crate::fiscal::RefDate;
use crate::render::templates;

const FILE: &str = "site.yaml";

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
    if let Some(date) = &config.data_date
        && RefDate::parse(date).is_none()
    {
        report.push(
            super::validate::unreadable_date(
                FILE,
                date,
                "YYYY-MM-DD",
                "write the date as YYYY-MM-DD, e.g. 2024-03-31",
            )
            .field("data_date"),
        );
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
