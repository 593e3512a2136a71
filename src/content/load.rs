//! Walks a site folder and parses every YAML file into the model.
//!
//! Parsing never stops at the first bad file: each file's problem becomes a
//! diagnostic and the walk goes on, so staff see every mistake in one run.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use super::model::{DepartmentFile, KpiSeries, Plan, SectionFile};
use super::{files, locate, recover, site_config, validate};
use crate::config::SiteConfig;
use crate::diagnostic::{Code, Diagnostic, Report, display_path};
use crate::error::{Error, Result};

/// Content files larger than this are refused: no real report comes near it,
/// and a generator fed a huge file should say so rather than stall.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// Everything a site is made of, parsed and checked.
#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    /// Sections of each fiscal year, by department in the city's order, then in their `order`.
    pub years: BTreeMap<u16, Vec<Section>>,
    pub plans: BTreeMap<String, Plan>,
    pub kpis: BTreeMap<String, KpiSeries>,
    /// What a department states for a fiscal year, by year and department (none on
    /// a site of one department), when it has a department file.
    pub departments: BTreeMap<(u16, Option<String>), Department>,
}

/// The name of the file in a year's folder that holds the department's own
/// statement. Its `_` keeps it apart from section ids, which cannot have one.
pub const DEPARTMENT_FILE: &str = "_department.yaml";

#[derive(Debug, Clone)]
pub struct Department {
    /// Its id on a site of several departments.
    pub department: Option<String>,
    /// Path of the file relative to the root, for messages.
    pub file: String,
    pub data: DepartmentFile,
}

#[derive(Debug, Clone)]
pub struct Section {
    /// The file stem: the section's URL and its link across years.
    pub id: String,
    /// The department whose folder holds the file, on a site of several departments.
    pub department: Option<String>,
    /// Path of the file relative to the root, for messages.
    pub file: String,
    pub data: SectionFile,
}

impl Section {
    /// The section's name where its department is not already said: on a site
    /// of several departments two of them may each have a 総務課.
    pub fn full_name(&self, config: &SiteConfig) -> String {
        match &self.department {
            Some(id) => format!("{} {}", config.department_name(Some(id)), self.data.name),
            None => self.data.name.clone(),
        }
    }
}

impl Site {
    pub fn latest_year(&self) -> Option<u16> {
        self.years.keys().next_back().copied()
    }

    /// Whether any indicator states a value at the mid-year check: a city
    /// that holds none has no mid-year column to show.
    pub fn has_midyear_values(&self) -> bool {
        self.years
            .values()
            .flatten()
            .flat_map(|section| &section.data.goals)
            .flat_map(|goal| &goal.indicators)
            .any(|indicator| indicator.midyear.is_some() || indicator.midyear_note.is_some())
    }
}

/// Reads and validates the site under `root`. Warnings come back with the
/// site; any error fails the whole load with every problem found.
pub fn load(root: &Path) -> Result<(Site, Report)> {
    validated(parse(root)?)
}

/// A site whose files are parsed but not yet checked against each other.
pub struct Parsed {
    pub site: Site,
    /// Problems found so far.
    pub report: Report,
    unreadable: validate::Unreadable,
}

/// Parses every file of the site, without the checks across files. Fails
/// only when there is no usable site.yaml.
pub fn parse(root: &Path) -> Result<Parsed> {
    parse_sources(root).map(Sources::into_parsed)
}

/// A parsed site that keeps each file's problems apart, so that a preview can
/// parse one section file again and swap it in without reading the others.
pub struct Sources {
    pub site: Site,
    /// Problems of site.yaml and of the walk over content/.
    general: Report,
    /// Each content file's own problems, with its text, by path.
    files: BTreeMap<PathBuf, Report>,
    unreadable: validate::Unreadable,
}

