//! A build replaces only what hyoka wrote, one build at a time: builds run
//! at once into one output take turns, a folder hyoka did not write is left
//! alone, and the output can never be one of the site's own folders.

mod common;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use common::{copy_tree, files, repo_root, wait_within};

/// Longest any one build here may take before the test calls it hung.
const HUNG: Duration = Duration::from_secs(300);

fn hyoka() -> Command {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("hyoka"));
    command.env("NO_COLOR", "1");
    command
}

fn build_command(root: &Path, out: &Path) -> Command {
    let mut command = hyoka();
    command
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(out);
    command
}

fn run(command: &mut Command) -> Output {
    finish(
        command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    )
}

/// Waits for a build, killing it and failing the test if it hangs.
fn finish(child: Child) -> Output {
    wait_within(child, HUNG, "a build")
}

/// The messages of a run, with the temp folder's path made stable.
fn shown(output: &Output, dir: &Path) -> String {
    String::from_utf8_lossy(&output.stderr).replace(&dir.display().to_string(), "<tmp>")
}

fn example_site(dir: &Path) -> PathBuf {
    let root = dir.join("example");
    copy_tree(&repo_root().join("content"), &root.join("content"));
    fs::copy(repo_root().join("site.yaml"), root.join("site.yaml")).unwrap();
    root
}

fn small_site(dir: &Path) -> PathBuf {
    let root = dir.join("small");
    hyoka::init(&root).unwrap();
    root
}

fn built(root: &Path, out: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let output = run(&mut build_command(root, out));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    files(out)
}

#[test]
fn builds_started_together_take_turns_and_leave_one_whole_site() {
    let dir = tempfile::tempdir().unwrap();
    let (large, small) = (example_site(dir.path()), small_site(dir.path()));
    let large_site = built(&large, &dir.path().join("large-reference"));
    let small_site = built(&small, &dir.path().join("small-reference"));
    let out = dir.path().join("public");
    for round in 0..3 {
        // The larger build first, so that the smaller one starts while it runs.
        let builds: Vec<Child> = [&large, &small, &large]
            .into_iter()
            .map(|root| {
                build_command(root, &out)
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for build in builds {
            let output = finish(build);
            assert!(
                output.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let published = files(&out);
        assert!(
            published == large_site || published == small_site,
            "round {round}: the output is neither site whole ({} files; the sites have {} and {})",
            published.len(),
            large_site.len(),
            small_site.len()
        );
    }
}

#[test]
fn a_build_waits_while_another_holds_the_output_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let root = small_site(dir.path());
    let out = dir.path().join("public");
    let lock = hyoka::output::lock(&out, || panic!("nothing else holds it")).unwrap();
    let mut child = build_command(&root, &out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let (said, heard) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut text = Vec::new();
        let mut byte = [0];
        while stderr.read(&mut byte).is_ok_and(|n| n == 1) {
            text.push(byte[0]);
            if byte[0] == b'\n' {
                let _ = said.send(String::from_utf8_lossy(&text).into_owned());
                text.clear();
            }
        }
    });
    let notice = heard.recv_timeout(HUNG).expect("the waiting build says so");
    insta::assert_snapshot!(notice.replace(&dir.path().display().to_string(), "<tmp>"));
    assert!(child.try_wait().unwrap().is_none(), "it waits");
    assert!(
        !out.exists(),
        "nothing is written while the other build holds the output"
    );
    drop(lock);
    let output = finish(child);
    assert!(output.status.success());
    assert!(out.join("index.html").is_file());
}

#[test]
fn a_lock_file_left_by_a_killed_build_does_not_block() {
    let dir = tempfile::tempdir().unwrap();
    let root = small_site(dir.path());
    let out = dir.path().join("public");
    fs::write(dir.path().join(".public.hyoka-lock"), "").unwrap();
    let mut killed = build_command(&root, &out)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    killed.kill().unwrap();
    killed.wait().unwrap();
    let output = run(&mut build_command(&root, &out));
    assert!(output.status.success());
    assert!(!shown(&output, dir.path()).contains("W009"));
}

#[test]
fn a_folder_hyoka_did_not_write_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let root = small_site(dir.path());
    let out = dir.path().join("public");
    fs::create_dir_all(out.join("photos")).unwrap();
    fs::write(out.join("photos/2023.jpg"), "not hyoka's").unwrap();
    fs::write(out.join("notes.txt"), "大切なメモ").unwrap();
    let before = files(&out);

    let output = run(&mut build_command(&root, &out));
    assert_eq!(output.status.code(), Some(2));
    insta::assert_snapshot!(shown(&output, dir.path()));
    assert!(files(&out) == before, "the folder is untouched");
    let beside: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public") && name != ".public.hyoka-lock")
        .collect();
    assert_eq!(beside, Vec::<String>::new(), "nothing is moved aside");

    let forced = run(build_command(&root, &out).arg("--force"));
    assert!(forced.status.success());
    assert!(out.join(hyoka::output::MARKER).is_file());
    assert!(!out.join("notes.txt").exists());
    // From now on the folder is hyoka's: no flag needed.
    assert!(run(&mut build_command(&root, &out)).status.success());
}

#[test]
fn an_empty_folder_is_used_and_a_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = small_site(dir.path());
    let out = dir.path().join("public");
    fs::create_dir(&out).unwrap();
    assert!(run(&mut build_command(&root, &out)).status.success());
    assert!(out.join("index.html").is_file());

    let file = dir.path().join("report.html");
    fs::write(&file, "published by hand").unwrap();
    let output = run(build_command(&root, &file).arg("--force"));
    assert_eq!(output.status.code(), Some(2));
    assert!(shown(&output, dir.path()).contains("[E501]"));
    assert_eq!(fs::read_to_string(&file).unwrap(), "published by hand");
}

#[test]
fn the_output_is_never_a_folder_of_the_sources() {
    let dir = tempfile::tempdir().unwrap();
    let root = small_site(dir.path());
    fs::create_dir_all(root.join("static")).unwrap();
    fs::write(root.join("static/logo.svg"), "<svg/>").unwrap();
    fs::create_dir_all(root.join("themes/city/templates")).unwrap();
    let sources = files(dir.path());
    let outputs = [
        root.clone(),
        root.join("content"),
        root.join("themes"),
        root.join("static"),
        dir.path().to_path_buf(),
        root.join("content/2023/out"),
        root.join("static/public"),
        root.join("public/../content"),
    ];
    for out in &outputs {
        for force in [false, true] {
            let mut command = build_command(&root, out);
            if force {
                command.arg("--force");
            }
            let output = run(&mut command);
            let text = shown(&output, dir.path());
            assert_eq!(
                output.status.code(),
                Some(2),
                "--output {}: {text}",
                out.display()
            );
            assert!(
                text.contains("[E502]"),
                "--output {}: {text}",
                out.display()
            );
        }
    }
    assert!(files(dir.path()) == sources, "no file of the site changed");
    let output = run(&mut build_command(&root, &root.join("content")));
    insta::assert_snapshot!(shown(&output, dir.path()));
}
