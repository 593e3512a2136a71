//! Turns a loaded site into the files of the static site, in memory.

pub mod charts;
pub mod data;
pub mod format;
pub mod pages;
pub mod search;
pub mod templates;
mod typeset;
mod view;

use std::collections::BTreeMap;

use serde_json::json;

use crate::content::Site;
use crate::error::{Error, Result};
use crate::fiscal::RefDate;
use pages::{Link, NOT_FOUND_PATH, Page, PageBuilder, PageKey};
use rayon::prelude::*;
use templates::{GoalItem, Theme};
use view::view;

/// The rendered site: every output file by its `/`-separated path.
pub struct Rendered {
    pub files: BTreeMap<String, Vec<u8>>,
    pub pages: usize,
    pub charts: usize,
}

/// How many pages and charts a render made.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub pages: usize,
    pub charts: usize,
}

/// Receives each output file, by its `/`-separated path, as soon as it is
/// made; called from several threads at once.
pub type Emit<'a> = dyn Fn(String, Vec<u8>) -> Result<()> + Sync + 'a;

/// Renders the whole site; `pieces` are the sections' parts of the open data
/// (`data::section_pieces`), which a preview keeps to rebuild them one by one;
/// `earlier` are earlier builds' outputs, whose search indexes may be reused.
pub fn render(
    site: &Site,
    theme: &Theme,
    base_url: &str,
    pieces: &data::SectionPieces,
    earlier: &[&dyn search::EarlierOutput],
    emit: &Emit,
) -> Result<Counts> {
    for (path, bytes) in &theme.assets {
        emit(path.clone(), bytes.clone())?;
    }
    let renderer = Renderer::new(site, theme, base_url);
    let keys = renderer.builder.page_keys();

    // The open data and the search index do not depend on the pages: make them while
    // the pages render. The index is built on a thread of its own, never on a rayon
    // worker: Pagefind runs rayon inside a tokio runtime, and a worker blocked there (or
    // waiting for it) can steal another build's index job, which tokio refuses, or leave
    // the pool without a free worker when two builds share a process (serve, tests).
    let (pages, data) = std::thread::scope(|scope| {
        let search = site
            .config
            .search
            .then(|| scope.spawn(|| search::search_files(site, earlier)));
        let (pages, data) = rayon::join(
            || renderer.render_pages(&keys, emit),
            || {
                for (path, bytes) in data::data_files(site, pieces) {
                    emit(path, bytes)?;
                }
                Ok::<(), crate::Error>(())
            },
        );
        let search = search.map(|thread| {
            thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        (
            pages,
            data.and_then(|()| {
                for (path, bytes) in search.transpose()?.unwrap_or_default() {
                    emit(path, bytes)?;
                }
                Ok(())
            }),
        )
    });
    let charts = pages?;
    data?;
    let paths = renderer.builder.paths(&keys);
    emit(
        SITEMAP_PATH.into(),
        renderer.sitemap(paths.iter().map(String::as_str)),
    )?;
    Ok(Counts {
        pages: keys.len(),
        charts,
    })
}

pub const SITEMAP_PATH: &str = "sitemap.xml";

/// Renders the pages of one site, all of them or a few.
pub struct Renderer<'a> {
    pub builder: PageBuilder<'a>,
    theme: &'a Theme,
    nav: Vec<Link>,
    common: tera::Context,
    base_url: String,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme, base_url: &str) -> Self {
        let base_url = if base_url.ends_with('/') {
            base_url.to_owned()
        } else {
            format!("{base_url}/")
        };
        let common = common_context(site, theme);
        let builder = PageBuilder::new(site, &theme.locale, GoalItem::new(theme, common.clone()));
        Renderer {
            nav: builder.nav(),
            builder,
            theme,
            common,
            base_url,
        }
    }

    /// Builds and renders the pages of `keys` on every core, handing each to
    /// `emit` as soon as it is made, so that a large site's pages are never all
    /// in memory; returns how many charts they hold.
    pub fn render_pages(&self, keys: &[PageKey], emit: &Emit) -> Result<usize> {
        // Pages of a whole year first: started last, one of them would be the tail
        // that every other core waits for.
        let mut order: Vec<usize> = (0..keys.len()).collect();
        order.sort_by_key(|&i| !keys[i].is_aggregate());
        let mut results: Vec<(usize, Result<usize>)> = order
            .into_par_iter()
            .map(|i| (i, self.render_page(&keys[i], emit)))
            .collect();
        // The first failure in page order, whichever thread met it first.
        results.sort_by_key(|(i, _)| *i);
        results.into_iter().map(|(_, charts)| charts).sum()
    }

    fn render_page(&self, key: &PageKey, emit: &Emit) -> Result<usize> {
        let page = self.builder.build(key)?;
        let (path, charts) = (page.path.clone(), page.charts);
        let html = render_page(self.theme, page, &self.common, &self.nav, &self.base_url)?;
        emit(path, html)?;
        Ok(charts)
    }

    /// The sitemap of the pages at `paths`, in that order.
    pub fn sitemap<'p>(&self, paths: impl Iterator<Item = &'p str>) -> Vec<u8> {
        sitemap(paths, &self.base_url).into_bytes()
    }
}

