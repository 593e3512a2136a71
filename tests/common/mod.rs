//! Helpers shared by the integration tests: build a site into a temp folder and read its pages.
#![allow(dead_code)]

pub mod http;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Output};
use std::time::{Duration, Instant};

use scraper::{Html, Selector};
use tempfile::TempDir;

pub const SUB_PATH_BASE: &str = "https://www.city.example.jp/shisei/hyoka/";

/// Words of the example city's sheet (and of the theme's defaults for it) that a city
/// whose sheet has no such field or block must never see on its pages.
pub const EXAMPLE_WORDING: [&str; 8] = [
    "町田",
    "市民部",
    "課の使命",
    "順位",
    "進捗状況",
    "記載なし",
    "大きいほど良い",
    "中間時点",
];

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

pub struct Built {
    _dir: TempDir,
    pub out: PathBuf,
}

impl Built {
    pub fn html(&self, path: &str) -> Html {
        let text =
            fs::read_to_string(self.out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        Html::parse_document(&text)
    }

    pub fn text(&self, path: &str) -> String {
        fs::read_to_string(self.out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// Every HTML file of the output, as `/`-separated paths.
    pub fn html_files(&self) -> Vec<String> {
        walkdir::WalkDir::new(&self.out)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .map(|e| hyoka::diagnostic::display_path(&self.out, e.path()))
            .collect()
    }
}

/// Builds the site at `root` into a fresh temp folder with a sub-path base URL.
pub fn build(root: &Path) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let result = hyoka::build(&hyoka::BuildOptions {
        root: root.to_path_buf(),
        output: out.clone(),
        base_url: Some(SUB_PATH_BASE.to_owned()),
        ..Default::default()
    });
    if let Err(hyoka::Error::Content(report)) = &result {
        let lines: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
        panic!("build failed:\n{}", lines.join("\n"));
    }
    result.unwrap_or_else(|e| panic!("build failed: {e}"));
    Built { _dir: dir, out }
}

pub fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap();
    html.select(&selector).collect()
}

/// Elements matching `css` inside `element` (parsing its HTML again would drop table rows).
pub fn select_in<'a>(element: &scraper::ElementRef<'a>, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap();
    element.select(&selector).collect()
}

pub fn text_of(element: &scraper::ElementRef) -> String {
    element.text().collect::<String>()
}

/// Whitespace-free text, for comparing prose regardless of line breaks.
pub fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Copies a folder's files into `to`, creating its folders.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, by `/`-separated path, with its bytes.
pub fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = hyoka::diagnostic::display_path(dir, e.path());
            (path, fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Waits for a child process, killing it and failing the test once it has run
/// longer than `limit`: a hang is reported, never waited out.
pub fn wait_within(mut child: Child, limit: Duration, what: &str) -> Output {
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("{what} ran for over {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}
