//! What the preview shows, swapped whole on every rebuild so that a request
//! sees either the old site or the new one, never a mix.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime};

use tokio::sync::watch;

use crate::diagnostic::Report;
use crate::error::Error;
use crate::report_text::{error_text, warnings_text};

pub type Files = BTreeMap<String, Vec<u8>>;

/// The outcome of one build of the preview.
pub enum Rebuild {
    Built {
        pages: usize,
        elapsed: Duration,
        report: Report,
        /// False when the change left the preview as it was, so no page reloads.
        changed: bool,
    },
    Failed {
        error: Error,
    },
}

pub struct Snapshot {
    /// The last site that built; none until one has.
    pub files: Option<Arc<Files>>,
    /// Why the latest change did not build.
    pub failure: Option<Failure>,
    /// Changes whenever what is shown changes; open pages reload when it does.
    pub version: String,
}

/// A failed build's diagnostics, each in the words `hyoka check` uses.
#[derive(PartialEq, Eq)]
pub struct Failure {
    pub errors: String,
    pub warnings: String,
    pub warning_count: usize,
}

impl Failure {
    fn of(error: &Error) -> Failure {
        let report = match error {
            Error::Content(report) => Some(report),
            _ => None,
        };
        Failure {
            errors: error_text(error, false),
            warnings: report.map(|r| warnings_text(r, false)).unwrap_or_default(),
            warning_count: report.map_or(0, |r| r.warnings().count()),
        }
    }
}

pub struct State {
    root: PathBuf,
    current: RwLock<Arc<Snapshot>>,
    /// The current version for open pages; `None` once the preview stops.
    live: watch::Sender<Option<String>>,
    /// Tells one run of the preview from the next, so that pages left open
    /// across a restart reload too.
    instance: u128,
    generation: std::sync::atomic::AtomicU64,
}

impl State {
    pub fn new(root: PathBuf) -> State {
        let instance = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|since| since.as_nanos())
            .unwrap_or_default();
        let version = format!("{instance:x}-0");
        State {
            root,
            current: RwLock::new(Arc::new(Snapshot {
                files: None,
                failure: None,
                version: version.clone(),
            })),
            live: watch::Sender::new(Some(version)),
            instance,
            generation: 0.into(),
        }
    }

    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    pub fn subscribe(&self) -> watch::Receiver<Option<String>> {
        self.live.subscribe()
    }

    /// Ends the reload streams of open pages.
    pub fn close(&self) {
        self.live.send_replace(None);
    }

    /// Renders the site again; on failure the last good site stays.
    pub fn rebuild(&self) -> Rebuild {
        let started = Instant::now();
        let result = crate::render_site(&self.root, None);
        let previous = self.snapshot();
        let (files, failure, mut outcome) = match result {
            Ok((rendered, report)) => {
                let files = match &previous.files {
                    Some(old) if **old == rendered.files => old.clone(),
                    _ => Arc::new(rendered.files),
                };
                let outcome = Rebuild::Built {
                    pages: rendered.pages,
                    elapsed: started.elapsed(),
                    report,
                    changed: false,
                };
                (Some(files), None, outcome)
            }
            Err(error) => (
                previous.files.clone(),
                Some(Failure::of(&error)),
                Rebuild::Failed { error },
            ),
        };
        let same_files = match (&files, &previous.files) {
            (Some(new), Some(old)) => Arc::ptr_eq(new, old),
            (None, None) => true,
            _ => false,
        };
        let shown_changed = !same_files || failure != previous.failure;
        if shown_changed {
            self.publish(files, failure);
        }
        if let Rebuild::Built { changed, .. } = &mut outcome {
            *changed = shown_changed;
        }
        outcome
    }

    fn publish(&self, files: Option<Arc<Files>>, failure: Option<Failure>) {
        let generation = self
            .generation
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        let version = format!("{:x}-{generation}", self.instance);
        *self
            .current
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(Snapshot {
            files,
            failure,
            version: version.clone(),
        });
        self.live.send_replace(Some(version));
    }
}
