//! Meilisearch for the integration tests, three ways:
//!
//! - **replay** (the default): a local HTTP server plays back a cassette in
//!   `app/tests/recordings/`, one request/response exchange at a time, and
//!   fails the test when Haven sends anything else (method, path, query or
//!   JSON body; a recorded `"<any>"` matches any value). Meilisearch cannot
//!   be installed from this machine's package registries, so these
//!   cassettes were written from Meilisearch's API reference (v1.x)
//!   around the requests Haven actually sends, not captured from a server.
//! - **live**, when `MEILISEARCH_URL` (and `MEILISEARCH_API_KEY`) is set:
//!   the same tests talk to that server; each test first deletes its own
//!   index (`haven_test_*`).
//! - **record**, when `HAVEN_RECORD_MEILISEARCH=1` is set as well: live,
//!   through a proxy that writes the exchanges to the cassette, replacing
//!   the cassettes above with real ones.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use app::server::services::search::meili::Meili;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A request as Haven sent it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Request {
    pub method: String,
    /// Path and query, e.g. `/indexes/x/documents?primaryKey=id`.
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
}

/// Meilisearch's answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Exchange {
    /// What this step is, for whoever reads the cassette.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub request: Request,
    pub response: Reply,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Cassette {
    pub about: String,
    pub exchanges: Vec<Exchange>,
}

/// Keys whose values change from run to run; recorded as `"<any>"`.
const VOLATILE: &[&str] = &["created_at"];

/// Whether `actual` matches `recorded`, where `"<any>"` matches anything.
pub fn matches(recorded: &Value, actual: &Value) -> bool {
    match (recorded, actual) {
        (Value::String(s), _) if s == "<any>" => true,
        (Value::Object(r), Value::Object(a)) => {
            r.len() == a.len()
                && r.iter()
                    .all(|(k, v)| a.get(k).is_some_and(|av| matches(v, av)))
        }
        (Value::Array(r), Value::Array(a)) => {
            r.len() == a.len() && r.iter().zip(a).all(|(rv, av)| matches(rv, av))
        }
        _ => recorded == actual,
    }
}

fn scrub(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if VOLATILE.contains(&k.as_str()) {
                    *v = Value::String("<any>".into());
                } else {
                    scrub(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(scrub),
        _ => {}
    }
}

#[derive(Default)]
struct Tape {
    left: VecDeque<Exchange>,
    /// What went wrong, reported by `finish`.
    problems: Vec<String>,
    /// Record mode: where to forward, and what was seen.
    forward: Option<(String, Option<String>)>,
    seen: Vec<Exchange>,
}

type Shared = Arc<Mutex<Tape>>;

fn body_json(body: &Bytes) -> Option<Value> {
    if body.is_empty() {
        None
    } else {
        Some(
            serde_json::from_slice(body)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned())),
        )
    }
}

async fn answer(State(tape): State<Shared>, method: Method, uri: Uri, body: Bytes) -> Response {
    let request = Request {
        method: method.to_string(),
        path: uri
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default(),
        body: body_json(&body),
    };
    let forward = tape.lock().unwrap().forward.clone();
    if let Some((url, key)) = forward {
        return record(&tape, url, key, request, body).await;
    }
    let next = tape.lock().unwrap().left.pop_front();
    let problem = match next {
        None => format!(
            "unexpected request after the cassette ended: {}",
            serde_json::to_string(&request).unwrap()
        ),
        Some(exchange) => {
            let same = exchange.request.method == request.method
                && exchange.request.path == request.path
                && match (&exchange.request.body, &request.body) {
                    (None, None) => true,
                    (Some(r), Some(a)) => matches(r, a),
                    _ => false,
                };
            if same {
                let status = StatusCode::from_u16(exchange.response.status).unwrap();
                return (
                    status,
                    [("content-type", "application/json")],
                    exchange.response.body.to_string(),
                )
                    .into_response();
            }
            format!(
                "request differs from the cassette\n expected: {}\n      got: {}",
                serde_json::to_string(&exchange.request).unwrap(),
                serde_json::to_string(&request).unwrap()
            )
        }
    };
    tape.lock().unwrap().problems.push(problem.clone());
    (StatusCode::IM_A_TEAPOT, problem).into_response()
}

async fn record(
    tape: &Shared,
    url: String,
    key: Option<String>,
    request: Request,
    body: Bytes,
) -> Response {
    let client = reqwest::Client::new();
    let method = reqwest::Method::from_bytes(request.method.as_bytes()).unwrap();
    let mut call = client
        .request(method, format!("{url}{}", request.path))
        .header("content-type", "application/json");
    if let Some(key) = &key {
        call = call.bearer_auth(key);
    }
    if !body.is_empty() {
        call = call.body(body.to_vec());
    }
    let reply = call.send().await.expect("the Meilisearch being recorded");
    let status = reply.status().as_u16();
    let bytes = reply.bytes().await.unwrap_or_default();
    let mut scrubbed = request.clone();
    if let Some(b) = scrubbed.body.as_mut() {
        scrub(b);
    }
    tape.lock().unwrap().seen.push(Exchange {
        note: String::new(),
        request: scrubbed,
        response: Reply {
            status,
            body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        },
    });
    (
        StatusCode::from_u16(status).unwrap(),
        [("content-type", "application/json")],
        bytes,
    )
        .into_response()
}

