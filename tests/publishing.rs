//! What publishing the site relies on: a 404 page that works at any depth,
//! byte-for-byte repeatable output, and structure the accessibility rules need.

mod common;

use std::path::Path;

use common::{SUB_PATH_BASE, build, files, fixture, repo_root, select, select_in, squash, text_of};
use scraper::Html;

fn build_with_base(root: &Path, base_url: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    hyoka::build(&hyoka::BuildOptions {
        root: root.to_path_buf(),
        output: out.clone(),
        base_url: Some(base_url.to_owned()),
        ..Default::default()
    })
    .unwrap();
    (dir, out)
}

fn links(page: &Html) -> Vec<String> {
    select(page, "a[href], link[rel=stylesheet], link[rel=icon]")
        .iter()
        .map(|e| e.value().attr("href").unwrap().to_owned())
        .filter(|href| !href.starts_with('#'))
        .collect()
}

/// Links that lead into the site: not the footer's phone, e-mail and city's site.
fn site_links(page: &Html) -> Vec<String> {
    links(page)
        .into_iter()
        .filter(|h| !h.starts_with("tel:") && !h.starts_with("mailto:"))
        .filter(|h| h != "https://example.jp/city/")
        .collect()
}

#[test]
fn the_404_page_links_from_base_urls_path_because_it_is_served_at_any_depth() {
    let site = build(&fixture("two-years"));
    let page = site.html("404.html");
    let hrefs = site_links(&page);
    assert!(hrefs.len() > 5);
    // The path without the host: the style and links work on a staging host too.
    let path = SUB_PATH_BASE.trim_start_matches("https://www.city.example.jp");
    assert_eq!(path, "/shisei/hyoka/");
    for href in &hrefs {
        assert!(href.starts_with(path), "{href}");
    }
    assert!(select(&page, "link[rel=canonical]").is_empty());
    assert_eq!(select(&page, "meta[name=robots]").len(), 1);
    // Other pages stay relative, so the site works under any sub-path and from disk.
    assert!(
        site_links(&site.html("2023/madoguchi.html"))
            .iter()
            .all(|h| !h.contains("://"))
    );

    let (_dir, out) = build_with_base(&fixture("two-years"), "/shisei/hyoka");
    let page = Html::parse_document(&std::fs::read_to_string(out.join("404.html")).unwrap());
    for href in site_links(&page) {
        assert!(href.starts_with("/shisei/hyoka/"), "root-relative: {href}");
    }
}

#[test]
fn two_builds_write_the_same_bytes_search_index_included() {
    let first = build(&repo_root());
    let second = build(&repo_root());
    let (a, b) = (files(&first.out), files(&second.out));
    assert!(a.keys().any(|p| p.starts_with("pagefind/2023/index/")));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs between builds");
    }
}

/// The key numbers never hide in a box that must be swiped: no table of the default theme
/// scrolls in its own box, and every table says what it holds in its caption.
#[test]
fn tables_have_captions_and_no_scroll_box() {
    let site = build(&repo_root());
    let mut tables = 0;
    for path in site.html_files() {
        let page = site.html(&path);
        assert!(select(&page, ".table-scroll").is_empty(), "{path}");
        for table in select(&page, "table") {
            tables += 1;
            assert_eq!(select_in(&table, "caption").len(), 1, "{path}");
        }
    }
    assert!(tables > 20);
}

#[test]
fn every_chart_links_to_its_data_as_csv() {
    let site = build(&repo_root());
    let mut charts = 0;
    for path in site.html_files() {
        let page = site.html(&path);
        for figure in select(&page, "figure.chart") {
            charts += 1;
            let figure = Html::parse_fragment(&figure.html());
            let csv: Vec<String> = select(&figure, "figcaption a")
                .iter()
                .filter_map(|a| a.value().attr("href"))
                .filter(|href| href.ends_with(".csv"))
                .map(str::to_owned)
                .collect();
            assert_eq!(csv.len(), 1, "{path}: one CSV link under each chart");
            let target = Path::new(&path).parent().unwrap().join(&csv[0]);
            assert!(site.out.join(target).exists(), "{path}: {}", csv[0]);
        }
    }
    assert!(charts >= 3, "{charts} charts");
}

#[test]
fn every_page_has_one_h1_first_and_no_skipped_heading_level() {
    let site = build(&repo_root());
    let headings = scraper::Selector::parse("h1, h2, h3, h4, h5, h6").unwrap();
    for path in site.html_files() {
        let page = site.html(&path);
        let levels: Vec<u32> = page
            .select(&headings)
            .map(|h| h.value().name()[1..].parse().unwrap())
            .collect();
        assert_eq!(levels.first(), Some(&1), "{path}: the h1 comes first");
        assert_eq!(levels.iter().filter(|&&l| l == 1).count(), 1, "{path}");
        for pair in levels.windows(2) {
            assert!(
                pair[1] <= pair[0] + 1,
                "{path}: h{} after h{}",
                pair[1],
                pair[0]
            );
        }
    }
}

#[test]
fn a_build_whose_reader_has_gone_still_succeeds_quietly() {
    // `hyoka build | head -0`: the pipe closes before the summary line is written.
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("hyoka"))
        .args(["build", "--root"])
        .arg(fixture("two-years"))
        .arg("--output")
        .arg(dir.path().join("public"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(dir.path().join("public/index.html").exists());
}

/// The signals of an official report, from site.yaml: 問い合わせ先 (a section's own where it
/// names one), 公開日 and 更新日, the city's site, the data's licence (on the data page and
/// in goals.json), and a description of every page for search engines.
#[test]
fn official_report_signals_come_from_site_yaml_and_the_section() {
    let site = build(&fixture("two-years"));
    let footer = |path: &str| squash(&text_of(&select(&site.html(path), "footer")[0]));
    let home = footer("index.html");
    for expected in [
        "問い合わせ先",
        "テスト部 総務課",
        "電話：000-000-0000",
        "メール：soumu@example.jp",
        "〒000-0000 試験市本町1-1",
        "公開日：2024年6月28日",
        "更新日：2024年7月10日",
        "試験市のホームページ",
    ] {
        assert!(home.contains(&squash(expected)), "{expected} in {home}");
    }
    let own = footer("2023/soudan.html");
    assert!(
        own.contains("テスト部相談課") && own.contains("000-000-0001"),
        "{own}"
    );
    assert!(
        !own.contains("総務課"),
        "the section's own contact replaces the site's"
    );
    let data = site.html("data/index.html");
    let license = select(&data, ".license a");
    assert_eq!(squash(&text_of(&license[0])), "CCBY4.0");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.out.join("data/goals.json")).unwrap()).unwrap();
    assert_eq!(json["license"]["name"], "CC BY 4.0");
    for path in site.html_files() {
        let page = site.html(&path);
        let description = select(&page, "meta[name=description]");
        assert_eq!(description.len(), 1, "{path}");
        assert!(
            description[0].value().attr("content").unwrap().len() > 20,
            "{path}"
        );
    }
}