/// Parses every file of the site, keeping each file's problems apart. Fails
/// only when there is no usable site.yaml.
pub fn parse_sources(root: &Path) -> Result<Sources> {
    let mut general = Report::default();
    let config_path = root.join("site.yaml");
    if fs::symlink_metadata(&config_path).is_err() {
        return Err(Error::Usage(format!(
            "{} has no site.yaml: is it a hyoka site? (`hyoka init DIR` creates one)",
            root.display()
        )));
    }
    let config: Option<SiteConfig> =
        // A site.yaml with stand-ins would make every content file's grades
        // and marks look wrong: its own problems are reported, and no more.
        read_file(root, &config_path, &mut general)
            .and_then(|(config, clean)| clean.then_some(config))
            .map(|mut config: SiteConfig| {
                site_config::localize(&mut config, &mut general);
                config
            });

    let department_ids: BTreeSet<String> = config
        .iter()
        .flat_map(|c| &c.departments)
        .map(|d| d.id.clone())
        .collect();
    let paths = content_files(root, &department_ids, &mut general);
    // Files are independent of each other: parse them on every core, then
    // gather them in file order so that the site and its report stay the same.
    let parsed: Vec<(Option<ContentFile>, Report)> = paths
        .par_iter()
        .map(|path| {
            let mut file_report = Report::default();
            let content = parse_content_file(root, path, &mut file_report);
            (content, file_report)
        })
        .collect();
    let mut years: BTreeMap<u16, Vec<Section>> = BTreeMap::new();
    let mut plans = BTreeMap::new();
    let mut kpis = BTreeMap::new();
    let mut departments = BTreeMap::new();
    let mut unreadable = validate::Unreadable::default();
    let mut files = BTreeMap::new();
    for (path, (content, file_report)) in paths.into_iter().zip(parsed) {
        files.insert(path, file_report);
        match content {
            Some(ContentFile::Plan(id, plan)) => {
                if !plan.as_ref().is_some_and(|(_, clean)| *clean) {
                    unreadable.plans.insert(id.clone());
                }
                if let Some((plan, _)) = plan {
                    plans.insert(id, plan);
                }
            }
            Some(ContentFile::Kpi(id, series)) => {
                if !series.as_ref().is_some_and(|(_, clean)| *clean) {
                    unreadable.kpis.insert(id.clone());
                }
                if let Some((series, _)) = series {
                    kpis.insert(id, series);
                }
            }
            Some(ContentFile::Section(year, section)) => {
                years.entry(year).or_default().push(section);
            }
            Some(ContentFile::Department(year, department)) => {
                departments.insert((year, department.department.clone()), department);
            }
            None => {}
        }
    }
    let Some(config) = config else {
        let mut report = general;
        for file_report in files.into_values() {
            report.merge(file_report);
        }
        locate::fill_positions(&mut report);
        report.sort();
        return Err(Error::Content(report));
    };
    for sections in years.values_mut() {
        sort_sections(&config, sections);
    }
    let site = Site {
        root: root.to_path_buf(),
        config,
        years,
        plans,
        kpis,
        departments,
    };
    Ok(Sources {
        site,
        general,
        files,
        unreadable,
    })
}

fn sort_sections(config: &SiteConfig, sections: &mut [Section]) {
    sections.sort_by_cached_key(|s| {
        (
            config.department_position(s.department.as_deref()),
            s.data.order,
            s.id.clone(),
        )
    });
}

impl Sources {
    fn into_parsed(self) -> Parsed {
        let mut report = self.general;
        for file_report in self.files.into_values() {
            report.merge(file_report);
        }
        Parsed {
            site: self.site,
            report,
            unreadable: self.unreadable,
        }
    }

    /// The checks across files on the site as it stands, with every file's own
    /// problems: the report `validated` would give, or the error it would fail with.
    pub fn check(&self) -> Result<Report> {
        let mut report = self.general.clone();
        for file_report in self.files.values() {
            report.merge(file_report.clone());
        }
        finish(&self.site, &self.unreadable, report)
    }

