//! What the preview shows, swapped whole on every rebuild so that a request
//! sees either the old site or the new one, never a mix.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::time::{Duration, Instant, SystemTime};

use tokio::sync::watch;

use super::incremental::Build;
use super::search;
use crate::diagnostic::Report;
use crate::error::Error;
use crate::render::search::SEARCH_DIR;
use crate::report_text::{error_text, warnings_text};

/// The files of the site by output path; shared between snapshots, so that
/// a rebuild of a few pages copies no other file.
pub type Files = BTreeMap<String, Arc<Vec<u8>>>;

/// What changed since the last build.
pub enum Changes {
    /// Anything may have: build everything.
    Unknown,
    /// These files (or folders) changed, were added or removed.
    Paths(BTreeSet<PathBuf>),
}

/// The outcome of one build of the preview.
pub enum Rebuild {
    Built {
        /// Pages of the site.
        pages: usize,
        /// The files made again when only they needed to be; none after a
        /// build of the whole site.
        rendered: Option<Vec<String>>,
        elapsed: Duration,
        /// From the last save of a changed file until the new site was
        /// shown; as exact as the file system's clock (a few milliseconds).
        since_save: Option<Duration>,
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
    /// The last site that built; none until one has, or after a failed build
    /// of the whole site.
    build: Mutex<Option<Build>>,
    search: search::Worker,
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
            build: Mutex::new(None),
            search: search::Worker::default(),
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

    /// Ends the reload streams of open pages and the search index updates.
    pub fn close(&self) {
        self.search.stop();
        self.live.send_replace(None);
    }

    /// Renders the site again, or only what an edit to one section file
    /// touched; on failure the last good site stays.
    pub fn rebuild(self: &Arc<Self>, changes: &Changes) -> Rebuild {
        let started = Instant::now();
        let mut build = self.lock_build();
        let edited = match (build.as_ref(), changes) {
            (Some(build), Changes::Paths(paths)) => build.edited_section(paths),
            _ => None,
        };
        let previous = self.snapshot();
        let result = match (edited, build.as_mut()) {
            (Some(path), Some(last)) => last
                .update(&path)
                .map(|update| (update.files, update.report, Some(update.rendered))),
            _ => match Build::full(&self.root) {
                Ok((mut full, report)) => {
                    // The same files as shown: keep them, so that no page reloads.
                    if let Some(old) = &previous.files
                        && **old == *full.files
                    {
                        full.files = old.clone();
                    }
                    let files = full.files.clone();
                    *build = Some(full);
                    Ok((files, report, None))
                }
                Err(error) => {
                    *build = None;
                    Err(error)
                }
            },
        };
        let (files, failure, mut outcome) = match result {
            Ok((files, report, rendered)) => {
                let outcome = Rebuild::Built {
                    pages: build.as_ref().map_or(0, Build::page_count),
                    rendered,
                    elapsed: Duration::ZERO,
                    since_save: None,
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
        if let Rebuild::Built {
            changed,
            elapsed,
            since_save,
            rendered,
            ..
        } = &mut outcome
        {
            *changed = shown_changed;
            *elapsed = started.elapsed();
            *since_save = last_save(changes).and_then(|saved| saved.elapsed().ok());
            // The open data follows the pages of a partial rebuild: no page shows
            // it, and joining it is most of what is left to do.
            if let (Some(last), Some(rendered)) = (build.as_mut(), rendered.as_mut()) {
                let shown = last.files.clone();
                let (files, remade) = last.update_open_data();
                rendered.extend(remade);
                if !Arc::ptr_eq(&files, &shown) {
                    self.replace_files(files);
                }
            }
            // A partial rebuild leaves the search index behind: it is the slowest
            // part of a build, so it follows after the pages are shown.
            if let Some(last) = build.as_ref()
                && rendered.is_some()
                && shown_changed
                && last.site().config.search
            {
                self.search
                    .index(self, last.site().clone(), last.files.clone());
            }
        }
        outcome
    }

    /// Swaps a new search index in, unless the site changed again since it
    /// was asked for. Pages do not reload: they show nothing of the index.
    pub(super) fn publish_index(&self, made_for: &Arc<Files>, index: BTreeMap<String, Vec<u8>>) {
        let mut build = self.lock_build();
        let Some(last) = build.as_mut() else {
            return;
        };
        let snapshot = self.snapshot();
        let shown = snapshot.failure.is_none()
            && snapshot
                .files
                .as_ref()
                .is_some_and(|f| Arc::ptr_eq(f, made_for));
        if !Arc::ptr_eq(&last.files, made_for) || !shown {
            return;
        }
        let mut files = (**made_for).clone();
        files.retain(|path, _| path.split('/').next() != Some(SEARCH_DIR));
        files.extend(
            index
                .into_iter()
                .map(|(path, bytes)| (path, Arc::new(bytes))),
        );
        let files = Arc::new(files);
        last.files = files.clone();
        self.replace_files(files);
    }

    /// Swaps in files that no open page shows, keeping the version so that
    /// nothing reloads.
    fn replace_files(&self, files: Arc<Files>) {
        let mut current = self
            .current
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *current = Arc::new(Snapshot {
            files: Some(files),
            failure: None,
            version: current.version.clone(),
        });
    }

    fn lock_build(&self) -> MutexGuard<'_, Option<Build>> {
        self.build.lock().unwrap_or_else(|p| p.into_inner())
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

/// When the newest of the changed files was last written.
fn last_save(changes: &Changes) -> Option<SystemTime> {
    let Changes::Paths(paths) = changes else {
        return None;
    };
    paths
        .iter()
        .filter_map(|path| path.metadata().and_then(|m| m.modified()).ok())
        .max()
}
