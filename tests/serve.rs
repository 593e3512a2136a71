//! `hyoka serve`: a running preview over a temp copy of the example site,
//! asked over real HTTP while its files are edited, broken and fixed.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

use common::http::{get, get_as, get_until};
use common::{copy_tree, repo_root, select};
use hyoka::serve::{Preview, ServeOptions};
use scraper::Html;
use tempfile::TempDir;

const SECTION: &str = "content/2023/oyama.yaml";
const SECTION_PAGE: &str = "/2023/oyama.html";
const SECTION_NAME: &str = "小山市民センター";

struct Running {
    site: TempDir,
    preview: Option<Preview>,
}

impl Running {
    fn addr(&self) -> std::net::SocketAddr {
        self.preview.as_ref().unwrap().addr()
    }

    fn path(&self, file: &str) -> PathBuf {
        self.site.path().join(file)
    }

    /// Saves as most editors do, by renaming a new file over the old one: a
    /// rebuild can never read the file half-written, which a stalled test
    /// machine could otherwise show as a passing error.
    fn edit(&self, file: &str, change: impl Fn(&str) -> String) {
        let path = self.path(file);
        let text = fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        let saving = path.with_file_name(format!(".{name}.saving"));
        fs::write(&saving, change(&text)).unwrap();
        fs::rename(&saving, &path).unwrap();
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(preview) = self.preview.take() {
            preview.stop();
        }
    }
}

/// A copy of the example site's sources in a temp folder.
fn example_copy() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(repo_root().join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    copy_tree(&repo_root().join("content"), &dir.path().join("content"));
    dir
}

fn serve(site: TempDir) -> Running {
    let preview = Preview::start(
        &ServeOptions {
            root: site.path().to_path_buf(),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
        },
        |_| {},
    )
    .unwrap_or_else(|err| panic!("serve did not start: {err}"));
    Running {
        site,
        preview: Some(preview),
    }
}

fn overlay_errors(html: &str) -> Option<String> {
    let page = Html::parse_document(html);
    select(&page, "#hyoka-errors pre")
        .first()
        .map(|pre| pre.text().collect())
}