    /// The fiscal year and id of the section file at `path`, if it is one the site has.
    pub fn section_at(&self, path: &Path) -> Option<(u16, String)> {
        let year = section_year(path)?;
        let id = path.file_stem()?.to_string_lossy().into_owned();
        let sections = self.site.years.get(&year)?;
        let known = sections
            .iter()
            .any(|s| s.id == id && s.department.is_none());
        (self.files.contains_key(path) && known).then_some((year, id))
    }

    /// Whether `path` is part of the site: a file it parsed, or one it reported on.
    pub fn knows(&self, path: &Path) -> bool {
        let file = display_path(&self.site.root, path);
        self.files.contains_key(path) || self.general.diagnostics.iter().any(|d| d.file == file)
    }

    /// Puts `section` (none when its file did not parse) and its file's problems in
    /// place of the section `id` of `year`, keeping the year's order; gives back what
    /// was there, to swap back.
    pub fn swap_section(
        &mut self,
        path: &Path,
        year: u16,
        id: &str,
        section: Option<Section>,
        report: Report,
    ) -> (Option<Section>, Report) {
        let old_report = self
            .files
            .insert(path.to_path_buf(), report)
            .unwrap_or_default();
        let sections = self.site.years.entry(year).or_default();
        let old = sections
            .iter()
            .position(|s| s.id == id)
            .map(|at| sections.remove(at));
        if let Some(section) = section {
            sections.push(section);
            sort_sections(&self.site.config, sections);
        }
        // A year without a section that parsed is not part of the site.
        if sections.is_empty() {
            self.site.years.remove(&year);
        }
        (old, old_report)
    }
}

/// Parses one section file as a full parse would: the section, if it parsed,
/// and the file's own problems.
pub fn parse_section(root: &Path, path: &Path) -> (Option<Section>, Report) {
    let mut report = Report::default();
    let section = match parse_content_file(root, path, &mut report) {
        Some(ContentFile::Section(_, section)) => Some(section),
        _ => None,
    };
    (section, report)
}

/// The fiscal year whose folder holds `path`, if it is a YAML file in one.
fn section_year(path: &Path) -> Option<u16> {
    let is_yaml = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    );
    let folder = path.parent()?.file_name()?.to_str()?;
    let in_content = path.parent()?.parent()?.file_name()? == "content";
    year_folder(folder).filter(|_| is_yaml && in_content)
}

/// Runs the checks across files on a parsed site: the site comes back only
/// if neither parsing nor checking found an error.
pub fn validated(parsed: Parsed) -> Result<(Site, Report)> {
    let Parsed {
        site,
        report,
        unreadable,
    } = parsed;
    let report = finish(&site, &unreadable, report)?;
    Ok((site, report))
}

/// Adds the checks across files to the problems found while parsing, in the
/// order they are shown; an error fails with the whole report.
fn finish(site: &Site, unreadable: &validate::Unreadable, mut report: Report) -> Result<Report> {
    let parsed = report.diagnostics.len();
    validate::validate(site, unreadable, &mut report);
    forget_stand_ins(&mut report, parsed);
    locate::fill_positions(&mut report);
    report.sort();
    report.keep_cited_sources();
    if report.has_errors() {
        Err(Error::Content(report))
    } else {
        Ok(report)
    }
}

/// The checks after parsing, from the `checked`-th diagnostic on, know
/// nothing of stand-ins: what they found in one is not staff's mistake, and
/// positions in a file read with stand-ins are those of the stand-ins' text,
/// to be found again in what staff wrote.
fn forget_stand_ins(report: &mut Report, checked: usize) {
    let found = report.diagnostics.split_off(checked);
    for mut diagnostic in found {
        if let Some(set_aside) = report.set_aside.get(&diagnostic.file) {
            if recover::is_set_aside(set_aside, diagnostic.field.as_deref().unwrap_or("")) {
                continue;
            }
            diagnostic = diagnostic.at(0, 0);
        }
        report.push(diagnostic);
    }
}

