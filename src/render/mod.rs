//! Turns a loaded site into the files of the static site, in memory.

pub mod charts;
pub mod data;
pub mod format;
pub mod markdown;
pub mod pages;
pub mod search;
pub mod templates;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::content::Site;
use crate::error::{Error, Result};
use crate::fiscal::RefDate;
use pages::{Link, NOT_FOUND_PATH, Page, PageBuilder};
use templates::Theme;

/// The rendered site: every output file by its `/`-separated path.
pub struct Rendered {
    pub files: BTreeMap<String, Vec<u8>>,
    pub pages: usize,
    pub charts: usize,
}

pub fn render(site: &Site, theme: &Theme, base_url: &str) -> Result<Rendered> {
    let base_url = if base_url.ends_with('/') {
        base_url.to_owned()
    } else {
        format!("{base_url}/")
    };
    let builder = PageBuilder::new(site, &theme.locale);
    let pages = builder.pages();
    let nav = builder.nav();
    let common = common_context(site, theme);

    let mut files: BTreeMap<String, Vec<u8>> = theme.assets.clone();
    let mut charts = 0;
    let rendered: Vec<(String, String)> = pages
        .par_iter()
        .map(|page| {
            Ok((
                page.path.clone(),
                render_page(theme, page, &common, &nav, &base_url)?,
            ))
        })
        .collect::<Result<_>>()?;
    for (path, html) in rendered {
        charts += html.matches("<svg role=\"img\"").count();
        files.insert(path, html.into_bytes());
    }
    files.insert(
        "sitemap.xml".into(),
        sitemap(&pages, &base_url).into_bytes(),
    );
    files.extend(data::data_files(site));
    if site.config.search {
        files.extend(search::search_files(site)?);
    }
    Ok(Rendered {
        files,
        pages: pages.len(),
        charts,
    })
}

fn common_context(site: &Site, theme: &Theme) -> Value {
    let config = &site.config;
    json!({
        "lang": config.language,
        "data": {
            "goals_csv": data::GOALS_CSV,
            "goals_json": data::GOALS_JSON,
            "indicators_csv": data::INDICATORS_CSV,
        },
        "t": theme.locale,
        "site": {
            "title": config.title,
            "city": config.city,
            "department": config.department,
            "search": config.search,
            "data_date": config.data_date.as_deref().map(|d| RefDate::parse(d).map(|d| d.label(&config.language)).unwrap_or_else(|| d.to_owned())),
        },
    })
}

fn render_page(
    theme: &Theme,
    page: &Page,
    common: &Value,
    nav: &[Link],
    base_url: &str,
) -> Result<String> {
    let mut context = common.clone();
    let object = context
        .as_object_mut()
        .expect("common context is an object");
    object.insert("root".into(), json!(root_for(&page.path, base_url)));
    object.insert("path".into(), json!(page.path));
    object.insert("page_title".into(), json!(page.title));
    if page.path != NOT_FOUND_PATH {
        object.insert(
            "canonical".into(),
            json!(canonical_url(base_url, &page.path)),
        );
    }
    object.insert("base_url".into(), json!(base_url));
    object.insert("breadcrumbs".into(), json!(page.breadcrumbs));
    object.insert(
        "nav".into(),
        json!(
            nav.iter()
                .map(|link| json!({
                    "title": link.title,
                    "path": link.path,
                    "current": link.path == page.path,
                }))
                .collect::<Vec<_>>()
        ),
    );
    object.insert("page".into(), page.context.clone());
    let context =
        tera::Context::from_serialize(&context).map_err(|err| Error::Template(err.to_string()))?;
    theme.tera.render(page.template, &context).map_err(|err| {
        Error::Template(format!(
            "{} ({}): {}",
            page.template,
            page.path,
            error_chain(&err)
        ))
    })
}

/// How a page's links reach the site root. Relative, so the site works under
/// any sub-path and from disk — except the 404 page, which the web server sends
/// for any missing path at any depth: its links start from `base_url`.
fn root_for(path: &str, base_url: &str) -> String {
    if path == NOT_FOUND_PATH {
        if base_url.starts_with('/') || base_url.contains("://") {
            base_url.to_owned()
        } else {
            format!("/{base_url}")
        }
    } else {
        "../".repeat(path.matches('/').count())
    }
}

fn error_chain(err: &dyn std::error::Error) -> String {
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

fn sitemap(pages: &[Page], base_url: &str) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in pages.iter().filter(|p| p.path != NOT_FOUND_PATH) {
        let url = canonical_url(base_url, &page.path)
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        xml.push_str(&format!("  <url><loc>{url}</loc></url>\n"));
    }
    xml.push_str("</urlset>\n");
    xml
}
