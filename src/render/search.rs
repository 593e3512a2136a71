//! The full-text search index: one Pagefind record per goal, built at build
//! time into `pagefind/<year>/`, with the goal index's facets as filters.
//!
//! Each fiscal year has an index of its own, searched from that year's goal
//! index: Pagefind holds a whole index in memory while it builds it (about
//! 1 GB for 5,000 goals), so a decade of reports is indexed a year at a time.
//!
//! Pagefind segments Japanese (its extended build) both here and in the
//! browser, so a query such as マイナンバー finds goals whose text runs the
//! words together. Only the search API, its worker and the index are
//! published: the goal index brings its own small, accessible interface.

use std::collections::BTreeMap;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::markdown::to_text;
use super::pages::{Facet, goal_anchor, section_path};
use crate::content::model::Goal;
use crate::content::{Section, Site};
use crate::error::{Error, Result};
use crate::fiscal::fiscal_year_label;

/// The folder of the index, next to the pages.
pub const SEARCH_DIR: &str = "pagefind";

/// Pagefind's own interfaces, which the site does not use.
const UNUSED_PREFIXES: [&str; 4] = [
    "pagefind-ui",
    "pagefind-modular-ui",
    "pagefind-component-ui",
    "pagefind-highlight",
];

/// Where the search index of a fiscal year is published.
pub fn search_dir(year: u16) -> String {
    format!("{SEARCH_DIR}/{year}")
}

/// The files of the search indexes, by output path. Call it from a thread that is not a
/// rayon worker (see `render`).
pub fn search_files(site: &Site) -> Result<BTreeMap<String, Vec<u8>>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(search_error)?;
    let mut files = BTreeMap::new();
    for (&year, sections) in &site.years {
        files.extend(runtime.block_on(build_index(site, year, sections))?);
    }
    Ok(files)
}

fn search_error(err: impl std::fmt::Display) -> Error {
    Error::Search(format!("{err:#}"))
}

async fn build_index(
    site: &Site,
    year: u16,
    sections: &[Section],
) -> Result<BTreeMap<String, Vec<u8>>> {
    let language = &site.config.language;
    let options = PagefindServiceConfig::builder()
        .keep_index_url(true)
        .force_language(language.clone())
        .build();
    let mut index = PagefindIndex::new(Some(options)).map_err(search_error)?;
    for section in sections {
        for goal in &section.data.goals {
            let url = format!(
                "{}#{}",
                section_path(year, &section.id),
                goal_anchor(goal.rank.value)
            );
            let meta = BTreeMap::from([
                ("title".to_owned(), goal.title.clone()),
                (
                    "section".to_owned(),
                    format!(
                        "{} {}",
                        fiscal_year_label(i32::from(year), language),
                        section.data.name
                    ),
                ),
            ]);
            let filters: BTreeMap<String, Vec<String>> = Facet::all(&site.config)
                .into_iter()
                .map(|facet| {
                    let values = facet.values(&site.config, &section.id, goal);
                    (facet.key(&site.config).to_owned(), values)
                })
                .collect();
            index
                .add_custom_record(
                    url,
                    goal_text(goal),
                    language.clone(),
                    Some(meta),
                    Some(filters),
                    None,
                )
                .await
                .map_err(search_error)?;
        }
    }
    let files = index.get_files().await.map_err(search_error)?;
    Ok(files
        .into_iter()
        .map(|file| {
            (
                file.filename.to_string_lossy().replace('\\', "/"),
                file.contents,
            )
        })
        .filter(|(name, _)| !UNUSED_PREFIXES.iter().any(|p| name.starts_with(p)))
        .map(|(name, contents)| (format!("{}/{name}", search_dir(year)), contents))
        .collect())
}

/// Everything a citizen might search a goal by, as plain text.
fn goal_text(goal: &Goal) -> String {
    let markdown = [
        Some(&goal.activities),
        goal.first_half.as_ref(),
        goal.second_half_plan.as_ref(),
        goal.summary.as_ref(),
        goal.next_steps.as_ref(),
    ];
    let mut parts = vec![goal.title.clone()];
    parts.extend(goal.indicators.iter().map(|i| i.name.clone()));
    parts.extend(markdown.into_iter().flatten().map(|text| to_text(text)));
    parts.extend(goal.grade_reason.clone());
    parts.join(" ")
}
