//! hyoka: a static-site generator for public performance reports.
//!
//! The pipeline is load → validate → render → write, one module each; the
//! `hyoka` command is a thin layer over the entry points here.

pub mod config;
pub mod content;
pub mod diagnostic;
pub mod error;
pub mod fiscal;
pub mod import;
pub mod output;
pub mod render;
pub mod report_text;
pub mod serve;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use diagnostic::{Diagnostic, Report, Severity};
pub use error::{Error, Result};
pub use import::{ImportOptions, ImportSummary};

pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    /// Overrides `base_url` of site.yaml.
    pub base_url: Option<String>,
}

pub struct BuildSummary {
    pub output: PathBuf,
    pub pages: usize,
    pub charts: usize,
    pub elapsed: Duration,
    /// Warnings found on the way (errors stop the build).
    pub report: Report,
}

/// Validates everything a build would read, and writes nothing: the site is
/// rendered in memory, so a theme's template errors are found too.
pub fn check(root: &Path) -> Result<Report> {
    let (_, report) = render_site(root, None)?;
    Ok(report)
}

/// Renders the site in memory, without touching the output folder.
pub fn render_site(root: &Path, base_url: Option<&str>) -> Result<(render::Rendered, Report)> {
    let (site, report) = content::load(root)?;
    let theme = render::templates::load_theme(root, &site.config)?;
    let base_url = base_url.unwrap_or(&site.config.base_url);
    let mut rendered = render::render(&site, &theme, base_url)?;
    rendered.files.extend(static_files(root)?);
    Ok((rendered, report))
}

/// Builds the site; the output folder is replaced only if everything succeeded.
pub fn build(options: &BuildOptions) -> Result<BuildSummary> {
    let started = Instant::now();
    output::recover(&options.output)?;
    let (rendered, report) = render_site(&options.root, options.base_url.as_deref())?;
    output::write_site(&options.output, &rendered.files)?;
    Ok(BuildSummary {
        output: options.output.clone(),
        pages: rendered.pages,
        charts: rendered.charts,
        elapsed: started.elapsed(),
        report,
    })
}

/// The site's own `static/` folder, copied as it is.
fn static_files(root: &Path) -> Result<std::collections::BTreeMap<String, Vec<u8>>> {
    let dir = root.join("static");
    let mut files = std::collections::BTreeMap::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.map_err(|err| Error::io("read", &dir, err.into()))?;
        if entry.path_is_symlink() {
            return Err(Error::Usage(format!(
                "{}: symbolic links are not copied; copy the file into static/ instead",
                entry.path().display()
            )));
        }
        if entry.file_type().is_file() {
            let bytes =
                fs::read(entry.path()).map_err(|err| Error::io("read", entry.path(), err))?;
            files.insert(diagnostic::display_path(&dir, entry.path()), bytes);
        }
    }
    Ok(files)
}

/// Turns a goal sheet (CSV, TSV or XLSX) into one section file per section.
pub fn import(options: &ImportOptions) -> Result<ImportSummary> {
    import::import(options)
}

/// Writes a small site that builds as it is.
pub fn init(dir: &Path) -> Result<()> {
    if dir.exists()
        && fs::read_dir(dir)
            .map_err(|err| Error::io("read", dir, err))?
            .next()
            .is_some()
    {
        return Err(Error::Usage(format!(
            "{} exists and is not empty",
            dir.display()
        )));
    }
    let files = [
        ("site.yaml", include_str!("init/site.yaml")),
        (
            "content/2023/sample.yaml",
            include_str!("init/section.yaml"),
        ),
        (
            "content/kpis/satisfaction.yaml",
            include_str!("init/kpi.yaml"),
        ),
    ];
    for (path, text) in files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|err| Error::io("create", parent, err))?;
        }
        fs::write(&target, text).map_err(|err| Error::io("write", &target, err))?;
    }
    Ok(())
}