enum Mode {
    Replay,
    Live,
    Record,
}

/// Meilisearch for one test run on one database.
pub struct Recorded {
    name: String,
    mode: Mode,
    url: String,
    key: Option<String>,
    index: String,
    tape: Shared,
}

fn cassette_path(name: &str) -> PathBuf {
    // Also used by the server crate's CLI tests: the path is the app's.
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../app/tests/recordings"
    ))
    .join(format!("{name}.json"))
}

async fn serve(tape: Shared) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = axum::Router::new().fallback(answer).with_state(tape);
    tokio::spawn(async move {
        axum::serve(listener, router).await.unwrap();
    });
    format!("http://{addr}")
}

impl Recorded {
    /// Meilisearch for the test `name`, whose index is `haven_test_{name}`.
    pub async fn start(name: &str) -> Recorded {
        let index = format!("haven_test_{name}");
        let live = std::env::var("MEILISEARCH_URL")
            .ok()
            .filter(|u| !u.is_empty());
        let key = std::env::var("MEILISEARCH_API_KEY").ok();
        let tape: Shared = Arc::default();
        let (mode, url) = match live {
            Some(real) => {
                let real = real.trim_end_matches('/').to_string();
                // A clean start: the test's index from an earlier run goes.
                let meili = Meili::new(&real, key.as_deref(), &index).unwrap();
                meili.drop_index().await.unwrap();
                if std::env::var("HAVEN_RECORD_MEILISEARCH").is_ok_and(|v| v == "1") {
                    tape.lock().unwrap().forward = Some((real, key.clone()));
                    (Mode::Record, serve(tape.clone()).await)
                } else {
                    (Mode::Live, real)
                }
            }
            None => {
                let path = cassette_path(name);
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("cassette {}: {e}", path.display()));
                let cassette: Cassette = serde_json::from_str(&text)
                    .unwrap_or_else(|e| panic!("cassette {}: {e}", path.display()));
                tape.lock().unwrap().left = cassette.exchanges.into();
                (Mode::Replay, serve(tape.clone()).await)
            }
        };
        Recorded {
            name: name.to_string(),
            mode,
            url,
            key,
            index,
            tape,
        }
    }

    /// Whether this run replays a cassette (rather than a real server).
    pub fn replaying(&self) -> bool {
        matches!(self.mode, Mode::Replay)
    }

    /// The address Haven should use for Meilisearch.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Haven's client for the test's index.
    pub fn meili(&self) -> Meili {
        Meili::new(&self.url, self.key.as_deref(), &self.index).unwrap()
    }

    /// Checks that the whole cassette was played and nothing else was
    /// asked; in record mode, writes the cassette.
    pub fn finish(self) {
        let tape = self.tape.lock().unwrap();
        match self.mode {
            Mode::Replay => {
                assert!(
                    tape.problems.is_empty(),
                    "cassette {}: {}",
                    self.name,
                    tape.problems.join("\n")
                );
                assert!(
                    tape.left.is_empty(),
                    "cassette {}: {} exchanges were never requested, the first: {}",
                    self.name,
                    tape.left.len(),
                    serde_json::to_string(&tape.left[0].request).unwrap()
                );
            }
            Mode::Record => {
                let cassette = Cassette {
                    about: format!(
                        "Recorded from a real Meilisearch by `HAVEN_RECORD_MEILISEARCH=1 cargo test --test recorded_meilisearch {}`.",
                        self.name
                    ),
                    exchanges: tape.seen.clone(),
                };
                std::fs::write(
                    cassette_path(&self.name),
                    serde_json::to_string_pretty(&cassette).unwrap() + "\n",
                )
                .unwrap();
            }
            Mode::Live => {}
        }
    }
}

/// A Meilisearch address where nothing listens: an outage.
pub async fn unreachable() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

#[test]
fn any_matches_anything_and_the_rest_exactly() {
    let recorded = serde_json::json!({"id": 1, "created_at": "<any>", "tags": ["a"]});
    assert!(matches(
        &recorded,
        &serde_json::json!({"id": 1, "created_at": 1_700_000_000, "tags": ["a"]})
    ));
    assert!(!matches(
        &recorded,
        &serde_json::json!({"id": 2, "created_at": 1, "tags": ["a"]})
    ));
    assert!(!matches(
        &recorded,
        &serde_json::json!({"id": 1, "created_at": 1, "tags": ["a"], "extra": true})
    ));
}
