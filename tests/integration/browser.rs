//! The HTML report in a real browser: headless Chromium driven through
//! chromedriver's WebDriver HTTP API (a small HTTP/1.1 client over a
//! `TcpStream`, so the tests pull in no async runtime). The page of a sample
//! is opened from a file, a filter applied, a failing pair opened, and what
//! the page shows once its script ran is read from the DOM; the page must
//! have made no network request, and its policy must block one.
//!
//! Needs `chromium` and `chromedriver` on the PATH (Debian: `apt-get install
//! chromium chromium-driver`). Without them the tests say on stderr that
//! they were skipped and pass; with `NETREACH_REQUIRE_BROWSER=1` (set by
//! `.ci/run`) they fail instead. Waits are bounded guards (a page that never
//! gets ready fails after 30 s), not measures of speed.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::util::{run, tempdir, write};

/// The guard of every wait.
const GUARD: Duration = Duration::from_secs(30);

/// The WebDriver key of an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// An executable of that name on the PATH.
fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// Chromium and chromedriver, or `None` (the test is skipped with a line on
/// stderr, unless `NETREACH_REQUIRE_BROWSER=1`, where it fails).
fn browser(test: &str) -> Option<(PathBuf, PathBuf)> {
    let chromium = on_path(&["chromium", "chromium-browser", "google-chrome"]);
    let driver = on_path(&["chromedriver"]);
    if let (Some(chromium), Some(driver)) = (chromium, driver) {
        return Some((chromium, driver));
    }
    let required = std::env::var("NETREACH_REQUIRE_BROWSER").is_ok_and(|v| v.trim() == "1");
    assert!(
        !required,
        "{test}: chromium and chromedriver are not on the PATH and NETREACH_REQUIRE_BROWSER=1 \
         forbids skipping (apt-get install chromium chromium-driver)"
    );
    // the process's stderr, not `eprintln!` (captured by the harness)
    let _ = writeln!(
        std::io::stderr(),
        "skipped {test}: chromium or chromedriver is not on the PATH (apt-get install chromium \
         chromium-driver; NETREACH_REQUIRE_BROWSER=1 makes this a failure)"
    );
    None
}

/// One HTTP/1.1 exchange with chromedriver; the JSON body of the reply.
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> std::io::Result<Value> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(120)))?;
    let body = body.map(Value::to_string).unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    // chromedriver keeps the connection open: read the head, then
    // Content-Length bytes (or chunks until the last one)
    let mut reply = Vec::new();
    let mut buf = [0u8; 1 << 14];
    let (head, mut body) = loop {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            return Err(std::io::Error::other("connection closed before the reply"));
        }
        reply.extend_from_slice(&buf[..n]);
        if let Some(end) = reply.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&reply[..end]).to_ascii_lowercase();
            break (head, reply[end + 4..].to_vec());
        }
    };
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|n| n.trim().parse::<usize>().ok());
    let chunked = head.contains("transfer-encoding: chunked");
    loop {
        let complete = match length {
            Some(length) => body.len() >= length,
            None if chunked => body.ends_with(b"0\r\n\r\n"),
            None => false,
        };
        if complete {
            break;
        }
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&buf[..n]);
    }
    let body = String::from_utf8_lossy(&body);
    let rest = if chunked {
        dechunk(&body)
    } else {
        body.into_owned()
    };
    serde_json::from_str(&rest).map_err(|e| std::io::Error::other(format!("{e}: {rest}")))
}

/// The body of a chunked reply.
fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 || tail.len() < size {
            break;
        }
        out.push_str(&tail[..size]);
        rest = tail[size..].trim_start_matches("\r\n");
    }
    out
}