#[test]
fn serves_every_kind_of_file_with_its_type() {
    let running = serve(example_copy());
    let addr = running.addr();
    for (path, expected) in [
        ("/", "text/html; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
        (SECTION_PAGE, "text/html; charset=utf-8"),
        ("/assets/style.css", "text/css; charset=utf-8"),
        ("/assets/favicon.svg", "image/svg+xml; charset=utf-8"),
        ("/__hyoka/live.js", "text/javascript; charset=utf-8"),
        ("/data/goals.json", "application/json; charset=utf-8"),
        ("/data/goals.csv", "text/csv; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
    ] {
        let response = get(addr, path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.header("content-type"), expected, "{path}");
        assert_eq!(response.header("cache-control"), "no-store", "{path}");
    }
}

#[test]
fn folders_are_served_by_their_index_and_unknown_paths_by_the_404_page() {
    let running = serve(example_copy());
    let addr = running.addr();
    let (rendered, _) = hyoka::render_site(running.site.path(), None).unwrap();
    let index = String::from_utf8(rendered.files["2023/index.html"].clone()).unwrap();

    let folder = get(addr, "/2023/");
    assert_eq!(folder.status, 200);
    let title = |html: &str| {
        select(&Html::parse_document(html), "title")
            .first()
            .map(common::text_of)
    };
    assert_eq!(title(&folder.text()), title(&index));

    let bare = get(addr, "/2023");
    assert_eq!(bare.status, 308);
    assert_eq!(bare.header("location"), "/2023/");

    let missing = get(addr, "/2023/no-such-section/page.html");
    assert_eq!(missing.status, 404);
    let not_found = String::from_utf8(rendered.files["404.html"].clone()).unwrap();
    assert_eq!(title(&missing.text()), title(&not_found));
    // The 404 page's relative links are written for the site root, whatever the asked path.
    let page = Html::parse_document(&missing.text());
    assert_eq!(select(&page, "base")[0].value().attr("href"), Some("/"));
}

#[test]
fn only_serve_adds_the_reload_script() {
    let running = serve(example_copy());
    let served = get(running.addr(), SECTION_PAGE).text();
    let page = Html::parse_document(&served);
    assert_eq!(select(&page, "script[src='/__hyoka/live.js']").len(), 1);

    let (rendered, _) = hyoka::render_site(running.site.path(), None).unwrap();
    for (path, bytes) in &rendered.files {
        assert!(
            !String::from_utf8_lossy(bytes).contains("__hyoka"),
            "{path} of a build has serve's reload script"
        );
    }
}

#[test]
fn an_edit_shows_and_a_broken_file_shows_its_errors_until_fixed() {
    let running = serve(example_copy());
    let addr = running.addr();
    assert!(get(addr, SECTION_PAGE).text().contains(SECTION_NAME));

    running.edit(SECTION, |text| {
        text.replace(
            &format!("name: {SECTION_NAME}"),
            "name: 小山市民センター（改）",
        )
    });
    let edited = get_until(addr, SECTION_PAGE, |r| {
        r.text().contains("小山市民センター（改）")
    });
    assert!(overlay_errors(&edited.text()).is_none());

    // A grade that is not on the scale: one error, at a known line.
    running.edit(SECTION, |text| text.replacen("grade: ", "grade: Z", 1));
    let broken = get_until(addr, SECTION_PAGE, |r| overlay_errors(&r.text()).is_some());
    assert_eq!(broken.status, 200);
    assert!(
        broken.text().contains("小山市民センター（改）"),
        "the last good page stays under the errors"
    );
    let shown = overlay_errors(&broken.text()).unwrap();
    assert!(shown.contains(SECTION), "{shown}");
    let check = assert_cmd::Command::cargo_bin("hyoka")
        .unwrap()
        .args(["check", "--root"])
        .arg(running.site.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    let check_text = String::from_utf8_lossy(&check.stderr);
    assert!(
        check_text.contains(&shown),
        "the browser shows what check says.\nbrowser:\n{shown}\ncheck:\n{check_text}"
    );

    running.edit(SECTION, |text| text.replacen("grade: Z", "grade: ", 1));
    let fixed = get_until(addr, SECTION_PAGE, |r| overlay_errors(&r.text()).is_none());
    assert!(fixed.text().contains("小山市民センター（改）"));
}

#[test]
fn site_yaml_replaced_by_an_editor_is_picked_up() {
    let running = serve(example_copy());
    // Editors save by writing a new file and renaming it over the old one.
    let text = fs::read_to_string(running.path("site.yaml")).unwrap();
    let replacement = running.path(".site.yaml.swp");
    fs::write(
        &replacement,
        text.replace("title: 市民部 組織目標", "title: 市民部 組織目標 改訂版"),
    )
    .unwrap();
    fs::rename(&replacement, running.path("site.yaml")).unwrap();
    get_until(running.addr(), "/", |r| {
        r.text().contains("市民部 組織目標 改訂版")
    });
}

#[test]
fn theme_files_and_a_static_folder_made_while_serving_are_picked_up() {
    let site = tempfile::tempdir().unwrap();
    copy_tree(&common::fixture("theme-override"), site.path());
    let running = serve(site);
    let section = "themes/custom/templates/section.html";
    let page = "/2023/soudan.html";
    assert!(get(running.addr(), page).text().contains("カスタム："));
    running.edit(section, |text| text.replace("カスタム：", "独自："));
    get_until(running.addr(), page, |r| r.text().contains("独自："));

    fs::create_dir_all(running.path("static/docs")).unwrap();
    fs::write(running.path("static/docs/note.txt"), "注記").unwrap();
    let note = get_until(running.addr(), "/docs/note.txt", |r| r.status == 200);
    assert_eq!(note.text(), "注記");
    assert_eq!(note.header("content-type"), "text/plain; charset=utf-8");
}

#[test]
fn a_site_that_never_built_shows_its_errors_then_the_site_once_fixed() {
    let site = example_copy();
    let section = site.path().join(SECTION);
    let good = fs::read_to_string(&section).unwrap();
    fs::write(&section, format!("{good}\nunknown_field: 1\n")).unwrap();
    let running = serve(site);
    let first = get(running.addr(), "/");
    assert_eq!(first.status, 500);
    assert!(
        overlay_errors(&first.text())
            .unwrap()
            .contains("unknown_field")
    );

    fs::write(&section, good).unwrap();
    let fixed = get_until(running.addr(), SECTION_PAGE, |r| r.status == 200);
    assert!(fixed.text().contains(SECTION_NAME));
}

#[test]
fn open_pages_hear_of_every_change() {
    use std::io::{BufRead, BufReader, Write};
    let running = serve(example_copy());
    let mut stream = std::net::TcpStream::connect(running.addr()).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET /__hyoka/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
        running.addr()
    )
    .unwrap();
    let mut lines = BufReader::new(stream).lines().map(Result::unwrap);
    let mut next_version = || {
        lines
            .by_ref()
            .find_map(|line| line.strip_prefix("data: ").map(str::to_owned))
            .expect("a version event")
    };
    let first = next_version();
    let served = get(running.addr(), SECTION_PAGE).text();
    assert!(served.contains(&format!("data-version=\"{first}\"")));

    running.edit(SECTION, |text| text.replace(SECTION_NAME, "小山センター"));
    let second = next_version();
    assert_ne!(first, second);
    assert!(
        get(running.addr(), SECTION_PAGE)
            .text()
            .contains("小山センター")
    );
}

#[test]
fn requests_under_another_name_are_refused_pages_and_events_alike() {
    let running = serve(example_copy());
    let addr = running.addr();
    let port = addr.port();
    for path in [
        "/",
        SECTION_PAGE,
        "/__hyoka/events",
        "/__hyoka/live.js",
        "/no-such-page",
    ] {
        for host in [
            "evil.example".to_owned(),
            format!("evil.example:{port}"),
            format!("127.0.0.1.nip.io:{port}"),
            format!("localhost.evil.example:{port}"),
            format!("127.0.0.1:{}", port.wrapping_add(1)),
            String::new(),
        ] {
            let response = get_as(addr, path, &host);
            assert_eq!(response.status, 421, "{path} as {host:?}");
            assert!(
                !response.text().contains(SECTION_NAME),
                "{path} as {host:?}"
            );
            assert!(response.text().contains("[E701]"), "{path} as {host:?}");
        }
    }
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("LocalHost:{port}"),
    ] {
        let response = get_as(addr, SECTION_PAGE, &host);
        assert_eq!(response.status, 200, "{host}");
        assert!(response.text().contains(SECTION_NAME), "{host}");
    }
}

#[test]
fn paths_that_climb_out_of_the_site_are_refused() {
    let running = serve(example_copy());
    let secret = fs::read_to_string(running.path("site.yaml")).unwrap();
    for path in [
        "/../site.yaml",
        "/2023/../../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E/%2E%2E/site.yaml",
        "/assets/%2e%2e%2f%2e%2e%2fsite.yaml",
        "/2023%2f..%2f..%2fsite.yaml",
        "/..%5csite.yaml",
        "/..\\site.yaml",
        "/assets\\..\\..\\site.yaml",
        "/%00",
        "/site.yaml",
        "/content/2023/oyama.yaml",
        "/./site.yaml",
        "//site.yaml",
    ] {
        let response = get(running.addr(), path);
        assert!(
            [400, 404].contains(&response.status),
            "{path}: {}",
            response.status
        );
        assert!(
            !response.text().contains(&secret[..200]),
            "{path} leaked site.yaml"
        );
    }
}

#[test]
fn every_link_of_a_site_with_a_sub_path_base_url_works_in_preview() {
    let running = serve(example_copy());
    let base_url = fs::read_to_string(running.path("site.yaml")).unwrap();
    assert!(
        base_url.contains("base_url: https://www.city.machida.tokyo.jp/shisei/"),
        "the example is published under a sub-path"
    );
    let mut seen = BTreeSet::new();
    let mut queue = vec!["/".to_owned()];
    while let Some(path) = queue.pop() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let response = get(running.addr(), &path);
        assert_eq!(response.status, 200, "{path}");
        if !response.header("content-type").starts_with("text/html") {
            continue;
        }
        let page = Html::parse_document(&response.text());
        for element in select(&page, "[href], [src]") {
            let link = element
                .value()
                .attr("href")
                .or(element.value().attr("src"))
                .unwrap();
            if link.contains(':') || link.starts_with('#') {
                continue;
            }
            queue.push(resolve(&path, link));
        }
    }
    assert!(seen.len() > 20, "crawled only {seen:?}");
}

