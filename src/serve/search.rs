//! The search index of the preview, rebuilt in the background after an edit
//! whose pages are already shown: it is the slowest part of a build.

use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, Mutex, Weak};

use super::state::{Files, State};
use crate::content::Site;
use crate::render::search::{EarlierOutput, search_files};

struct Job {
    site: Site,
    /// The files the index is made for.
    files: Arc<Files>,
}

/// One thread that indexes the latest site asked for, skipping any asked for
/// while it was busy: only the newest matters, and two at once would double
/// the memory the index takes.
#[derive(Default)]
pub struct Worker {
    jobs: Mutex<Option<Sender<Job>>>,
    stopped: std::sync::atomic::AtomicBool,
}

impl Worker {
    pub fn index(&self, state: &Arc<State>, site: Site, files: Arc<Files>) {
        if self.stopped.load(std::sync::atomic::Ordering::Relaxed) {
            return;
        }
        let mut jobs = self.jobs.lock().unwrap_or_else(|p| p.into_inner());
        let sender = jobs.get_or_insert_with(|| start(Arc::downgrade(state)));
        let _ = sender.send(Job { site, files });
    }

    /// Lets the thread end once its current index is done.
    pub fn stop(&self) {
        self.stopped
            .store(true, std::sync::atomic::Ordering::Relaxed);
        self.jobs.lock().unwrap_or_else(|p| p.into_inner()).take();
    }
}

fn start(state: Weak<State>) -> Sender<Job> {
    let (sender, jobs) = channel::<Job>();
    // Not a rayon worker: Pagefind runs its own runtime (see `render::render`).
    std::thread::spawn(move || {
        while let Ok(mut job) = jobs.recv() {
            if let Some(newer) = jobs.try_iter().last() {
                job = newer;
            }
            // A failed index leaves the previous one; the next full build reports why.
            // The years the edit left alone keep the index they have.
            let Ok(index) = search_files(&job.site, &[&*job.files as &dyn EarlierOutput]) else {
                continue;
            };
            let Some(state) = state.upgrade() else {
                return;
            };
            state.publish_index(&job.files, index);
        }
    });
    sender
}
