//! The full-text search index: one Pagefind record per goal, built at build
//! time into `pagefind/<year>/`, with the goal index's facets as filters.
//!
//! Each fiscal year has an index of its own, searched from that year's goal
//! index: Pagefind holds a whole index in memory while it builds it, so a
//! decade of reports is indexed a year at a time, a few years at once.
//!
//! A year's index is the costliest part of a build, and past years rarely
//! change: each index folder holds a manifest with a digest of the records it
//! was made from, and a build whose records of a year have the same digest
//! takes that year's index from an earlier build's output (after checking
//! every file against the manifest) instead of indexing it again.
//!
//! Pagefind segments Japanese (its extended build) both here and in the
//! browser, so a query such as マイナンバー finds goals whose text runs the
//! words together. Only the search API, its worker and the index are
//! published: the goal index brings its own small, accessible interface.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use sha1::{Digest, Sha1};

use super::pages::{Facet, goal_anchor, section_path};
use crate::content::model::Goal;
use crate::content::{Section, Site};
use crate::error::{Error, Result};
use crate::fiscal::fiscal_year_label;
use crate::markdown::to_text;

/// The folder of the index, next to the pages.
pub const SEARCH_DIR: &str = "pagefind";

/// In each year's index folder: the digest of the records and of each file.
pub const MANIFEST: &str = "records.sha1";

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

/// The files of an earlier build, where a year's index may be reused from.
pub trait EarlierOutput: Sync {
    /// One file by its `/`-separated path in the site, if it is there.
    fn read(&self, path: &str) -> Option<Vec<u8>>;
}

/// An output folder on disk.
impl EarlierOutput for PathBuf {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        std::fs::read(self.join(path)).ok()
    }
}

/// A site in memory, as a preview keeps it.
impl EarlierOutput for BTreeMap<String, Arc<Vec<u8>>> {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        self.get(path).map(|bytes| bytes.to_vec())
    }
}

/// The files of the search indexes, by output path; a year whose records are
/// those of an index in `earlier` (looked at in turn) takes its files from
/// there. Call it from a thread that is not a rayon worker (see `render`).
pub fn search_files(
    site: &Site,
    earlier: &[&dyn EarlierOutput],
) -> Result<BTreeMap<String, Vec<u8>>> {
    let engine = engine_digest()?;
    let mut files = BTreeMap::new();
    let mut to_index = Vec::new();
    for (&year, sections) in &site.years {
        let records = YearRecords::new(site, year, sections, &engine);
        match earlier.iter().find_map(|output| records.reuse(*output)) {
            Some(reused) => files.extend(reused),
            None => to_index.push(records),
        }
    }
    // The largest years first, so that no big one is left for the end alone.
    to_index.sort_by_key(|records| std::cmp::Reverse(records.text_len()));
    files.extend(index_all(to_index)?);
    Ok(files)
}

/// Builds the indexes of several years on a few threads of their own, each
/// with its own runtime: one thread per core, as each index holds its words
/// in memory until it is written.
fn index_all(years: Vec<YearRecords>) -> Result<BTreeMap<String, Vec<u8>>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(years.len());
    let queue = Mutex::new(years.into_iter());
    let next = || queue.lock().unwrap_or_else(|p| p.into_inner()).next();
    let results = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .build()
                        .map_err(search_error)?;
                    let mut files = BTreeMap::new();
                    while let Some(records) = next() {
                        files.extend(runtime.block_on(records.index())?);
                    }
                    Ok::<_, Error>(files)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect::<Vec<_>>()
    });
    let mut files = BTreeMap::new();
    for result in results {
        files.extend(result?);
    }
    Ok(files)
}

fn search_error(err: impl std::fmt::Display) -> Error {
    Error::Search(format!("{err:#}"))
}

/// What Pagefind is given for one goal.
struct Record {
    url: String,
    text: String,
    meta: BTreeMap<String, String>,
    filters: BTreeMap<String, Vec<String>>,
}

/// The records of one fiscal year's index, and their digest.
struct YearRecords {
    year: u16,
    language: String,
    records: Vec<Record>,
    digest: String,
}

impl YearRecords {
    fn new(site: &Site, year: u16, sections: &[Section], engine: &str) -> Self {
        let language = site.config.language.clone();
        let records: Vec<Record> = sections
            .iter()
            .flat_map(|section| {
                section
                    .data
                    .goals
                    .iter()
                    .map(move |goal| goal_record(site, year, section, goal))
            })
            .collect();
        let mut hasher = Sha1::new();
        for part in [engine, &language] {
            hash_part(&mut hasher, part);
        }
        for record in &records {
            hash_part(&mut hasher, &record.url);
            hash_part(&mut hasher, &record.text);
            for (key, value) in &record.meta {
                hash_part(&mut hasher, key);
                hash_part(&mut hasher, value);
            }
            for (key, values) in &record.filters {
                hash_part(&mut hasher, key);
                for value in values {
                    hash_part(&mut hasher, value);
                }
            }
        }
        YearRecords {
            year,
            language,
            records,
            digest: hex(&hasher.finalize()),
        }
    }

