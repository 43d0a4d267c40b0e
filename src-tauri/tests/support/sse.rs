//! Reading `GET /api/v1/events` (Server-Sent Events) from a running `serve`, so tests wait
//! for what the app announces instead of polling or sleeping.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;

use super::http::{Auth, open_stream};

pub struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// Subscribes; events from this moment on are seen (check current state after this).
    pub fn open(port: u16, key: &str) -> Events {
        let (status, stream) = open_stream(port, "/api/v1/events", Auth::Header(key));
        assert_eq!(status, 200, "cannot open the event stream");
        Events {
            reader: BufReader::new(stream),
        }
    }

    /// The next event's name and JSON data (comments and keep-alives skipped). Panics when the
    /// stream ends or stays silent past the socket's read timeout.
    pub fn next(&mut self) -> (String, serde_json::Value) {
        let mut name = String::new();
        let mut data = String::new();
        loop {
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).expect("event stream read");
            assert!(n > 0, "the event stream ended");
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if !name.is_empty() || !data.is_empty() {
                    let value = serde_json::from_str(&data).unwrap_or(serde_json::Value::Null);
                    return (std::mem::take(&mut name), value);
                }
            } else if let Some(v) = line.strip_prefix("event:") {
                name = v.trim().to_owned();
            } else if let Some(v) = line.strip_prefix("data:") {
                data.push_str(v.trim_start());
            }
        }
    }

    /// Skips events until one satisfies `wanted`, and returns its data.
    pub fn until(
        &mut self,
        mut wanted: impl FnMut(&str, &serde_json::Value) -> bool,
    ) -> serde_json::Value {
        loop {
            let (name, data) = self.next();
            if wanted(&name, &data) {
                return data;
            }
        }
    }
}
