//! Reading the files staff and their tools put in a site: only regular files,
//! never more than a limit. A named pipe, socket or device opened as a file
//! would hang the build (a pipe waits for a writer forever) or never end (a
//! device), and a link could publish a file from anywhere on the computer.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::{Code, Diagnostic, Report, display_path};

/// The largest file of `static/` or a theme that is copied: images and PDFs
/// may be far larger than a content file, but not without end.
pub const MAX_ASSET_BYTES: u64 = 64 * 1024 * 1024;

/// The regular files under `dir` with their bytes, by `/`-separated path
/// inside it; every link, special or oversized file is an error of the report.
pub fn read_folder(
    root: &Path,
    dir: &Path,
    limit: u64,
) -> Result<BTreeMap<String, Vec<u8>>, Report> {
    let mut report = Report::default();
    let mut files = BTreeMap::new();
    for path in regular_files(root, dir, &mut report) {
        match read_regular(root, &path, limit) {
            Ok(bytes) => {
                files.insert(display_path(dir, &path), bytes);
            }
            Err(diagnostic) => report.push(diagnostic),
        }
    }
    if report.has_errors() {
        report.sort();
        Err(report)
    } else {
        Ok(files)
    }
}

/// What kind of thing stands at a path that is not a regular file.
#[cfg(unix)]
fn kind(file_type: fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_fifo() {
        "a named pipe (FIFO)"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_block_device() || file_type.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn kind(file_type: fs::FileType) -> &'static str {
    if file_type.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// The error for something at `file` that is neither a regular file nor a folder.
pub fn special_file(file: impl Into<String>, file_type: fs::FileType) -> Diagnostic {
    Diagnostic::new(
        Code::SpecialFile,
        file,
        format!("this is {}, not a file: it is not read", kind(file_type)),
    )
    .help("remove it, or put a regular file with the content in its place")
}

/// Reads a regular file of at most `limit` bytes. The file is opened without
/// waiting and its type checked on the open file, so that a pipe put in its
/// place meanwhile is refused instead of waited on.
pub fn read_regular(root: &Path, path: &Path, limit: u64) -> Result<Vec<u8>, Diagnostic> {
    let file = display_path(root, path);
    let unreadable = |err: std::io::Error| {
        Diagnostic::new(
            Code::Unreadable,
            file.clone(),
            format!("cannot read: {err}"),
        )
    };
    let meta = fs::symlink_metadata(path).map_err(unreadable)?;
    if meta.file_type().is_symlink() {
        return Err(symlink(root, path, file));
    }
    if !meta.is_file() {
        return Err(special_file(file, meta.file_type()));
    }
    let opened = open_without_waiting(path).map_err(unreadable)?;
    let meta = opened.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(special_file(file, meta.file_type()));
    }
    if meta.len() > limit {
        return Err(too_large(file, meta.len(), limit));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow while it is read: never read past the limit.
    opened
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(file, bytes.len() as u64, limit));
    }
    Ok(bytes)
}

#[cfg(target_os = "linux")]
fn open_without_waiting(path: &Path) -> std::io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
}

#[cfg(not(target_os = "linux"))]
fn open_without_waiting(path: &Path) -> std::io::Result<fs::File> {
    fs::File::open(path)
}

fn too_large(file: String, size: u64, limit: u64) -> Diagnostic {
    Diagnostic::new(
        Code::TooLarge,
        file,
        format!("file is {size} bytes; the limit is {limit} bytes"),
    )
    .help("no file of a site comes near this size: split a content file into one per section, or make the image or document smaller")
}

/// A link may lead anywhere on the staff member's machine; publishing what it
/// points at could leak files that were never meant to be public.
pub fn symlink(root: &Path, path: &Path, file: String) -> Diagnostic {
    let inside = match (fs::canonicalize(path), fs::canonicalize(root)) {
        (Ok(target), Ok(root)) => target.starts_with(root),
        _ => false,
    };
    let message = if inside {
        "this is a symbolic link: links are not read"
    } else {
        "this is a symbolic link leading outside the site folder: links are not read"
    };
    Diagnostic::new(Code::Symlink, file, message)
        .help("copy the file itself into the site folder instead of linking to it")
}

/// The regular files under `dir` (none if it does not exist), in a stable
/// order; links and special files are reported, not followed or read.
pub fn regular_files(root: &Path, dir: &Path, report: &mut Report) -> Vec<PathBuf> {
    let mut files = Vec::new();
    if !dir.is_dir() {
        return files;
    }
    for entry in WalkDir::new(dir).sort_by_file_name() {
        match entry {
            Ok(entry) if entry.path_is_symlink() => {
                let path = entry.path();
                report.push(symlink(root, path, display_path(root, path)));
            }
            Ok(entry) if entry.file_type().is_file() => files.push(entry.into_path()),
            Ok(entry) if entry.file_type().is_dir() => {}
            Ok(entry) => report.push(special_file(
                display_path(root, entry.path()),
                entry.file_type(),
            )),
            Err(err) => {
                let path = err.path().unwrap_or(dir).to_path_buf();
                report.push(Diagnostic::new(
                    Code::Unreadable,
                    display_path(root, &path),
                    format!("cannot read: {err}"),
                ));
            }
        }
    }
    files
}
