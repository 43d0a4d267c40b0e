//! `GET /events`: session changes, new QR codes and message statuses as Server-Sent Events.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use futures_util::Stream;
use futures_util::StreamExt;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;

use crate::caller::Who;
use crate::state::AppState;

/// Set when the server begins to shut down.
#[derive(Clone)]
pub struct Closing(pub tokio::sync::watch::Receiver<bool>);

/// Live events. Each has a name (`session`, `qr`, `message`, `settings`, `batch`, `webhook`,
/// `received`, `contacts`, `profiles`) and a JSON body; `session`, `qr`, `message` and
/// `received` name their `profile`. It opens with each number's `session`. A `resync` event
/// means some were missed and the client should re-read what it shows. The stream ends when the API key is rotated (reconnect with the new one).
#[utoipa::path(get, path = "/api/v1/events", tag = "events", security(("api_key" = [])),
    responses((status = 200, content_type = "text/event-stream", body = mostrador_core::types::Event)))]
pub async fn stream(
    State(s): State<AppState>,
    Who(who): Who,
    closing: Option<axum::Extension<Closing>>,
) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    // A key limited to one number hears only about that number.
    let own = who.profile().map(str::to_owned);
    let heard = move |e: &mostrador_core::types::Event| match (&own, e.profile()) {
        (Some(own), Some(p)) => own == p,
        _ => true,
    };
    // Where every number stands now, then what happens.
    let now: Vec<_> = s
        .service
        .profiles()
        .into_iter()
        .map(|p| mostrador_core::types::Event::Session(p.session))
        .filter(&heard)
        .map(|e| Ok(sse(&e)))
        .collect();
    let first = futures_util::stream::iter(now);
    let rest = BroadcastStream::new(s.service.subscribe())
        .filter(move |item| std::future::ready(item.as_ref().map_or(true, &heard)));
    let rest = rest.map(|item| {
        Ok(match item {
            Ok(event) => sse(&event),
            Err(BroadcastStreamRecvError::Lagged(n)) => {
                SseEvent::default().event("resync").data(n.to_string())
            }
        })
    });
    let mut key_changes = s.key.changes();
    let closed = async move {
        let shutting_down = async {
            match closing {
                Some(axum::Extension(Closing(mut rx))) => {
                    let _ = rx.wait_for(|c| *c).await;
                }
                None => std::future::pending().await,
            }
        };
        // The key this stream was opened with no longer works.
        tokio::select! {
            () = shutting_down => {}
            _ = key_changes.changed() => {}
        }
    };
    Sse::new(first.chain(rest).take_until(closed))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

fn sse(event: &mostrador_core::types::Event) -> SseEvent {
    SseEvent::default()
        .event(event.name())
        .data(serde_json::to_string(event).unwrap_or_default())
}
