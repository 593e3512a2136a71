use std::path::PathBuf;

use crate::diagnostic::{Code, Report};

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The site's own files have problems; the report lists every one.
    #[error("the site has {} error(s)", .0.errors().count())]
    Content(Report),
    #[error("cannot {action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A template of the theme failed to parse or render.
    #[error("template error: {0}")]
    Template(String),
    /// A goal sheet being imported cannot be read.
    #[error("{}{}{place}: {message}", .path.display(), if .place.is_empty() { "" } else { ":" })]
    Sheet {
        path: PathBuf,
        /// Row (`12`) or sheet and row (`Sheet1!12`); empty when the whole file is unreadable.
        place: String,
        message: String,
    },
    /// Building the full-text search index failed.
    #[error("search index: {0}")]
    Search(String),
    #[error("{0}")]
    Usage(String),
    /// A command refused to run because it would lose someone's files.
    #[error("[{}] {message}\n  help: {help}", .code.id())]
    Refused {
        code: Code,
        message: String,
        help: String,
    },
}

impl Error {
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
