//! Writing the imported sections as YAML files the loader reads back unchanged.

use std::fs;
use std::path::Path;

use super::columns::Names;
use super::{Draft, ImportedSection};
use crate::content::model::SectionFile;
use crate::content::yaml::parse_record;
use crate::error::{Error, Result};

const NOTE_MARK: &str = "# hyoka import: not placed:";

/// Writes one file per section; refuses, writing nothing, if any exists and `force` is off.
pub(super) fn write_sections(
    out: &Path,
    drafts: &[Draft],
    names: &Names,
    force: bool,
) -> Result<Vec<ImportedSection>> {
    let mut files = Vec::new();
    for draft in drafts {
        let id = section_id(draft, names)?;
        if files.iter().any(|(other, _)| *other == id) {
            return Err(Error::Usage(format!(
                "two sections of the sheet would both be written to {id}.yaml (the second starts at row {}): give them different ids in the mapping file",
                draft.row
            )));
        }
        files.push((id, draft));
    }
    if !force {
        let existing: Vec<String> = files
            .iter()
            .map(|(id, _)| out.join(format!("{id}.yaml")))
            .filter(|path| path.exists())
            .map(|path| path.display().to_string())
            .collect();
        if !existing.is_empty() {
            return Err(Error::Usage(format!(
                "these files exist and would be overwritten: {}; nothing was written (use --force to overwrite them)",
                existing.join(", ")
            )));
        }
    }
    let texts = files
        .iter()
        .map(|(id, draft)| Ok((out.join(format!("{id}.yaml")), to_yaml(draft)?)))
        .collect::<Result<Vec<_>>>()?;
    fs::create_dir_all(out).map_err(|err| Error::io("create", out, err))?;
    let mut written = Vec::new();
    for ((path, text), (_, draft)) in texts.into_iter().zip(&files) {
        fs::write(&path, text).map_err(|err| Error::io("write", &path, err))?;
        written.push(ImportedSection {
            path,
            name: draft.name.clone(),
            goals: draft.section.goals.len(),
            indicators: draft.section.goals.iter().map(|g| g.indicators.len()).sum(),
        });
    }
    Ok(written)
}

/// The mapping file's id for the section name, else `section-01`, `section-02` … by order:
/// ids must be ASCII and romanizing names is guesswork.
fn section_id(draft: &Draft, names: &Names) -> Result<String> {
    let Some(id) = names.section_ids.get(&draft.name) else {
        return Ok(format!("section-{:02}", draft.section.order));
    };
    let valid = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if valid {
        Ok(id.clone())
    } else {
        Err(Error::Usage(format!(
            "the mapping file gives section 「{}」 the id `{id}`: ids use lower-case ASCII letters, digits and `-`",
            draft.name
        )))
    }
}

/// The section as YAML with its unplaced notes as comments; checked to read back as the
/// same section, so no text changes on the way through the file.
fn to_yaml(draft: &Draft) -> Result<String> {
    let options = serde_saphyr::ser_options! { compact_list_indent: false };
    let serialize = |section: &SectionFile| {
        serde_saphyr::to_string_with_options(section, options.clone())
            .map_err(|err| Error::Usage(format!("cannot write section {}: {err}", draft.name)))
    };
    let yaml = serialize(&draft.section)?;
    let reread: SectionFile = parse_record(&draft.name, &yaml).map_err(|diagnostic| {
        Error::Usage(format!(
            "section {} does not read back from YAML: {diagnostic}",
            draft.name
        ))
    })?;
    if serialize(&reread)? != yaml {
        return Err(Error::Usage(format!(
            "section {} reads back from YAML with different text",
            draft.name
        )));
    }
    Ok(with_notes(&yaml, draft))
}

/// Puts each note above the goal it belongs to (section notes at the top).
fn with_notes(yaml: &str, draft: &Draft) -> String {
    let comment = |text: &str, indent: &str| -> String {
        let mut lines = String::new();
        for (index, line) in text.lines().enumerate() {
            let lead = if index == 0 { NOTE_MARK } else { "#  " };
            lines.push_str(&format!("{indent}{lead} {line}\n"));
        }
        lines
    };
    let mut out = String::new();
    for (goal, text) in &draft.notes {
        if goal.is_none() {
            out.push_str(&comment(text, ""));
        }
    }
    for line in yaml.lines() {
        if let Some(rank) = line
            .strip_prefix("  - rank: ")
            .and_then(|r| r.trim().parse::<u32>().ok())
        {
            for (goal, text) in &draft.notes {
                if *goal == Some(rank) {
                    out.push_str(&comment(text, "  "));
                }
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}