/// A relative link as the browser resolves it from the page at `from`.
fn resolve(from: &str, link: &str) -> String {
    let link = link.split(['#', '?']).next().unwrap();
    let mut parts: Vec<&str> = if link.starts_with('/') {
        vec![]
    } else {
        let dir = &from[..=from.rfind('/').unwrap()];
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for segment in link.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let trailing = if link.ends_with('/') || link.is_empty() {
        "/"
    } else {
        ""
    };
    if parts.is_empty() {
        return "/".into();
    }
    format!("/{}{trailing}", parts.join("/"))
}

#[test]
fn many_requests_at_once_are_all_served() {
    let running = serve(example_copy());
    let addr = running.addr();
    let expected = get(addr, SECTION_PAGE).body;
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..32)
            .map(|_| {
                scope.spawn(|| {
                    for _ in 0..10 {
                        let response = get(addr, SECTION_PAGE);
                        assert_eq!(response.status, 200);
                        assert_eq!(response.body, expected);
                    }
                })
            })
            .collect();
        for worker in workers {
            worker.join().unwrap();
        }
    });
}

mod command {
    use std::io::{BufRead, BufReader};
    use std::net::TcpListener;
    use std::process::{Command, Stdio};

    use super::*;

    fn hyoka() -> Command {
        Command::new(assert_cmd::cargo::cargo_bin("hyoka"))
    }

