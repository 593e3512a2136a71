//! A build that is killed, at any moment, leaves the published output as it
//! was; the next build tidies up whatever the killed one left beside it.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{files, repo_root};

/// The previous site, kept beside the output for the next build to write over.
const SPARE: &str = ".public.hyoka-spare";

/// The file whose lock builds into the same output take turns on; it stays.
const LOCK: &str = ".public.hyoka-lock";

/// Folders a build leaves beside the output while it works (the spare stays between builds).
fn leftovers(parent: &Path) -> Vec<String> {
    fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public.hyoka-") && name != SPARE && name != LOCK)
        .collect()
}

fn build_command(root: &Path, out: &Path) -> Command {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("hyoka"));
    command
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

fn build(root: &Path, out: &Path) {
    assert!(build_command(root, out).status().unwrap().success());
}

fn set_title(root: &Path, title: &str) {
    let config = fs::read_to_string(root.join("site.yaml")).unwrap();
    let config: String = config
        .lines()
        .map(|line| {
            if line.starts_with("title:") {
                format!("title: {title}\n")
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    fs::write(root.join("site.yaml"), config).unwrap();
}

#[derive(Debug)]
enum KillAt {
    /// This long after the start, while the pages are still being rendered.
    Elapsed(Duration),
    /// This long after the staging folder appeared.
    Writing(Duration),
}

#[test]
fn a_killed_build_leaves_the_previous_output_whole() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let generated = Command::new(assert_cmd::cargo::cargo_bin("hyoka-bench"))
        .args(["gen", "--sections", "120", "--out"])
        .arg(&root)
        .arg("--sample")
        .arg(repo_root())
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(generated.success());
    let out = dir.path().join("public");
    set_title(&root, "旧版");
    let started = Instant::now();
    build(&root, &out);
    let full = started.elapsed();
    assert!(
        files(&out).len() > 300,
        "a site large enough to kill mid-write"
    );

    let mut published = files(&out);
    let kill_points = [
        KillAt::Elapsed(full * 20 / 100),
        KillAt::Elapsed(full * 60 / 100),
        KillAt::Writing(Duration::ZERO),
        KillAt::Writing(Duration::from_millis(10)),
        KillAt::Writing(Duration::from_millis(40)),
    ];
    let mut killed_mid_write = 0;
    for (n, kill_at) in kill_points.iter().enumerate() {
        let title = format!("第{n}版");
        set_title(&root, &title);
        let mut child = build_command(&root, &out).spawn().unwrap();
        match kill_at {
            KillAt::Elapsed(delay) => std::thread::sleep(*delay),
            KillAt::Writing(delay) => {
                while leftovers(dir.path()).is_empty() && child.try_wait().unwrap().is_none() {
                    std::thread::sleep(Duration::from_millis(1));
                }
                std::thread::sleep(*delay);
            }
        }
        let writing = !leftovers(dir.path()).is_empty();
        let _ = child.kill();
        if child.wait().unwrap().success() {
            // It finished before the kill: its site is now the published one,
            // and must be whole.
            let home = fs::read_to_string(out.join("index.html")).unwrap();
            assert!(home.contains(&title), "a finished build published its site");
            published = files(&out);
            continue;
        }
        let now = files(&out);
        if now != published {
            // The kill can land after the swap but before the process exits: then the
            // new site must be published whole, exactly as a finished build makes it.
            let reference = dir.path().join("reference");
            assert!(build_command(&root, &reference).status().unwrap().success());
            assert!(
                now == files(&reference),
                "killed at {kill_at:?}: the output is neither the old site nor the new one"
            );
            fs::remove_dir_all(&reference).unwrap();
            published = now;
            continue;
        }
        killed_mid_write += usize::from(writing);
    }
    assert!(
        killed_mid_write > 0,
        "no kill landed while the site was being written"
    );

    set_title(&root, "最終版");
    build(&root, &out);
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("最終版"));
}

#[test]
fn a_build_killed_between_the_two_renames_is_recovered() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    hyoka::init(&root).unwrap();
    let out = dir.path().join("public");
    build(&root, &out);
    let published = files(&out);
    // The moment after the old output was moved aside and before the new one
    // took its place, with a half-written staging folder still there.
    fs::rename(&out, dir.path().join(".public.hyoka-retired-1")).unwrap();
    fs::create_dir_all(dir.path().join(".public.hyoka-staging-1/2023")).unwrap();

    // Even a build that then fails puts the published site back.
    fs::write(root.join("content/2023/broken.yaml"), "fiscal_year: [\n").unwrap();
    assert!(!build_command(&root, &out).status().unwrap().success());
    assert!(files(&out) == published, "the published site is back");
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

#[test]
fn a_build_written_over_the_spare_equals_a_fresh_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::copy_tree(&repo_root().join("content"), &root.join("content"));
    fs::copy(repo_root().join("site.yaml"), root.join("site.yaml")).unwrap();
    let out = dir.path().join("public");
    set_title(&root, "初版");
    build(&root, &out);
    set_title(&root, "第二版");
    build(&root, &out);
    let spare = dir.path().join(SPARE);
    assert!(
        fs::read_to_string(spare.join("index.html"))
            .unwrap()
            .contains("初版"),
        "the replaced site is kept as the spare"
    );
    // What the next build must clear away: a page whose section is gone, a
    // stray file, and a file and a folder standing where the other belongs.
    let gone = "content/2023/sakai.yaml";
    assert!(root.join(gone).exists());
    fs::remove_file(root.join(gone)).unwrap();
    fs::write(spare.join("stray.txt"), "x").unwrap();
    fs::remove_dir_all(spare.join("kpi")).unwrap();
    fs::write(spare.join("kpi"), "a file where a folder belongs").unwrap();
    fs::remove_file(spare.join("scale.html")).unwrap();
    fs::create_dir_all(spare.join("scale.html/inside")).unwrap();
    set_title(&root, "第三版");
    build(&root, &out);

    let fresh = dir.path().join("fresh");
    build(&root, &fresh);
    let (built, expected) = (files(&out), files(&fresh));
    assert!(built.keys().all(|path| !path.contains("sakai")));
    assert_eq!(
        built.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    assert!(built == expected, "the output differs from a fresh build");
    assert!(
        fs::read_to_string(spare.join("index.html"))
            .unwrap()
            .contains("第二版"),
        "the spare is the site just replaced"
    );
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}