/// One file of `content/`: what it holds, and whether it parsed as written
/// (`true`) or only with stand-ins for what could not be read. A plan or KPI
/// series that did not parse as written is kept by its id, so that references
/// to it are not reported as missing, nor checked against its stand-ins.
enum ContentFile {
    Plan(String, Option<(Plan, bool)>),
    Kpi(String, Option<(KpiSeries, bool)>),
    Section(u16, Section),
    Department(u16, Department),
}

/// Parses one file of `content/` into what its folder says it holds.
fn parse_content_file(root: &Path, path: &Path, report: &mut Report) -> Option<ContentFile> {
    let file = display_path(root, path);
    let folder = path
        .parent()
        .and_then(Path::file_name)
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let year = year_folder(&folder);
    // `content/<department>/<year>/`: the walk only goes that deep in a declared department.
    let department = path
        .parent()
        .and_then(Path::parent)
        .filter(|above| *above != root.join("content"))
        .and_then(Path::file_name)
        .map(|name| name.to_string_lossy().into_owned());
    if let Some(year) = year
        && path.file_name().is_some_and(|name| name == DEPARTMENT_FILE)
    {
        return read_file(root, path, report).map(|(data, _)| {
            ContentFile::Department(
                year,
                Department {
                    department,
                    file,
                    data,
                },
            )
        });
    }
    let stem = file_id(path, &file, report)?;
    match (folder.as_str(), year) {
        ("plans", _) => Some(ContentFile::Plan(stem, read_file(root, path, report))),
        ("kpis", _) => Some(ContentFile::Kpi(stem, read_file(root, path, report))),
        (_, Some(year)) => read_file(root, path, report).map(|(data, _)| {
            ContentFile::Section(
                year,
                Section {
                    id: stem,
                    department,
                    file,
                    data,
                },
            )
        }),
        _ => {
            report.push(
                Diagnostic::new(Code::UnknownFolder, file, format!("content/{folder}/ is not a folder hyoka reads"))
                    .help("put sections in content/<fiscal year>/, plans in content/plans/ and KPI series in content/kpis/"),
            );
            None
        }
    }
}

/// The fiscal year a folder of `content/` is named after, if it is one.
fn year_folder(folder: &str) -> Option<u16> {
    (folder.len() == 4 && folder.bytes().all(|b| b.is_ascii_digit()))
        .then(|| folder.parse().ok())
        .flatten()
}

/// The YAML files under `content/`, in a stable order. A declared department's
/// folder holds its fiscal years as `content/` itself does.
fn content_files(root: &Path, departments: &BTreeSet<String>, report: &mut Report) -> Vec<PathBuf> {
    let content = root.join("content");
    let mut files = Vec::new();
    if content.is_symlink() {
        report.push(files::symlink(root, &content, "content".to_owned()));
        return files;
    }
    for entry in WalkDir::new(&content).sort_by_file_name().min_depth(1) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| content.clone());
                report.push(Diagnostic::new(
                    Code::Unreadable,
                    display_path(root, &path),
                    format!("cannot read: {err}"),
                ));
                continue;
            }
        };
        let path = entry.path();
        let file = display_path(root, path);
        let department = path
            .strip_prefix(&content)
            .ok()
            .and_then(|inside| inside.components().next())
            .map(|first| first.as_os_str().to_string_lossy().into_owned())
            .filter(|first| departments.contains(first));
        let (depth, parent) = match &department {
            Some(id) => (entry.depth() - 1, format!("content/{id}/")),
            None => (entry.depth(), "content/".to_owned()),
        };
        if entry.path_is_symlink() {
            report.push(files::symlink(root, path, file));
            continue;
        }
        if !entry.file_type().is_dir() && !entry.file_type().is_file() {
            // Never opened, whatever its name: a pipe would hang the build.
            report.push(files::special_file(file, entry.file_type()));
            continue;
        }
        if entry.file_type().is_dir() {
            let name = entry.file_name().to_string_lossy();
            if depth > 1 {
                report.push(
                    Diagnostic::new(
                        Code::NestedFolder,
                        file,
                        "folders nested this deep are not read",
                    )
                    .help("content/ holds one level of folders: <fiscal year>/, plans/ and kpis/; \
                           a site of several departments lists them under `departments:` in site.yaml \
                           and holds content/<department>/<fiscal year>/"),
                );
            } else if depth == 1 && department.is_some() && year_folder(&name).is_none() {
                report.push(
                    Diagnostic::new(
                        Code::UnknownFolder,
                        file,
                        format!("{parent}{name}/ is not a folder hyoka reads"),
                    )
                    .help(format!("a department's folder holds one folder per fiscal year, e.g. {parent}2024/; plans/ and kpis/ stay in content/")),
                );
            }
            continue;
        }
        let is_yaml = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        );
        if depth == 1 {
            report.push(
                Diagnostic::new(
                    Code::LooseFile,
                    file,
                    format!("files directly under {parent} are not read"),
                )
                .help(format!(
                    "move it into {parent}<fiscal year>/, content/plans/ or content/kpis/"
                )),
            );
        } else if depth > 2 {
            // Its folder is reported already.
        } else if is_yaml {
            files.push(path.to_path_buf());
        } else if !file.ends_with(".md") && !entry.file_name().to_string_lossy().starts_with('.') {
            report.push(
                Diagnostic::new(Code::NotYaml, file, "not a YAML file: ignored")
                    .help("YAML files end in .yaml or .yml; remove the file if it is not needed"),
            );
        }
    }
    files
}