    #[test]
    fn a_port_in_use_says_to_choose_another() {
        let taken = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = taken.local_addr().unwrap().port().to_string();
        let output = hyoka()
            .args(["serve", "--port", &port, "--root"])
            .arg(repo_root())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("already in use"), "{stderr}");
        assert!(stderr.contains("--port"), "{stderr}");
    }

    #[cfg(unix)]
    #[test]
    fn prints_the_loopback_url_and_stops_cleanly_on_ctrl_c() {
        let site = example_copy();
        let mut child = hyoka()
            .args(["serve", "--port", "0", "--root"])
            .arg(site.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        while !line.starts_with("serving ") {
            line.clear();
            assert_ne!(stdout.read_line(&mut line).unwrap(), 0, "serve ended early");
        }
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap();
        assert!(url.starts_with("http://127.0.0.1:"), "{line}");
        let addr: std::net::SocketAddr = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .parse()
            .unwrap();
        // An open page's event stream must not keep the server from stopping.
        let mut events = std::net::TcpStream::connect(addr).unwrap();
        std::io::Write::write_all(
            &mut events,
            format!("GET /__hyoka/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes(),
        )
        .unwrap();
        let mut events = BufReader::new(events);
        let mut status_line = String::new();
        events.read_line(&mut status_line).unwrap();
        assert!(status_line.contains("200"), "{status_line}");

        let interrupted = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(interrupted.success());
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if std::time::Instant::now() > deadline {
                child.kill().unwrap();
                panic!("serve did not stop on Ctrl-C");
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        };
        assert!(status.success(), "{status}");
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
        assert!(rest.contains("stopped"), "{rest}");
    }
}
