//! A bare HTTP/1.1 client for the preview tests: it sends the request path
//! exactly as written, so that traversal attempts reach the server unchanged.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

pub struct Response {
    pub status: u16,
    /// Header names in lower case.
    pub headers: BTreeMap<String, String>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map(String::as_str).unwrap_or("")
    }
}

pub fn get(addr: SocketAddr, raw_path: &str) -> Response {
    get_as(addr, raw_path, &addr.to_string())
}

/// Asks with a `Host` header of the caller's choice, as a page that points
/// a name of its own at this machine would.
pub fn get_as(addr: SocketAddr, raw_path: &str, host: &str) -> Response {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET {raw_path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    parse(&raw)
}

fn parse(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response head");
    let head = String::from_utf8_lossy(&raw[..split]);
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    Response {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

/// Asks again until the response satisfies `done`; panics with the last one after a long wait.
pub fn get_until(addr: SocketAddr, raw_path: &str, done: impl Fn(&Response) -> bool) -> Response {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let response = get(addr, raw_path);
        if done(&response) {
            return response;
        }
        assert!(
            Instant::now() < deadline,
            "{raw_path} never became as expected; last response {}:\n{}",
            response.status,
            response.text()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
