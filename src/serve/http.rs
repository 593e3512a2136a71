//! The preview's HTTP side: site files from memory, the reload script and its event stream.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State as Shared};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::Stream;

use super::host;
use super::inject::{self, EVENTS_PATH, SCRIPT, SCRIPT_PATH};
use super::paths::{Lookup, content_type, lookup};
use super::state::{Snapshot, State};
use crate::diagnostic::Code;

/// The preview's routes, answering only requests that name it by an
/// address or name of its own (see `host`), the event stream included.
pub fn router(state: Arc<State>, addr: SocketAddr) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(SCRIPT_PATH, get(script))
        .fallback(site_file)
        .with_state(state)
        .layer(middleware::from_fn(move |request: Request, next: Next| {
            own_host_only(addr, request, next)
        }))
}

async fn own_host_only(addr: SocketAddr, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
        .unwrap_or("");
    if host::is_own(host, addr) {
        return next.run(request).await;
    }
    let message = format!(
        "[{}] this preview answers only to its own address, e.g. http://{addr}/, not to `{host}`\n",
        Code::ForeignHost.id()
    );
    (StatusCode::MISDIRECTED_REQUEST, message).into_response()
}

async fn site_file(Shared(state): Shared<Arc<State>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
        )
            .into_response();
    }
    let snapshot = state.snapshot();
    let Some(files) = &snapshot.files else {
        return file(
            StatusCode::INTERNAL_SERVER_ERROR,
            "index.html",
            inject::nothing_built(&snapshot),
        );
    };
    match lookup(uri.path(), |path| files.contains_key(path)) {
        Lookup::File(path) => page(StatusCode::OK, &path, &files[&path], &snapshot, false),
        Lookup::Redirect(location) => (
            StatusCode::PERMANENT_REDIRECT,
            [(header::LOCATION, location)],
        )
            .into_response(),
        Lookup::NotFound => match files.get("404.html") {
            Some(bytes) => page(StatusCode::NOT_FOUND, "404.html", bytes, &snapshot, true),
            None => (StatusCode::NOT_FOUND, "not found").into_response(),
        },
        Lookup::BadRequest => (StatusCode::BAD_REQUEST, "bad request path").into_response(),
    }
}

fn page(
    status: StatusCode,
    path: &str,
    bytes: &[u8],
    snapshot: &Snapshot,
    at_root: bool,
) -> Response {
    let body = if path.ends_with(".html") {
        inject::inject(bytes, snapshot, at_root)
    } else {
        bytes.to_vec()
    };
    file(status, path, body)
}

fn file(status: StatusCode, path: &str, body: Vec<u8>) -> Response {
    let mut response = (status, Body::from(body)).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(path)),
    );
    // A preview must never show a stale copy.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

async fn script() -> Response {
    file(StatusCode::OK, "live.js", SCRIPT.as_bytes().to_vec())
}

/// The current version now and after every change, until the preview stops.
async fn events(
    Shared(state): Shared<Arc<State>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = state.subscribe();
    let versions =
        futures_util::stream::unfold((receiver, true), |(mut receiver, first)| async move {
            if !first && receiver.changed().await.is_err() {
                return None;
            }
            let version = receiver.borrow_and_update().clone()?;
            Some((
                Ok(Event::default().event("version").data(version)),
                (receiver, false),
            ))
        });
    Sse::new(versions).keep_alive(KeepAlive::default())
}
