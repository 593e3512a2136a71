//! `hyoka serve`: a local preview that rebuilds on every save and reloads open pages.
//!
//! The site is rendered into memory and served from there; the published
//! output folder is never touched. A change that does not build leaves the
//! last good site in place and shows why over every page.

mod host;
mod http;
mod incremental;
mod inject;
mod paths;
mod search;
mod state;
mod watch;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use tokio::runtime::Runtime;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::error::{Error, Result};
pub use state::{Changes, Files, Rebuild, State};

pub const DEFAULT_PORT: u16 = 1111;

/// How long open connections get to finish when the preview stops.
const STOP_GRACE: Duration = Duration::from_secs(3);

pub struct ServeOptions {
    /// The site folder, the one holding site.yaml.
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 lets the system choose a free port.
    pub port: u16,
}

type Interrupt = Pin<Box<dyn Future<Output = std::io::Result<()>> + Send>>;

/// A running preview: serving, watching, rebuilding.
pub struct Preview {
    addr: SocketAddr,
    /// Ctrl-C once caught; tokio never gives a caught signal back, so only a
    /// command line catches it, never a library user such as a test.
    interrupted: Option<Interrupt>,
    state: Arc<State>,
    runtime: Runtime,
    shutdown: oneshot::Sender<()>,
    server: JoinHandle<std::io::Result<()>>,
    watcher: watch::Watcher,
}

impl Preview {
    /// Claims the address, builds the site, then serves it and rebuilds on
    /// every change; `on_rebuild` hears of the first build and every rebuild.
    pub fn start(
        options: &ServeOptions,
        mut on_rebuild: impl FnMut(&Rebuild) + Send + 'static,
    ) -> Result<Preview> {
        if !options.root.join("site.yaml").is_file() {
            return Err(Error::Usage(format!(
                "{} has no site.yaml: point --root at the site folder",
                options.root.display()
            )));
        }
        let root = options
            .root
            .canonicalize()
            .map_err(|err| Error::io("open", &options.root, err))?;
        let listener = listen(SocketAddr::new(options.bind, options.port))?;
        let addr = listener
            .local_addr()
            .map_err(|err| Error::Usage(format!("cannot listen: {err}")))?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("hyoka-serve")
            .enable_all()
            .build()
            .map_err(|err| Error::Usage(format!("cannot start the server: {err}")))?;

        // Watch before the first build so that a save during it is not missed.
        let (mut watcher, changes) = watch::Watcher::new(&root)?;
        let state = Arc::new(State::new(root));
        on_rebuild(&state.rebuild(&Changes::Unknown));
        watcher.rebuild_on_change(changes, state.clone(), on_rebuild);

        let listener = {
            let _entered = runtime.enter();
            tokio::net::TcpListener::from_std(listener)
                .map_err(|err| Error::Usage(format!("cannot listen on {addr}: {err}")))?
        };
        let (shutdown, stopped) = oneshot::channel::<()>();
        let app = http::router(state.clone(), addr);
        let server = runtime.spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
        });
        Ok(Preview {
            addr,
            interrupted: None,
            state,
            runtime,
            shutdown,
            server,
            watcher,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Where a browser on this machine finds the preview.
    pub fn url(&self) -> String {
        let ip = match self.addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        format!("http://{}/", SocketAddr::new(ip, self.addr.port()))
    }

    /// Takes Ctrl-C over from now on. A command line calls this before it
    /// prints the URL, so that a Ctrl-C right after also stops cleanly.
    pub fn catch_ctrl_c(&mut self) {
        if self.interrupted.is_none() {
            self.interrupted = Some(catch_ctrl_c(&self.runtime));
        }
    }

    /// Serves until Ctrl-C, then stops cleanly.
    pub fn run_until_interrupted(mut self) -> Result<()> {
        self.catch_ctrl_c();
        let interrupted = match self.interrupted.take() {
            Some(interrupted) => self.runtime.block_on(interrupted),
            None => Ok(()),
        };
        self.stop();
        interrupted.map_err(|err| Error::Usage(format!("cannot wait for Ctrl-C: {err}")))
    }

    /// Stops watching, ends the reload streams of open pages, and closes the server.
    pub fn stop(self) {
        self.watcher.stop();
        self.state.close();
        let _ = self.shutdown.send(());
        let _ = self
            .runtime
            .block_on(async { tokio::time::timeout(STOP_GRACE, self.server).await });
        self.runtime.shutdown_timeout(STOP_GRACE);
    }
}

fn catch_ctrl_c(runtime: &Runtime) -> Interrupt {
    let mut interrupted: Interrupt = Box::pin(tokio::signal::ctrl_c());
    // The handler is installed when the future is first polled.
    match runtime.block_on(futures_util::future::poll_immediate(&mut interrupted)) {
        Some(early) => Box::pin(std::future::ready(early)),
        None => interrupted,
    }
}

fn listen(addr: SocketAddr) -> Result<TcpListener> {
    let listener = TcpListener::bind(addr).map_err(|err| {
        if err.kind() == std::io::ErrorKind::AddrInUse {
            Error::Usage(format!(
                "{addr} is already in use (is another `hyoka serve` running?): choose another port with --port, e.g. --port {}",
                addr.port().wrapping_add(1).max(1024)
            ))
        } else {
            Error::Usage(format!("cannot listen on {addr}: {err}"))
        }
    })?;
    listener
        .set_nonblocking(true)
        .map_err(|err| Error::Usage(format!("cannot listen on {addr}: {err}")))?;
    Ok(listener)
}
