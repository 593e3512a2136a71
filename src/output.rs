//! The one place that writes a built site to disk.
//!
//! The new site is written into a folder beside the output and swapped in
//! only when complete (in one atomic step on Linux), so a failed or killed
//! build never leaves citizens a half-written site, and files that no longer
//! exist in the content disappear.
//!
//! The site the swap replaces is kept beside the output as a spare, and the
//! next build writes over it in place. Removing a large site and creating it
//! again file by file was most of a large build's time: ext4 searches ever
//! longer for a free inode while thousands were just deleted, and overwriting
//! a file keeps its inode.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};

mod guard;
pub use guard::{MARKER, OutputLock, lock, refuse_foreign, refuse_sources};

const STAGING_MARK: &str = ".hyoka-staging-";
const RETIRED_MARK: &str = ".hyoka-retired-";
const SPARE_MARK: &str = ".hyoka-spare";

/// Runs `fill`, which writes the new site into a staging folder, and swaps
/// the staging folder in for `output` only if `fill` succeeded.
pub fn replace_site<T>(output: &Path, fill: impl FnOnce(&Staging) -> Result<T>) -> Result<T> {
    let parent = parent_dir(output);
    fs::create_dir_all(&parent).map_err(|err| Error::io("create", &parent, err))?;
    let name = folder_name(output)?;
    remove_leftovers(&parent, &name);

    let spare = spare_dir(&parent, &name);
    let staging_dir = parent.join(format!(".{name}{STAGING_MARK}{}", std::process::id()));
    let reused = fs::rename(&spare, &staging_dir).is_ok();
    let staging = Staging::create(staging_dir, reused)?;
    let filled = match staging
        .write(MARKER, guard::MARKER_TEXT.as_bytes())
        .and_then(|()| fill(&staging))
        .and_then(|filled| staging.remove_unwritten().map(|()| filled))
    {
        Ok(filled) => filled,
        Err(err) => {
            // Never published, so its contents do not matter: keep it to write over next time.
            if !reused || fs::rename(&staging.dir, &spare).is_err() {
                let _ = fs::remove_dir_all(&staging.dir);
            }
            return Err(err);
        }
    };

    if output.exists() && exchange(&staging.dir, output).is_ok() {
        // The staging folder now holds the previous site.
        keep_as_spare(&staging.dir, &spare)?;
    } else if output.exists() {
        let retired = parent.join(format!(".{name}{RETIRED_MARK}{}", std::process::id()));
        fs::rename(output, &retired).map_err(|err| Error::io("move aside", output, err))?;
        if let Err(err) = fs::rename(&staging.dir, output) {
            // Put the previous site back so the published output stays whole.
            let _ = fs::rename(&retired, output);
            let _ = fs::remove_dir_all(&staging.dir);
            return Err(Error::io("replace", output, err));
        }
        keep_as_spare(&retired, &spare)?;
    } else {
        fs::rename(&staging.dir, output).map_err(|err| Error::io("create", output, err))?;
    }
    Ok(filled)
}

fn spare_dir(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}{SPARE_MARK}"))
}

fn keep_as_spare(previous: &Path, spare: &Path) -> Result<()> {
    if fs::rename(previous, spare).is_err() {
        fs::remove_dir_all(previous).map_err(|err| Error::io("remove", previous, err))?;
    }
    Ok(())
}

/// The folder a new site is written into before it is swapped in. Files can
/// be written from several threads at once, each as soon as it is made, so
/// that a large site never has to be held in memory whole.
pub struct Staging {
    dir: PathBuf,
    /// Folders already created, so that each is created once.
    folders: Mutex<BTreeSet<String>>,
    /// When writing over a spare: the paths written, so that the spare's other
    /// files can be removed at the end.
    written: Option<Mutex<HashSet<String>>>,
}

impl Staging {
    fn create(dir: PathBuf, reused: bool) -> Result<Self> {
        fs::create_dir_all(&dir).map_err(|err| Error::io("create", &dir, err))?;
        Ok(Staging {
            dir,
            folders: Mutex::default(),
            written: reused.then(Mutex::default),
        })
    }

