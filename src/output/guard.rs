//! What keeps a build from replacing anything but its own earlier output:
//! one build at a time per output folder, a mark in every folder hyoka
//! writes, and never a folder holding the site's own files.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::Code;
use crate::error::{Error, Result};

/// The file hyoka writes into every output folder it makes; a folder without
/// it holds someone else's files, which a build must not replace.
pub const MARKER: &str = ".hyoka-output";

/// What the marker says to someone who opens it.
pub const MARKER_TEXT: &str =
    "This folder is written by hyoka. The next `hyoka build` into it replaces it whole.\n";

const LOCK_MARK: &str = ".hyoka-lock";

/// The folders of a site that a build reads; the output may be none of them,
/// nor inside one, nor hold one.
const SOURCES: [&str; 3] = ["content", "themes", "static"];

/// Held for a whole build: no other build writes into the same output
/// meanwhile. The system releases it when the process ends, however it ends,
/// so a killed build never leaves a lock that blocks the next one.
pub struct OutputLock {
    _file: fs::File,
}

/// Takes the lock of `output`, waiting while another build holds it;
/// `on_wait` is told once, before waiting.
pub fn lock(output: &Path, on_wait: impl FnOnce()) -> Result<OutputLock> {
    let parent = super::parent_dir(output);
    fs::create_dir_all(&parent).map_err(|err| Error::io("create", &parent, err))?;
    let path = parent.join(format!(".{}{LOCK_MARK}", super::folder_name(output)?));
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|err| Error::io("create", &path, err))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            on_wait();
            file.lock().map_err(|err| Error::io("lock", &path, err))?;
        }
        Err(fs::TryLockError::Error(err)) => return Err(Error::io("lock", &path, err)),
    }
    Ok(OutputLock { _file: file })
}

/// Refuses an output that would replace the site's own files: the site root,
/// `content/`, `themes/` or `static/`, a folder holding one of them, or a
/// folder inside one.
pub fn refuse_sources(root: &Path, output: &Path) -> Result<()> {
    let root = resolved(root);
    let target = resolved(output);
    let folders = std::iter::once((format!("the site folder {}", root.display()), root.clone()))
        .chain(
            SOURCES
                .iter()
                .map(|name| (format!("the site's {name}/ folder"), root.join(name))),
        );
    for (what, folder) in folders {
        let relation = if folder == target {
            "is"
        } else if folder.starts_with(&target) {
            "holds"
        } else if target.starts_with(&folder) && folder != root {
            "is inside"
        } else {
            continue;
        };
        return Err(refused(
            Code::OutputHoldsSources,
            format!(
                "the output {} {relation} {what}: building would replace the site's own files",
                output.display()
            ),
        ));
    }
    Ok(())
}

/// Refuses an existing output that hyoka did not write (no marker) and that
/// holds something, unless `force`; a file where the folder should be is
/// always refused.
pub fn refuse_foreign(output: &Path, force: bool) -> Result<()> {
    let Ok(meta) = fs::symlink_metadata(output) else {
        return Ok(());
    };
    if !meta.is_dir() {
        return Err(refused(
            Code::ForeignOutput,
            format!("the output {} is not a folder", output.display()),
        ));
    }
    if force || output.join(MARKER).is_file() {
        return Ok(());
    }
    let mut entries = fs::read_dir(output).map_err(|err| Error::io("read", output, err))?;
    if entries.next().is_none() {
        return Ok(());
    }
    Err(refused(
        Code::ForeignOutput,
        format!(
            "the output {} holds files that hyoka did not write (it has no {MARKER}); a build would replace them all",
            output.display()
        ),
    ))
}

fn refused(code: Code, message: String) -> Error {
    let help = match code {
        Code::ForeignOutput => {
            "give --output a new or empty folder, or add --force to replace this one and everything in it"
        }
        _ => "give --output a folder outside the site's sources, e.g. the default `public`",
    };
    Error::Refused {
        code,
        message,
        help: help.to_owned(),
    }
}

/// The absolute path `path` names, with symbolic links of the part that
/// exists followed, and `.` and `..` of the rest resolved by name.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let components: Vec<Component> = absolute.components().collect();
    let (mut base, rest) = (0..=components.len())
        .rev()
        .find_map(|existing| {
            let prefix: PathBuf = components[..existing].iter().collect();
            let real = fs::canonicalize(prefix).ok()?;
            Some((real, &components[existing..]))
        })
        .unwrap_or_default();
    for component in rest {
        match component {
            Component::ParentDir => {
                base.pop();
            }
            Component::Normal(part) => base.push(part),
            _ => {}
        }
    }
    base
}
