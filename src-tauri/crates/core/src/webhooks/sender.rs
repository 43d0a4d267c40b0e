//! One HTTP attempt: POST the signed body, read at most a little of the answer, give up at a
//! deadline. Redirects are not followed (a 3xx is a failed attempt), proxies are not used.

use std::time::Duration;

use mostrador_types::{Delivery, DeliveryProblem};
use ring::hmac;

use super::signing;

/// A receiver has this long to answer, connection included.
const TIMEOUT: Duration = Duration::from_secs(10);
/// The most of an answer that is read (then the connection is dropped).
const MAX_ANSWER: u64 = 64 * 1024;

/// What came of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub http_status: Option<u16>,
    /// Why it failed: a code, and the words.
    pub error: Option<(DeliveryProblem, String)>,
}

impl Outcome {
    pub fn delivered(&self) -> bool {
        self.error.is_none()
    }

    pub fn gone(&self) -> bool {
        self.http_status == Some(410)
    }

    /// The attempt as the deliveries list shows it: made at `started`, answered at `finished`.
    pub fn delivery(
        &self,
        event_id: &str,
        event_type: &str,
        attempt: u32,
        started: i64,
        finished: i64,
    ) -> Delivery {
        Delivery {
            event_id: event_id.to_owned(),
            event_type: event_type.to_owned(),
            attempt,
            at: started,
            http_status: self.http_status,
            latency_ms: u64::try_from(finished - started).unwrap_or(0),
            error: self.error.as_ref().map(|(_, words)| words.clone()),
            problem: self.error.as_ref().map(|(problem, _)| *problem),
        }
    }
}

/// An HTTP client kept per webhook, so its connection is reused between events.
#[derive(Clone)]
pub struct Sender {
    agent: ureq::Agent,
}

impl Sender {
    pub fn new() -> Self {
        let config = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .proxy(None)
            .timeout_global(Some(TIMEOUT))
            .user_agent("Mostrador-Webhooks/1")
            .build();
        Sender {
            agent: config.into(),
        }
    }

    /// Posts `body` to `url` signed under `key` as event `id`, stamped `timestamp` (s).
    pub async fn post(
        &self,
        url: &str,
        key: &hmac::Key,
        id: &str,
        timestamp: i64,
        body: Vec<u8>,
    ) -> Outcome {
        let signature = signing::sign(key, id, timestamp, &body);
        let (agent, url, id) = (self.agent.clone(), url.to_owned(), id.to_owned());
        let attempt = move || {
            let answer = agent
                .post(&url)
                .header("content-type", "application/json")
                .header("webhook-id", &id)
                .header("webhook-timestamp", timestamp.to_string())
                .header("webhook-signature", &signature)
                .send(&body[..]);
            match answer {
                Ok(mut r) => {
                    let status = r.status().as_u16();
                    // Read (a bounded part of) the answer so the connection can be reused.
                    let _ = r.body_mut().with_config().limit(MAX_ANSWER).read_to_vec();
                    Outcome {
                        http_status: Some(status),
                        error: (!(200..300).contains(&status)).then(|| {
                            let words = format!("the receiver answered HTTP {status}");
                            (DeliveryProblem::Status, words)
                        }),
                    }
                }
                Err(e) => Outcome {
                    http_status: None,
                    error: Some(describe(&e)),
                },
            }
        };
        tokio::task::spawn_blocking(attempt)
            .await
            .unwrap_or_else(|e| Outcome {
                http_status: None,
                error: Some((
                    DeliveryProblem::Stopped,
                    format!("the attempt stopped: {e}"),
                )),
            })
    }
}

fn describe(e: &ureq::Error) -> (DeliveryProblem, String) {
    match e {
        ureq::Error::Timeout(_) => (
            DeliveryProblem::Timeout,
            format!("no answer within {} s", TIMEOUT.as_secs()),
        ),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => (
            DeliveryProblem::Refused,
            "nothing is listening at that address (connection refused)".into(),
        ),
        other => (
            DeliveryProblem::Unreachable,
            format!("cannot reach the receiver: {other}"),
        ),
    }
}
