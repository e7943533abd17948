//! Parses access-log lines and summarises them: the library half of the benchmark app.

use std::collections::BTreeMap;

use regex::Regex;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The version of the summary format; the benchmark changes this line.
pub const EDITION: &str = "reqlog-lib v0";

#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    #[error("line {0} is not an access-log line")]
    Malformed(usize),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub status: u16,
    pub bytes: u64,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Summary {
    pub edition: String,
    pub requests: usize,
    pub bytes: u64,
    pub by_status: BTreeMap<u16, usize>,
    pub digest: String,
}

/// Parses lines like `GET /index.html 200 512`.
pub fn parse(text: &str) -> Result<Vec<Request>, ParseError> {
    let line = Regex::new(r"^(GET|POST|PUT|DELETE) (\S+) (\d{3}) (\d+)$").expect("valid regex");
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            let caps = line.captures(l.trim()).ok_or(ParseError::Malformed(n + 1))?;
            Ok(Request {
                method: caps[1].to_owned(),
                path: caps[2].to_owned(),
                status: caps[3].parse().map_err(|_| ParseError::Malformed(n + 1))?,
                bytes: caps[4].parse().map_err(|_| ParseError::Malformed(n + 1))?,
            })
        })
        .collect()
}

/// Counts requests per status and hashes the canonical JSON of the requests.
pub fn summarise(requests: &[Request]) -> Summary {
    let mut summary = Summary { edition: EDITION.to_owned(), requests: requests.len(), ..Summary::default() };
    for r in requests {
        summary.bytes += r.bytes;
        *summary.by_status.entry(r.status).or_default() += 1;
    }
    let json = serde_json::to_vec(requests).expect("requests serialise");
    summary.digest = format!("{:x}", Sha256::digest(&json))[..16].to_owned();
    summary
}

#[cfg(test)]
mod tests {
    #[test]
    fn parses_and_summarises() {
        let requests = super::parse("GET / 200 10\nPOST /a 500 5\n").unwrap();
        let summary = super::summarise(&requests);
        assert_eq!((summary.requests, summary.bytes), (2, 15));
    }
}
