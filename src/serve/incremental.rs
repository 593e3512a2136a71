//! The last site that built, kept whole so that an edit to one section file
//! re-renders only the pages that show it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::state::Files;
use crate::Timings;
use crate::content::load::{Sources, parse_section, parse_sources};
use crate::diagnostic::Report;
use crate::error::Result;
use crate::render::data::{self, SectionPieces};
use crate::render::pages::SectionEdit;
use crate::render::templates::{Theme, load_theme};
use crate::render::{Renderer, SITEMAP_PATH};

/// A site that built, with what it was made from.
pub struct Build {
    root: PathBuf,
    sources: Sources,
    theme: Theme,
    pieces: SectionPieces,
    /// The pages, in the sitemap's order.
    pages: Vec<String>,
    pub files: Arc<Files>,
    /// The section file whose last edit did not build: the site above still
    /// holds its previous version, so only edits to this file can follow on.
    pending: Option<PathBuf>,
}

/// What an incremental rebuild made.
pub struct Update {
    pub files: Arc<Files>,
    pub report: Report,
    /// The output files made again, in order.
    pub rendered: Vec<String>,
}

impl Build {
    /// Loads, checks and renders the whole site, as `render_site` does.
    pub fn full(root: &Path) -> Result<(Build, Report)> {
        let sources = parse_sources(root)?;
        let report = sources.check()?;
        let theme = load_theme(root, &sources.site.config)?;
        let (rendered, pieces) =
            crate::render_files(&sources.site, &theme, None, &mut Timings::default())?;
        let renderer = Renderer::new(&sources.site, &theme, &sources.site.config.base_url);
        let pages = renderer.builder.paths(&renderer.builder.page_keys());
        let files = rendered
            .files
            .into_iter()
            .map(|(path, bytes)| (path, Arc::new(bytes)))
            .collect();
        let build = Build {
            root: root.to_path_buf(),
            sources,
            theme,
            pieces,
            pages,
            files: Arc::new(files),
            pending: None,
        };
        Ok((build, report))
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    pub fn site(&self) -> &crate::content::Site {
        &self.sources.site
    }

    /// The section file that `changed` amounts to, if it is one this site has
    /// and nothing else changed: then `update` can rebuild from it.
    pub fn edited_section(&self, changed: &BTreeSet<PathBuf>) -> Option<PathBuf> {
        let content = self.root.join("content");
        let mut edited = None;
        for path in changed {
            if self.sources.section_at(path).is_some() && path.is_file() {
                if edited.replace(path).is_some_and(|other| other != path) {
                    return None;
                }
            } else if path.starts_with(&content) && !path.exists() && !self.sources.knows(path) {
                // An editor's temporary file, written and renamed or removed again.
            } else {
                return None;
            }
        }
        let edited = edited?;
        self.pending
            .as_ref()
            .is_none_or(|pending| pending == edited)
            .then(|| edited.clone())
    }

    /// Parses the section file at `path` again and re-renders what shows it.
    /// On an error the site stays as it was, and the error is what a full
    /// build of the sources would report.
    pub fn update(&mut self, path: &Path) -> Result<Update> {
        let (year, id) = self
            .sources
            .section_at(path)
            .expect("edited_section chose a section of the site");
        let (section, report) = parse_section(&self.root, path);
        let (before, before_report) = self.sources.swap_section(path, year, &id, section, report);
        let report = match self.sources.check() {
            Ok(report) => report,
            Err(error) => {
                self.sources
                    .swap_section(path, year, &id, before, before_report);
                self.pending = Some(path.to_path_buf());
                return Err(error);
            }
        };
        self.pending = None;
        let site = &self.sources.site;
        let after = site.years[&year].iter().find(|s| s.id == id);
        let edit = SectionEdit::new(year, &id, before.as_ref(), after);
        let renderer = Renderer::new(site, &self.theme, &site.config.base_url);
        let keys = renderer.builder.page_keys();
        let pages = renderer.builder.paths(&keys);
        let known: BTreeSet<&str> = self.pages.iter().map(String::as_str).collect();
        let todo: Vec<_> = keys
            .into_iter()
            .zip(&pages)
            .filter(|(key, path)| {
                edit.touches(&renderer.builder, key) || !known.contains(path.as_str())
            })
            .map(|(key, _)| key)
            .collect();

        if let Some(section) = after {
            self.pieces.insert(
                (year, id.clone()),
                data::section_data(&site.config, year, section),
            );
        }
        let made = Mutex::new(BTreeMap::new());
        renderer.render_pages(&todo, &|path, bytes| {
            made.lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(path, bytes);
            Ok(())
        })?;
        let mut made = made.into_inner().unwrap_or_else(|p| p.into_inner());
        made.insert(
            SITEMAP_PATH.to_owned(),
            renderer.sitemap(pages.iter().map(String::as_str)),
        );
        let current: BTreeSet<&str> = pages.iter().map(String::as_str).collect();
        let removed: Vec<String> = self
            .pages
            .iter()
            .filter(|path| !current.contains(path.as_str()))
            .cloned()
            .collect();
        self.pages = pages;
        let rendered = self.swap_in(made, &removed);
        Ok(Update {
            files: self.files.clone(),
            report,
            rendered,
        })
    }

    /// Joins the open data again from the sections' pieces, after an update
    /// whose pages are shown: the files are large (12 MB at 1,000 sections)
    /// and no page shows them. Returns the files, and which were made again.
    pub fn update_open_data(&mut self) -> (Arc<Files>, Vec<String>) {
        let made = data::goal_files(&self.sources.site, &self.pieces)
            .into_iter()
            .collect();
        let rendered = self.swap_in(made, &[]);
        (self.files.clone(), rendered)
    }

    /// Puts `made` in place of the files of the same paths and drops
    /// `removed`, sharing every other file; returns the paths made.
    fn swap_in(&mut self, made: BTreeMap<String, Vec<u8>>, removed: &[String]) -> Vec<String> {
        let rendered: Vec<String> = made.keys().cloned().collect();
        let changed = !removed.is_empty()
            || made
                .iter()
                .any(|(path, bytes)| self.files.get(path).is_none_or(|old| **old != **bytes));
        if changed {
            let mut files = (*self.files).clone();
            for path in removed {
                files.remove(path);
            }
            files.extend(
                made.into_iter()
                    .map(|(path, bytes)| (path, Arc::new(bytes))),
            );
            self.files = Arc::new(files);
        }
        rendered
    }
}