/// The file stem as an id, which becomes a URL: refuse anything that would
/// need escaping so links stay plain and portable.
fn file_id(path: &Path, file: &str, report: &mut Report) -> Option<String> {
    let stem = path.file_stem()?.to_string_lossy().into_owned();
    let valid = !stem.is_empty()
        && stem
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if valid {
        Some(stem)
    } else {
        report.push(
            Diagnostic::new(
                Code::BadFileName,
                file,
                format!("file name `{stem}` cannot be used as an id"),
            )
            .help(
                "name files with lower-case ASCII letters, digits and `-`, e.g. shimin-somu.yaml",
            ),
        );
        None
    }
}

/// Reads one YAML file, recording every problem in the report. What could
/// not be read is set aside: the file comes back with stand-ins for it, and
/// `false`, so that the checks across fields can still run on the rest.
fn read_file<T: DeserializeOwned>(
    root: &Path,
    path: &Path,
    report: &mut Report,
) -> Option<(T, bool)> {
    let file = display_path(root, path);
    let text = match read_text(root, path, &file) {
        Ok(text) => text,
        Err(diagnostic) => {
            report.push(diagnostic);
            return None;
        }
    };
    report.add_source(&file, text.clone());
    let recovered = recover::parse_all(&file, &text);
    let clean = recovered.diagnostics.is_empty();
    report.diagnostics.extend(recovered.diagnostics);
    if !clean {
        report.set_aside.insert(file, recovered.set_aside);
    }
    recovered.value.map(|value| (value, clean))
}

fn read_text(root: &Path, path: &Path, file: &str) -> std::result::Result<Arc<str>, Diagnostic> {
    decode(file, files::read_regular(root, path, MAX_FILE_BYTES)?)
}

/// The bytes as text, or where the first byte that is not UTF-8 sits.
pub(crate) fn decode(file: &str, bytes: Vec<u8>) -> std::result::Result<Arc<str>, Diagnostic> {
    match String::from_utf8(bytes) {
        // Without its byte-order mark, so that columns on line 1 count from
        // the first character staff see, as the parser counts them.
        Ok(text) => Ok(Arc::from(text.strip_prefix('\u{feff}').unwrap_or(&text))),
        Err(err) => {
            let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count()
                + 1;
            Err(
                Diagnostic::new(Code::NotUtf8, file, "the file is not valid UTF-8 text")
                    .at(line, column)
                    .help("save the file as UTF-8 (Shift_JIS is not supported)"),
            )
        }
    }
}
