//! The one place that writes a built site to disk.
//!
//! The new site is written into a fresh folder beside the output and swapped
//! in only when complete (in one atomic step on Linux), so a failed or killed
//! build never leaves citizens a half-written site, and files that no longer
//! exist in the content disappear.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};

const STAGING_MARK: &str = ".hyoka-staging-";
const RETIRED_MARK: &str = ".hyoka-retired-";

/// Runs `fill`, which writes the new site into a staging folder, and swaps
/// the staging folder in for `output` only if `fill` succeeded.
pub fn replace_site<T>(output: &Path, fill: impl FnOnce(&Staging) -> Result<T>) -> Result<T> {
    let parent = parent_dir(output);
    fs::create_dir_all(&parent).map_err(|err| Error::io("create", &parent, err))?;
    let name = folder_name(output)?;
    remove_leftovers(&parent, &name);

    let staging =
        Staging::create(parent.join(format!(".{name}{STAGING_MARK}{}", std::process::id())))?;
    let filled = match fill(&staging) {
        Ok(filled) => filled,
        Err(err) => {
            let _ = fs::remove_dir_all(&staging.dir);
            return Err(err);
        }
    };

    if output.exists() && exchange(&staging.dir, output).is_ok() {
        // The staging folder now holds the previous site.
        fs::remove_dir_all(&staging.dir).map_err(|err| Error::io("remove", &staging.dir, err))?;
    } else if output.exists() {
        let retired = parent.join(format!(".{name}{RETIRED_MARK}{}", std::process::id()));
        fs::rename(output, &retired).map_err(|err| Error::io("move aside", output, err))?;
        if let Err(err) = fs::rename(&staging.dir, output) {
            // Put the previous site back so the published output stays whole.
            let _ = fs::rename(&retired, output);
            let _ = fs::remove_dir_all(&staging.dir);
            return Err(Error::io("replace", output, err));
        }
        fs::remove_dir_all(&retired).map_err(|err| Error::io("remove", &retired, err))?;
    } else {
        fs::rename(&staging.dir, output).map_err(|err| Error::io("create", output, err))?;
    }
    Ok(filled)
}

/// The folder a new site is written into before it is swapped in. Files can
/// be written from several threads at once, each as soon as it is made, so
/// that a large site never has to be held in memory whole.
pub struct Staging {
    dir: PathBuf,
    /// Folders already created, so that each is created once.
    folders: Mutex<BTreeSet<String>>,
}

impl Staging {
    fn create(dir: PathBuf) -> Result<Self> {
        fs::create_dir_all(&dir).map_err(|err| Error::io("create", &dir, err))?;
        Ok(Staging {
            dir,
            folders: Mutex::default(),
        })
    }

    /// Writes one file, by its `/`-separated path inside the site.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        if let Some((folder, _)) = path.rsplit_once('/') {
            let mut folders = self.folders.lock().unwrap_or_else(|p| p.into_inner());
            if !folders.contains(folder) {
                let dir = self.dir.join(folder);
                fs::create_dir_all(&dir).map_err(|err| Error::io("create", &dir, err))?;
                folders.insert(folder.to_owned());
            }
        }
        let target = self.dir.join(path);
        fs::write(&target, bytes).map_err(|err| Error::io("write", &target, err))
    }
}

/// Tidies up after a build that was killed: run before anything else, so
/// that even a build that then fails leaves the published output whole.
pub fn recover(output: &Path) -> Result<()> {
    remove_leftovers(&parent_dir(output), &folder_name(output)?);
    Ok(())
}

fn folder_name(output: &Path) -> Result<String> {
    Ok(output
        .file_name()
        .ok_or_else(|| Error::Usage(format!("output {} has no folder name", output.display())))?
        .to_string_lossy()
        .into_owned())
}

/// Swaps two folders in one step, so there is no moment without a published
/// site; where the system cannot, the caller moves the old one aside first.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

fn parent_dir(output: &Path) -> PathBuf {
    match output.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Removes folders that an interrupted build left beside the output. A
/// retired folder whose output is missing was killed mid-swap: restore it.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let output = parent.join(name);
    let staging_prefix = format!(".{name}{STAGING_MARK}");
    let retired_prefix = format!(".{name}{RETIRED_MARK}");
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if file_name.starts_with(&retired_prefix) && !output.exists() {
            let _ = fs::rename(entry.path(), &output);
        } else if file_name.starts_with(&staging_prefix) || file_name.starts_with(&retired_prefix) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}
