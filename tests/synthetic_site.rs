//! The synthetic sites the benchmark builds, and the build paths it measures.

mod common;

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use common::{build, files, repo_root};

fn generate(sections: usize, out: &Path) {
    Command::cargo_bin("hyoka-bench")
        .unwrap()
        .args(["gen", "--sections", &sections.to_string(), "--sample"])
        .arg(repo_root())
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}

#[test]
fn a_generated_site_is_the_same_every_time_and_checks_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("a"), dir.path().join("b"));
    generate(40, &first);
    generate(40, &second);
    assert_eq!(files(&first), files(&second));

    let report = hyoka::check(&first).unwrap();
    let warnings: Vec<String> = report.warnings().map(ToString::to_string).collect();
    assert!(warnings.is_empty(), "{warnings:#?}");
    let years: Vec<usize> = (2014..=2023)
        .map(|year| {
            fs::read_dir(first.join(format!("content/{year}")))
                .unwrap()
                .count()
        })
        .collect();
    assert_eq!(years, vec![4; 10], "40 sections over ten fiscal years");
}

#[test]
fn each_kpi_page_links_to_the_goal_that_uses_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    generate(12, &root);
    let site = build(&root);
    for n in 1..=12 {
        let page = site.text(&format!("kpi/kpi-{n:05}.html"));
        assert!(
            // Two sections a year from FY2014: twelve sections over ten years.
            page.contains(&format!(
                "{}/section-{:05}.html#goal-1",
                2014 + (n - 1) / 2,
                (n - 1) % 2 + 1
            )),
            "kpi-{n:05} does not link to its goal"
        );
    }
}

#[test]
fn the_built_folder_holds_exactly_the_site_rendered_in_memory() {
    let root = repo_root();
    let site = build(&root);
    let (rendered, _) =
        hyoka::render_site(&root, Some(common::SUB_PATH_BASE)).expect("the example renders");
    let mut built = files(&site.out);
    // The build marks the folder as hyoka's; the site itself is the same.
    assert!(built.remove(hyoka::output::MARKER).is_some());
    let differing: Vec<&String> = built
        .keys()
        .chain(rendered.files.keys())
        .filter(|path| built.get(*path) != rendered.files.get(*path))
        .collect();
    assert!(differing.is_empty(), "differ: {differing:?}");
}

#[test]
fn build_reports_the_time_of_each_stage() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::cargo_bin("hyoka")
        .unwrap()
        .arg("build")
        .arg("--root")
        .arg(repo_root())
        .arg("--output")
        .arg(dir.path().join("public"))
        .arg("--timings")
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let line = stdout
        .lines()
        .find(|line| line.starts_with("timings:"))
        .unwrap_or_else(|| panic!("no timings in {stdout}"));
    for stage in ["load", "validate", "render", "write"] {
        assert!(line.contains(&format!("{stage} ")), "{line}");
    }
}