/// A chromedriver with one headless Chromium session.
struct Browser {
    driver: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start(chromium: &Path, chromedriver: &Path) -> Browser {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while !http(port, "GET", "/status", None).is_ok_and(|s| s["value"]["ready"] == true) {
            assert!(started.elapsed() < GUARD, "chromedriver never got ready");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempdir();
        // Without these flags Chromium waits on network lookups where the
        // network is closed.
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ]
        .iter()
        .map(|a| a.to_string())
        .chain([format!("--user-data-dir={}", profile.path().display())])
        .collect::<Vec<String>>();
        let mut browser = Browser {
            driver,
            port,
            session: String::new(),
            _profile: profile,
        };
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": args}
        }}});
        let reply = browser.call("POST", "/session", Some(&capabilities));
        browser.session = reply["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {reply}"))
            .to_string();
        browser
    }

    /// A command; its `value`.
    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        let reply = http(self.port, method, path, body).unwrap();
        assert!(
            reply["value"]["error"].is_null(),
            "{method} {path}: {reply}"
        );
        reply["value"].clone()
    }

    fn session(&self, method: &str, path: &str, body: Value) -> Value {
        self.call(
            method,
            &format!("/session/{}{path}", self.session),
            Some(&body),
        )
    }

    fn open(&self, file: &Path) {
        self.session(
            "POST",
            "/url",
            json!({"url": format!("file://{}", file.display())}),
        );
        self.wait("return document.body.dataset.ready === '1'");
    }

    /// Runs a script in the page; its result.
    fn js(&self, script: &str) -> Value {
        self.session(
            "POST",
            "/execute/sync",
            json!({"script": script, "args": []}),
        )
    }

    /// Waits until `script` returns true.
    fn wait(&self, script: &str) {
        let started = Instant::now();
        while self.js(script) != json!(true) {
            assert!(started.elapsed() < GUARD, "never true: {script}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The element `css` selects.
    fn find(&self, css: &str) -> String {
        let found = self.session(
            "POST",
            "/element",
            json!({"using": "css selector", "value": css}),
        );
        found[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no {css}"))
            .to_string()
    }

    fn click(&self, css: &str) {
        let element = self.find(css);
        self.session("POST", &format!("/element/{element}/click"), json!({}));
    }

    fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css);
        self.session(
            "POST",
            &format!("/element/{element}/value"),
            json!({"text": text}),
        );
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = http(
                self.port,
                "DELETE",
                &format!("/session/{}", self.session),
                None,
            );
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// The HTML report of `inventory`, written to `dir/report.html`.
fn report(inventory: &Path, dir: &Path) -> PathBuf {
    let file = dir.join("report.html");
    let out = run(&[
        "check",
        inventory.to_str().unwrap(),
        "--format",
        "html",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    file
}

#[test]
fn the_report_filters_opens_a_pair_and_fetches_nothing() {
    let Some((chromium, driver)) = browser("the_report_filters_opens_a_pair_and_fetches_nothing")
    else {
        return;
    };
    let dir = tempdir();
    let file = report(&super::util::sample("showcase.json"), dir.path());
    let b = Browser::start(&chromium, &driver);
    b.open(&file);
    // failing pairs are listed first: six of fourteen
    assert_eq!(
        b.js("return document.getElementById('shown').textContent"),
        "1–6 of 6 pairs"
    );
    // a filter: the unreachable pairs of scenario 2
    b.click("#f-verdict option[value='unreachable']");
    b.click("#f-scenario option[value='2 (other region)']");
    b.wait("return document.getElementById('shown').textContent === '1–1 of 1 pairs'");
    let row = b.js("return document.querySelector('#rows tr').textContent");
    assert!(
        row.as_str().unwrap().contains("ds-polardb-analytics-sh"),
        "{row}"
    );
    // open it
    b.click("#rows tr");
    b.wait("return document.querySelector('#detail h2') !== null");
    let detail = b.js("return document.getElementById('detail').innerText");
    let detail = detail.as_str().unwrap();
    for shown in [
        "rg-serverless-adhoc → ds-polardb-analytics-sh",
        "verdict: unreachable",
        "scenario: 2 (other region)",
        "whitelist-missing",
        "Proved fixes (in order)",
        "data source console > ds-polardb-analytics-sh > Whitelist Settings > Modify: add 10.10.2.0/24",
        "Forward path",
        "Return path",
        "tr-uf6e50ahl80jyw7ix0de6",
    ] {
        assert!(detail.contains(shown), "{shown:?} not shown in:\n{detail}");
    }
    assert_eq!(
        b.js("return document.querySelectorAll('#detail ul.fixes input[type=checkbox]').length"),
        1
    );
    // its diagram, drawn from the embedded SVG (when Graphviz made one)
    if on_path(&["dot"]).is_some() {
        b.wait("var i = document.querySelector('#diagram img'); return i !== null && i.complete && i.naturalWidth > 0");
    }
    // the search box, over every pair
    b.click("#f-verdict option[value='all']");
    b.click("#f-scenario option[value='']");
    b.type_into("#f-search", "oracle");
    b.wait("return document.getElementById('shown').textContent === '1–2 of 2 pairs'");
    // nothing was fetched, and the policy forbids fetching
    assert_eq!(
        b.js("return performance.getEntriesByType('resource').length"),
        0
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    let blocked = b.session(
        "POST",
        "/execute/async",
        json!({"script": format!(
            "var done = arguments[0]; fetch('http://127.0.0.1:{port}/x').then(function () {{ done('fetched'); }}, function (e) {{ done('blocked: ' + e); }});"
        ), "args": []}),
    );
    assert!(
        blocked.as_str().unwrap().starts_with("blocked"),
        "{blocked}"
    );
    assert!(listener.accept().is_err(), "the page reached the network");
}

#[test]
fn hostile_names_stay_text_in_the_browser() {
    let Some((chromium, driver)) = browser("hostile_names_stay_text_in_the_browser") else {
        return;
    };
    let dir = tempdir();
    let inventory = write(&dir, "hostile.json", &super::markdown::hostile_inventory());
    let file = report(&inventory, dir.path());
    let b = Browser::start(&chromium, &driver);
    b.open(&file);
    b.type_into("#f-search", "click");
    b.wait("return document.getElementById('shown').textContent === '1–1 of 1 pairs'");
    b.click("#rows tr");
    b.wait("return document.querySelector('#detail h2') !== null");
    // no element, attribute or link came from the input
    let counts = b.js(
        "return [document.scripts.length, document.querySelectorAll('a, b, iframe, object, embed').length, \
         document.querySelectorAll('[onerror], [onload], [href]').length, \
         document.querySelectorAll('img:not(#diagram img)').length]",
    );
    assert_eq!(counts, json!([2, 0, 0, 0]));
    let title = b.js("return document.querySelector('#detail h2').textContent");
    assert_eq!(
        title,
        "rg-<script>alert(1)</script> → ds-[click](javascript:alert(1)) ![i](http://x/i.png) \
         <img src=x onerror=alert(1)> ``code`` | pipe \\u{7}\\u{202e}"
    );
    let binding = b.js("return document.getElementById('detail').innerText");
    assert!(binding
        .as_str()
        .unwrap()
        .contains("vsw-rg|*a*|\\u{a}# heading\\u{d}\\u{1b}[31m"));
    assert_eq!(
        b.js("return performance.getEntriesByType('resource').length"),
        0
    );
}
