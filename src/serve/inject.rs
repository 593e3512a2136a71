//! What `serve` adds to every HTML page it sends: the reload script and, while
//! the latest change does not build, a panel with the diagnostics.

use super::state::{Failure, Snapshot};

pub const SCRIPT_PATH: &str = "/__hyoka/live.js";
pub const EVENTS_PATH: &str = "/__hyoka/events";
pub const SCRIPT: &str = include_str!("live.js");

/// The page with the preview's additions. `at_root` makes the page's relative
/// links resolve from the site root, for the 404 page sent for any path.
pub fn inject(html: &[u8], snapshot: &Snapshot, at_root: bool) -> Vec<u8> {
    let mut html = String::from_utf8_lossy(html).into_owned();
    let mut tail = failure_panel(snapshot);
    tail.push_str(&format!(
        "<script src=\"{SCRIPT_PATH}\" data-version=\"{}\"></script>\n",
        escape(&snapshot.version)
    ));
    let body_end = html.rfind("</body>").unwrap_or(html.len());
    html.insert_str(body_end, &tail);
    if at_root && let Some(head_end) = head_end(&html) {
        html.insert_str(head_end, "\n<base href=\"/\">");
    }
    html.into_bytes()
}

/// The page shown before anything has built.
pub fn nothing_built(snapshot: &Snapshot) -> Vec<u8> {
    let page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
                <title>hyoka serve: the site does not build</title>\n</head>\n<body>\n</body>\n</html>\n";
    inject(page.as_bytes(), snapshot, false)
}

/// Just after the opening `<head …>` tag, so a `<base>` precedes every link.
fn head_end(html: &str) -> Option<usize> {
    let start = html.find("<head")?;
    html[start..].find('>').map(|end| start + end + 1)
}

fn failure_panel(snapshot: &Snapshot) -> String {
    let Some(failure) = &snapshot.failure else {
        return String::new();
    };
    let shown = if snapshot.files.is_some() {
        "This page shows the last version that built."
    } else {
        "Nothing has built yet."
    };
    format!(
        r#"<div id="hyoka-errors" role="alert" lang="en" style="position:fixed;inset:1rem;z-index:2147483647;overflow:auto;margin:0;padding:1rem 1.5rem;background:#fff;color:#1a1a1a;border:4px solid #ce0000;box-shadow:0 0 0 100vmax rgb(0 0 0 / 40%);font:16px/1.6 sans-serif;text-align:left">
<h2 style="margin:0 0 .5rem;font-size:1.25rem;color:#ce0000">The last change could not be built</h2>
<p style="margin:0 0 1rem">{shown} Fix the file named below and save: this page reloads by itself.</p>
<pre style="{PRE_STYLE}">{}</pre>
{}<button type="button" id="hyoka-errors-hide" style="font:inherit;padding:.25rem 1rem">Hide</button>
</div>
"#,
        escape(&failure.errors),
        warnings(failure),
    )
}

const PRE_STYLE: &str = "margin:0 0 1rem;padding:1rem;overflow:auto;white-space:pre-wrap;background:#f4f4f4;color:#1a1a1a;font:14px/1.5 monospace";

/// Warnings under the errors, folded, since they do not stop the build.
fn warnings(failure: &Failure) -> String {
    if failure.warning_count == 0 {
        return String::new();
    }
    format!(
        "<details style=\"margin:0 0 1rem\"><summary>{} warning(s)</summary>\n<pre style=\"{PRE_STYLE}\">{}</pre></details>\n",
        failure.warning_count,
        escape(&failure.warnings)
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