    /// The folder being written, which holds the spare's files until they are
    /// written over.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one file, by its `/`-separated path inside the site.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        if let Some((folder, _)) = path.rsplit_once('/') {
            let mut folders = self.folders.lock().unwrap_or_else(|p| p.into_inner());
            if !folders.contains(folder) {
                self.create_folder(folder)?;
                folders.insert(folder.to_owned());
            }
        }
        let target = self.dir.join(path);
        let Some(written) = &self.written else {
            return fs::write(&target, bytes).map_err(|err| Error::io("write", &target, err));
        };
        written
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path.to_owned());
        match write_over(&target, bytes) {
            Err(err) if err.kind() == std::io::ErrorKind::IsADirectory => {
                // The spare had a folder where this site has a file.
                fs::remove_dir_all(&target).map_err(|err| Error::io("remove", &target, err))?;
                write_over(&target, bytes)
            }
            written => written,
        }
        .map_err(|err| Error::io("write", &target, err))
    }

    fn create_folder(&self, folder: &str) -> Result<()> {
        let dir = self.dir.join(folder);
        if self.written.is_some() {
            // The spare may have a file where this site has a folder.
            let mut prefix = self.dir.clone();
            for part in folder.split('/') {
                prefix.push(part);
                if prefix.is_file() {
                    fs::remove_file(&prefix).map_err(|err| Error::io("remove", &prefix, err))?;
                }
            }
        }
        fs::create_dir_all(&dir).map_err(|err| Error::io("create", &dir, err))
    }

    /// Removes what the spare held that this site does not.
    fn remove_unwritten(&self) -> Result<()> {
        let Some(written) = &self.written else {
            return Ok(());
        };
        let written = written.lock().unwrap_or_else(|p| p.into_inner());
        // Children before their folder, so that emptied folders can go too.
        for entry in walkdir::WalkDir::new(&self.dir)
            .min_depth(1)
            .contents_first(true)
        {
            let entry = entry.map_err(|err| {
                let path = err.path().unwrap_or(&self.dir).to_path_buf();
                Error::io("read", &path, err.into())
            })?;
            let path = entry.path();
            let relative = path
                .strip_prefix(&self.dir)
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/");
            let removed = if entry.file_type().is_dir() {
                if fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none()) {
                    fs::remove_dir(path)
                } else {
                    Ok(())
                }
            } else if written.contains(&relative) {
                Ok(())
            } else {
                fs::remove_file(path)
            };
            removed.map_err(|err| Error::io("remove", path, err))?;
        }
        Ok(())
    }
}

/// Writes a file of the spare with new contents. A file already holding them
/// is left alone, so an unchanged page costs a read, not a write to the disk.
/// Otherwise it is written over, then cut to length: emptying it first would
/// make ext4 flush it to disk on close, as it does for a file replaced by
/// truncation.
fn write_over(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::{Seek, Write};
    let mut file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(target)?;
    let old_len = file.metadata()?.len();
    if old_len == bytes.len() as u64 {
        if holds(&mut file, bytes)? {
            return Ok(());
        }
        file.rewind()?;
    }
    file.write_all(bytes)?;
    if old_len > bytes.len() as u64 {
        file.set_len(bytes.len() as u64)?;
    }
    Ok(())
}

/// Whether the file, read from its start, holds exactly `bytes`; stops at the first difference.
fn holds(file: &mut fs::File, mut bytes: &[u8]) -> std::io::Result<bool> {
    use std::io::Read;
    let mut chunk = [0; 16 * 1024];
    while !bytes.is_empty() {
        let want = bytes.len().min(chunk.len());
        let got = file.read(&mut chunk[..want])?;
        if got == 0 || chunk[..got] != bytes[..got] {
            return Ok(false);
        }
        bytes = &bytes[got..];
    }
    Ok(true)
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
    let spare = spare_dir(parent, name);
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if file_name.starts_with(&retired_prefix) && !output.exists() {
            let _ = fs::rename(entry.path(), &output);
        } else if file_name.starts_with(&staging_prefix) || file_name.starts_with(&retired_prefix) {
            // Half-written or not, a left-over folder is only ever written over.
            if spare.exists() || fs::rename(entry.path(), &spare).is_err() {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
    }
}
