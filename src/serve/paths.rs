//! Request paths to output files. Only files of the rendered site can be named,
//! and any path that tries to climb out is refused before the lookup.

use percent_encoding::percent_decode_str;

#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    File(String),
    /// A folder asked for without its trailing slash: relative links inside
    /// its index would resolve against the parent, so send the browser there.
    Redirect(String),
    NotFound,
    BadRequest,
}

/// Resolves the raw (still percent-encoded) path of a request.
pub fn lookup(raw_path: &str, exists: impl Fn(&str) -> bool) -> Lookup {
    let Some(rest) = raw_path.strip_prefix('/') else {
        return Lookup::BadRequest;
    };
    let Some(segments) = decode_segments(rest) else {
        return Lookup::BadRequest;
    };
    let path = segments.join("/");
    let index = if path.is_empty() {
        "index.html".to_owned()
    } else {
        format!("{path}/index.html")
    };
    if rest.is_empty() || rest.ends_with('/') {
        return if exists(&index) {
            Lookup::File(index)
        } else {
            Lookup::NotFound
        };
    }
    if exists(&path) {
        Lookup::File(path)
    } else if exists(&index) {
        Lookup::Redirect(format!("{raw_path}/"))
    } else {
        Lookup::NotFound
    }
}

/// The decoded segments, or none if any of them is empty, `.`, `..`, or hides
/// a separator or NUL behind percent-encoding.
fn decode_segments(rest: &str) -> Option<Vec<String>> {
    let trimmed = rest.strip_suffix('/').unwrap_or(rest);
    if trimmed.is_empty() {
        return Some(Vec::new());
    }
    trimmed
        .split('/')
        .map(|raw| {
            let segment = percent_decode_str(raw).decode_utf8().ok()?;
            let refused = segment.is_empty()
                || segment == "."
                || segment == ".."
                || segment.contains(['/', '\\', '\0']);
            (!refused).then(|| segment.into_owned())
        })
        .collect()
}

/// The Content-Type of an output file; text is always UTF-8.
pub fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/vnd.microsoft.icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(path: &str) -> bool {
        [
            "index.html",
            "2023/index.html",
            "2023/sakai.html",
            "assets/style.css",
        ]
        .contains(&path)
    }

    #[test]
    fn folders_are_served_by_their_index() {
        assert_eq!(lookup("/", site), Lookup::File("index.html".into()));
        assert_eq!(
            lookup("/2023/", site),
            Lookup::File("2023/index.html".into())
        );
        assert_eq!(lookup("/2023", site), Lookup::Redirect("/2023/".into()));
        assert_eq!(
            lookup("/2023/sakai.html", site),
            Lookup::File("2023/sakai.html".into())
        );
        assert_eq!(lookup("/assets/", site), Lookup::NotFound);
        assert_eq!(lookup("/nowhere.html", site), Lookup::NotFound);
    }

    #[test]
    fn percent_encoded_names_are_decoded() {
        let japanese = |path: &str| path == "資料/表.csv";
        assert_eq!(
            lookup("/%E8%B3%87%E6%96%99/%E8%A1%A8.csv", japanese),
            Lookup::File("資料/表.csv".into())
        );
    }

    #[test]
    fn climbing_out_is_refused() {
        for path in [
            "/../site.yaml",
            "/2023/../../site.yaml",
            "/%2e%2e/site.yaml",
            "/%2E%2E/site.yaml",
            "/.%2e/site.yaml",
            "/2023%2f..%2f..%2fsite.yaml",
            "/2023%2F..%2F..%2Fsite.yaml",
            "/..%5csite.yaml",
            "/..\\site.yaml",
            "/./index.html",
            "//etc/passwd",
            "/index.html%00.css",
            "/%ff",
            "relative",
        ] {
            assert_eq!(lookup(path, |_| true), Lookup::BadRequest, "{path}");
        }
    }

    #[test]
    fn text_types_say_utf8() {
        for path in [
            "a.html", "a.css", "a.svg", "a.js", "a.json", "a.csv", "a.xml", "A.HTML",
        ] {
            assert!(content_type(path).ends_with("; charset=utf-8"), "{path}");
        }
        assert_eq!(content_type("a.png"), "image/png");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }
}