/// What every page is given, converted to template values once: the locale
/// alone is hundreds of strings, too many to copy and convert for each page.
fn common_context(site: &Site, theme: &Theme) -> tera::Context {
    let config = &site.config;
    let mut context = tera::Context::new();
    context.insert("lang", &config.language);
    context.insert(
        "data",
        &json!({
            "goals_csv": data::GOALS_CSV,
            "goals_json": data::GOALS_JSON,
            "indicators_csv": data::INDICATORS_CSV,
        }),
    );
    context.insert("t", &theme.locale);
    context.insert(
        "site",
        &json!({
            "title": config.title,
            "city": config.city,
            "department": config.department,
            "search": config.search,
            // Blocks a city does not use are left out, not shown empty.
            "uses_progress": !config.progress_marks.is_empty(),
            "uses_midyear": site.has_midyear_values(),
            "data_date": date_label(&config.data_date, &config.language),
            "published": date_label(&config.published, &config.language),
            "updated": date_label(&config.updated, &config.language),
            "city_url": config.city_url,
            "contact": config.contact,
            "license": config.license,
        }),
    );
    context
}

/// A date of site.yaml as the pages' language writes it.
fn date_label(date: &Option<String>, language: &str) -> Option<String> {
    date.as_deref()
        .map(|d| RefDate::parse(d).map_or_else(|| d.to_owned(), |d| d.label(language)))
}

fn render_page(
    theme: &Theme,
    page: Page,
    common: &tera::Context,
    nav: &[Link],
    base_url: &str,
) -> Result<Vec<u8>> {
    // Template values share their strings, lists and maps: this copy is shallow.
    let mut context = common.clone();
    context.insert("root", &root_for(&page.path, base_url));
    context.insert("path", &page.path);
    context.insert("page_title", &page.title);
    if page.path != NOT_FOUND_PATH {
        context.insert("canonical", &canonical_url(base_url, &page.path));
    }
    context.insert("base_url", base_url);
    context.insert_value("breadcrumbs", page.breadcrumbs.into());
    context.insert_value(
        "nav",
        nav.iter()
            .map(|link| {
                view!({
                    "title": link.title.as_str(),
                    "path": link.path.as_str(),
                    "current": link.path == page.path,
                })
            })
            .collect::<Vec<_>>()
            .into(),
    );
    context.insert_value("page", page.context);
    // Into bytes, not a String: the file is bytes, and a String would be checked for UTF-8 again.
    let mut html = Vec::with_capacity(64 * 1024);
    theme
        .tera
        .render_to(page.template, &context, &mut html)
        .map_err(|err| {
            Error::Template(format!(
                "{} ({}): {}",
                page.template,
                page.path,
                error_chain(&err)
            ))
        })?;
    // Tera writes only the UTF-8 of its templates and values.
    let html = String::from_utf8(html).map_err(|err| Error::Template(err.to_string()))?;
    Ok(typeset::keep_values_together(&html).into_bytes())
}

/// How a page's links reach the site root. Relative, so the site works under
/// any sub-path and from disk — except the 404 page, which the web server sends
/// for any missing path at any depth: its links start from `base_url`'s path,
/// without its host, so its style and links work on a staging host too.
fn root_for(path: &str, base_url: &str) -> String {
    if path == NOT_FOUND_PATH {
        let without_host = match base_url.split_once("://") {
            Some((_, rest)) => rest.find('/').map_or("/", |slash| &rest[slash..]),
            None => base_url,
        };
        if without_host.starts_with('/') {
            without_host.to_owned()
        } else {
            format!("/{without_host}")
        }
    } else {
        root_at(folder_depth(path))
    }
}

/// How many folders below the site root the page at `path` is.
pub(crate) fn folder_depth(path: &str) -> usize {
    path.matches('/').count()
}

/// Relative links from a page `depth` folders down to the site root.
pub(crate) fn root_at(depth: usize) -> String {
    "../".repeat(depth)
}

pub(crate) fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(&format!("\n  caused by: {cause}"));
        source = cause.source();
    }
    text
}

/// The absolute URL of a page; a folder's index is addressed by the folder.
pub fn canonical_url(base_url: &str, path: &str) -> String {
    let path = path.strip_suffix("index.html").unwrap_or(path);
    format!("{base_url}{path}")
}

fn sitemap<'a>(paths: impl Iterator<Item = &'a str>, base_url: &str) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in paths.filter(|path| *path != NOT_FOUND_PATH) {
        let url = canonical_url(base_url, path)
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        xml.push_str(&format!("  <url><loc>{url}</loc></url>\n"));
    }
    xml.push_str("</urlset>\n");
    xml
}
