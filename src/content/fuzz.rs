//! What must hold for any input whatsoever, checked by the fuzz target
//! (fuzz/) and by the bounded mutation test of the normal test suite.

use serde::de::DeserializeOwned;

use super::load::decode;
use super::locate::fill_positions;
use super::model::{KpiSeries, Plan, SectionFile};
use super::yaml::parse_record;
use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Report};

const FILE: &str = "content/2023/fuzz.yaml";

/// Reads the bytes as every kind of file a site holds. Panics, with the
/// problem, if the loader panics or reports a problem without a line.
pub fn check_bytes(bytes: &[u8]) {
    match decode(FILE, bytes.to_vec()) {
        Ok(text) => check_text(&text),
        Err(diagnostic) => assert_located(&diagnostic),
    }
}

pub fn check_text(text: &str) {
    parse_as::<SectionFile>(text);
    parse_as::<KpiSeries>(text);
    parse_as::<Plan>(text);
    parse_as::<SiteConfig>(text);
}

fn parse_as<T: DeserializeOwned>(text: &str) {
    if let Err(diagnostic) = parse_record::<T>(FILE, text) {
        let mut report = Report::default();
        report.add_source(FILE, text.into());
        report.push(diagnostic);
        fill_positions(&mut report);
        report.diagnostics.iter().for_each(assert_located);
    }
}

fn assert_located(diagnostic: &Diagnostic) {
    assert!(
        diagnostic.file == FILE && diagnostic.line > 0 && diagnostic.column > 0,
        "a problem without a place: {diagnostic:?}"
    );
}
