//! Watches the site's sources and rebuilds the preview after each burst of saves.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache};

use super::state::{Changes, Rebuild, State};
use crate::error::{Error, Result};

/// Saves closer together than this are one change: an editor's write, rename
/// and chmod, or a "save all", come within a few milliseconds. It adds
/// straight to the time from a save to the page, so it is kept short; a burst
/// split in two only costs a second rebuild.
const QUIET_TIME: Duration = Duration::from_millis(10);

/// Folders of the site whose files go into the build.
const SOURCE_DIRS: [&str; 3] = ["content", "themes", "static"];
const CONFIG_FILE: &str = "site.yaml";

type FileDebouncer = Debouncer<RecommendedWatcher, RecommendedCache>;

pub struct Watcher {
    debouncer: Arc<Mutex<Option<FileDebouncer>>>,
    sources: Option<Sources>,
    rebuilds: Option<JoinHandle<()>>,
}

/// The site's source folders and which of them are watched.
struct Sources {
    root: PathBuf,
    watched: BTreeSet<PathBuf>,
    debouncer: Arc<Mutex<Option<FileDebouncer>>>,
}

impl Watcher {
    /// Starts watching; changes queue up until `rebuild_on_change`.
    pub fn new(root: &Path) -> Result<(Watcher, Receiver<DebounceEventResult>)> {
        let (sender, changes) = channel();
        let mut debouncer = notify_debouncer_full::new_debouncer(QUIET_TIME, None, sender)
            .map_err(|err| Error::Usage(format!("cannot watch {}: {err}", root.display())))?;
        // The root itself only for site.yaml: editors save by replacing the
        // file, which a watch on the file alone would lose.
        debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|err| Error::Usage(format!("cannot watch {}: {err}", root.display())))?;
        let debouncer = Arc::new(Mutex::new(Some(debouncer)));
        let mut sources = Sources {
            root: root.to_path_buf(),
            watched: BTreeSet::new(),
            debouncer: debouncer.clone(),
        };
        sources.watch_new_dirs();
        let watcher = Watcher {
            debouncer,
            sources: Some(sources),
            rebuilds: None,
        };
        Ok((watcher, changes))
    }

    /// Rebuilds, on a thread of its own, after every change to the site's sources.
    pub fn rebuild_on_change(
        &mut self,
        changes: Receiver<DebounceEventResult>,
        state: Arc<State>,
        mut on_rebuild: impl FnMut(&Rebuild) + Send + 'static,
    ) {
        let Some(mut sources) = self.sources.take() else {
            return;
        };
        self.rebuilds = Some(std::thread::spawn(move || {
            // Ends when the debouncer stops and drops its sender.
            while let Ok(batch) = changes.recv() {
                let mut changed = Changes::Paths(BTreeSet::new());
                sources.add_changes(&batch, &mut changed);
                for more in changes.try_iter() {
                    sources.add_changes(&more, &mut changed);
                }
                if !matches!(&changed, Changes::Paths(paths) if paths.is_empty()) {
                    sources.watch_new_dirs();
                    on_rebuild(&state.rebuild(&changed));
                }
            }
        }));
    }

    pub fn stop(mut self) {
        let debouncer = self
            .debouncer
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(debouncer) = debouncer {
            debouncer.stop();
        }
        if let Some(rebuilds) = self.rebuilds.take() {
            let _ = rebuilds.join();
        }
    }
}

impl Sources {
    /// Watches the source folders that exist and are not watched yet, so that
    /// a folder created while serving (a first `static/`) is picked up.
    fn watch_new_dirs(&mut self) {
        let mut guard = self.debouncer.lock().unwrap_or_else(|p| p.into_inner());
        let Some(debouncer) = guard.as_mut() else {
            return;
        };
        self.watched.retain(|dir| dir.is_dir());
        for dir in SOURCE_DIRS.map(|name| self.root.join(name)) {
            if dir.is_dir()
                && !self.watched.contains(&dir)
                && debouncer.watch(&dir, RecursiveMode::Recursive).is_ok()
            {
                self.watched.insert(dir);
            }
        }
    }

    /// Adds the site's files that a batch of events says changed.
    fn add_changes(&self, batch: &DebounceEventResult, changes: &mut Changes) {
        let Changes::Paths(paths) = changes else {
            return;
        };
        let Ok(events) = batch else {
            // Events were lost: the files may have changed in any way.
            *changes = Changes::Unknown;
            return;
        };
        for event in events {
            if event.need_rescan() {
                *changes = Changes::Unknown;
                return;
            }
            if !matches!(event.kind, EventKind::Access(_)) {
                paths.extend(event.paths.iter().filter(|p| self.is_source(p)).cloned());
            }
        }
    }

    fn is_source(&self, path: &Path) -> bool {
        let Ok(relative) = path.strip_prefix(&self.root) else {
            return false;
        };
        match relative.components().next() {
            Some(Component::Normal(first)) => {
                first == CONFIG_FILE || SOURCE_DIRS.iter().any(|dir| first == *dir)
            }
            _ => false,
        }
    }
}
