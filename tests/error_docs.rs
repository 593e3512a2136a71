//! docs/errors.md explains every code a message can carry, and nothing else.

mod common;

use std::fs;

use hyoka::diagnostic::Code;

#[test]
fn every_code_has_an_entry_and_every_entry_a_code() {
    let doc = fs::read_to_string(common::repo_root().join("docs/errors.md")).unwrap();
    let headings: Vec<&str> = doc
        .lines()
        .filter_map(|line| line.strip_prefix("### "))
        .collect();
    for code in Code::ALL {
        let heading = format!("{} — {}", code.id(), code.title());
        assert!(
            headings.contains(&heading.as_str()),
            "docs/errors.md has no `### {heading}`"
        );
    }
    for heading in &headings {
        let id = heading.split(' ').next().unwrap();
        assert!(
            Code::ALL.iter().any(|code| code.id() == id),
            "docs/errors.md explains `{id}`, which no message carries"
        );
    }
}

#[test]
fn every_code_is_given_somewhere() {
    let sources: String = walkdir::WalkDir::new(common::repo_root().join("src"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .filter(|e| !e.path().ends_with("diagnostic/code.rs"))
        .map(|e| fs::read_to_string(e.path()).unwrap())
        .collect();
    for code in Code::ALL {
        let name = format!("Code::{code:?}");
        assert!(
            sources.contains(&name),
            "{name} is never given to a message"
        );
    }
}