    fn text_len(&self) -> usize {
        self.records.iter().map(|r| r.text.len()).sum()
    }

    /// The files of this year's index in an earlier output, if they were made
    /// from the same records and are all there as the manifest lists them.
    fn reuse(&self, earlier: &dyn EarlierOutput) -> Option<BTreeMap<String, Vec<u8>>> {
        let dir = search_dir(self.year);
        let manifest_path = format!("{dir}/{MANIFEST}");
        let manifest = earlier.read(&manifest_path)?;
        let manifest = std::str::from_utf8(&manifest).ok()?;
        let mut lines = manifest.lines();
        if lines.next()? != format!("records {}", self.digest) {
            return None;
        }
        let mut files = BTreeMap::new();
        for line in lines {
            let (digest, name) = line.split_once(' ')?;
            if name.split('/').any(|part| matches!(part, "" | "." | "..")) {
                return None;
            }
            let path = format!("{dir}/{name}");
            let bytes = earlier.read(&path)?;
            if hex(&Sha1::digest(&bytes)) != digest {
                return None;
            }
            files.insert(path, bytes);
        }
        files.insert(manifest_path, manifest.as_bytes().to_vec());
        Some(files)
    }

    /// Indexes the records with Pagefind, and adds the manifest.
    async fn index(self) -> Result<BTreeMap<String, Vec<u8>>> {
        let files = pagefind_files(&self.language, self.records).await?;
        let dir = search_dir(self.year);
        let mut manifest = format!("records {}\n", self.digest);
        for (name, bytes) in &files {
            manifest.push_str(&format!("{} {name}\n", hex(&Sha1::digest(bytes))));
        }
        let mut files: BTreeMap<String, Vec<u8>> = files
            .into_iter()
            .map(|(name, bytes)| (format!("{dir}/{name}"), bytes))
            .collect();
        files.insert(format!("{dir}/{MANIFEST}"), manifest.into_bytes());
        Ok(files)
    }
}

/// Pagefind's files for these records, by their path in the index folder.
async fn pagefind_files(language: &str, records: Vec<Record>) -> Result<BTreeMap<String, Vec<u8>>> {
    let options = PagefindServiceConfig::builder()
        .keep_index_url(true)
        .force_language(language.to_owned())
        .build();
    let mut index = PagefindIndex::new(Some(options)).map_err(search_error)?;
    for record in records {
        index
            .add_custom_record(
                record.url,
                record.text,
                language.to_owned(),
                Some(record.meta),
                Some(record.filters),
                None,
            )
            .await
            .map_err(search_error)?;
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
        .collect())
}

/// What identifies the Pagefind that indexes: the files of an index of one
/// fixed record, which hold its version, its scripts and its way of indexing,
/// so that an index made by another version is never reused.
fn engine_digest() -> Result<String> {
    static DIGEST: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    if let Some(digest) = DIGEST.get() {
        return Ok(digest.clone());
    }
    let record = Record {
        url: "/".to_owned(),
        text: "評価 index".to_owned(),
        meta: BTreeMap::from([("title".to_owned(), "評価".to_owned())]),
        filters: BTreeMap::from([("grade".to_owned(), vec!["1".to_owned()])]),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(search_error)?;
    let files = runtime.block_on(pagefind_files("ja", vec![record]))?;
    let mut hasher = Sha1::new();
    hash_part(&mut hasher, env!("CARGO_PKG_VERSION"));
    for (name, bytes) in &files {
        hash_part(&mut hasher, name);
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    Ok(DIGEST.get_or_init(|| hex(&hasher.finalize())).clone())
}

/// Adds one string to a digest with its length, so that no two lists of
/// strings hash alike.
fn hash_part(hasher: &mut Sha1, part: &str) {
    hasher.update((part.len() as u64).to_le_bytes());
    hasher.update(part.as_bytes());
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn goal_record(site: &Site, year: u16, section: &Section, goal: &Goal) -> Record {
    let language = &site.config.language;
    Record {
        url: format!(
            "{}#{}",
            section_path(year, &section.id),
            goal_anchor(goal.rank.value)
        ),
        text: goal_text(goal),
        meta: BTreeMap::from([
            ("title".to_owned(), goal.title.clone()),
            (
                "section".to_owned(),
                format!(
                    "{} {}",
                    fiscal_year_label(i32::from(year), language),
                    section.full_name(&site.config)
                ),
            ),
        ]),
        filters: Facet::all(&site.config)
            .into_iter()
            .map(|facet| {
                let values = facet.values(&site.config, &section.id, goal);
                (facet.key(&site.config).to_owned(), values)
            })
            .collect(),
    }
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
