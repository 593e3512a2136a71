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
pub mod markdown;
pub mod output;
pub mod render;
pub mod report_text;
pub mod serve;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub use diagnostic::{Diagnostic, Report, Severity};
pub use error::{Error, Result};
pub use import::{ImportOptions, ImportSummary};
use render::templates::Theme;

#[derive(Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    /// Overrides `base_url` of site.yaml.
    pub base_url: Option<String>,
    /// Replace an output folder that hyoka did not write (`--force`).
    pub force: bool,
    /// Told when another build is writing into the same output, before this one waits for it.
    pub on_wait: Option<fn(&Path)>,
}

pub struct BuildSummary {
    pub output: PathBuf,
    pub pages: usize,
    pub charts: usize,
    pub elapsed: Duration,
    pub timings: Timings,
    /// Warnings found on the way (errors stop the build).
    pub report: Report,
}

/// Time spent in each stage of a build, to see which one grows with the site.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// Reading and parsing every file.
    pub load: Duration,
    /// Checks across files, and loading the theme.
    pub validate: Duration,
    /// Theme, pages, charts and open data; `build` writes each file into
    /// the staging folder as soon as it is made, so this includes that.
    pub render: Duration,
    /// Swapping the new folder in for the output and removing the old one.
    pub write: Duration,
}

/// Validates everything a build would read, and writes nothing: the site is
/// rendered and thrown away, so a theme's template errors are found too.
pub fn check(root: &Path) -> Result<Report> {
    let mut timings = Timings::default();
    let (mut site, theme, report) = load_site(root, &mut timings)?;
    // Rendering catches template errors; nothing is kept, and the search index, which
    // staff cannot get wrong, is skipped: it is the costliest part of a large build.
    site.config.search = false;
    render_each(&site, &theme, None, &[], &mut timings, &|_, _| Ok(()))?;
    Ok(report)
}

/// Renders the site in memory, without touching the output folder.
pub fn render_site(root: &Path, base_url: Option<&str>) -> Result<(render::Rendered, Report)> {
    let mut timings = Timings::default();
    let (site, theme, report) = load_site(root, &mut timings)?;
    let (rendered, _) = render_files(&site, &theme, base_url, &mut timings)?;
    Ok((rendered, report))
}

/// Renders a loaded site into memory, with its sections' parts of the open
/// data, which a preview keeps.
fn render_files(
    site: &content::Site,
    theme: &Theme,
    base_url: Option<&str>,
    timings: &mut Timings,
) -> Result<(render::Rendered, render::data::SectionPieces)> {
    let files = Mutex::new(BTreeMap::new());
    let (counts, pieces) = render_each(site, theme, base_url, &[], timings, &|path, bytes| {
        files
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path, bytes);
        Ok(())
    })?;
    let rendered = render::Rendered {
        files: files.into_inner().unwrap_or_else(|p| p.into_inner()),
        pages: counts.pages,
        charts: counts.charts,
    };
    Ok((rendered, pieces))
}

/// Loads and checks the site and its theme: everything that can fail because
/// of what staff wrote.
fn load_site(root: &Path, timings: &mut Timings) -> Result<(content::Site, Theme, Report)> {
    let started = Instant::now();
    let parsed = content::load::parse(root)?;
    timings.load = started.elapsed();

    let started = Instant::now();
    let (site, report) = content::load::validated(parsed)?;
    let theme = render::templates::load_theme(root, &site.config)?;
    timings.validate = started.elapsed();
    Ok((site, theme, report))
}

/// Renders the site, handing each output file to `emit`; the search index of a
/// year whose goals are unchanged is taken from `earlier` outputs.
fn render_each(
    site: &content::Site,
    theme: &Theme,
    base_url: Option<&str>,
    earlier: &[&dyn render::search::EarlierOutput],
    timings: &mut Timings,
    emit: &render::Emit,
) -> Result<(render::Counts, render::data::SectionPieces)> {
    let started = Instant::now();
    let base_url = base_url.unwrap_or(&site.config.base_url);
    let pieces = render::data::section_pieces(site);
    let counts = render::render(site, theme, base_url, &pieces, earlier, emit)?;
    for (path, bytes) in static_files(&site.root)? {
        emit(path, bytes)?;
    }
    timings.render = started.elapsed();
    Ok((counts, pieces))
}

/// Builds the site; the output folder is replaced only if everything succeeded,
/// and only if hyoka wrote it. Builds into the same output take turns.
/// Each file is written as soon as it is rendered, into a staging folder that
/// replaces the output at the end.
pub fn build(options: &BuildOptions) -> Result<BuildSummary> {
    let started = Instant::now();
    output::refuse_sources(&options.root, &options.output)?;
    let _lock = output::lock(&options.output, || {
        if let Some(on_wait) = options.on_wait {
            on_wait(&options.output);
        }
    })?;
    output::recover(&options.output)?;
    output::refuse_foreign(&options.output, options.force)?;
    let mut timings = Timings::default();
    let (site, theme, report) = load_site(&options.root, &mut timings)?;
    let mut rendered_at = started;
    let counts = output::replace_site(&options.output, |staging| {
        // The output being replaced is the last build; the staging folder, a
        // spare, the one before.
        let spare = staging.dir().to_path_buf();
        let counts = render_each(
            &site,
            &theme,
            options.base_url.as_deref(),
            &[
                &options.output as &dyn render::search::EarlierOutput,
                &spare,
            ],
            &mut timings,
            &|path, bytes| staging.write(&path, &bytes),
        );
        rendered_at = Instant::now();
        counts.map(|(counts, _)| counts)
    })?;
    timings.write = rendered_at.elapsed();
    Ok(BuildSummary {
        output: options.output.clone(),
        pages: counts.pages,
        charts: counts.charts,
        elapsed: started.elapsed(),
        timings,
        report,
    })
}

/// The site's own `static/` folder, copied as it is.
fn static_files(root: &Path) -> Result<BTreeMap<String, Vec<u8>>> {
    content::files::read_folder(root, &root.join("static"), content::files::MAX_ASSET_BYTES)
        .map_err(Error::Content)
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
