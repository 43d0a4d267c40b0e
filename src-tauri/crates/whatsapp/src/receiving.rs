//! What others write to the shop: the client's decrypted messages reported to the core as
//! `EngineEvent::Received` (a sender known only by LID resolved to a phone number through
//! whatsapp-rust's LID↔PN mapping first), and a received attachment fetched on demand, never
//! larger than the caller allows.

use std::io::{Cursor, Seek, SeekFrom, Write};

use mostrador_core::engine::{EngineError, EngineEvent, Failure};
use whatsapp_rust::download::DownloadWriter;
use whatsapp_rust::types::events::InboundMessage;
use whatsapp_rust::{Client, Jid};

use crate::host::ClientHost;
use crate::received::{self, Sender};

impl ClientHost {
    /// Reports the messages of one batch, in order. A sender known only by LID is looked up
    /// in the client's mapping on a task of its own, so the dispatch path never waits.
    pub(crate) fn report_received(&self, messages: &[InboundMessage]) {
        for inbound in messages {
            match received::sender(&inbound.info) {
                None => {}
                Some(Sender::Phone(phone)) => self.report(inbound, phone),
                Some(Sender::Lid(lid)) => {
                    let Some(client) = self.current_client() else {
                        continue;
                    };
                    let (sink, inbound) = (self.sink.clone(), inbound.clone());
                    tokio::spawn(async move {
                        match phone_of_lid(&client, &lid).await {
                            Some(phone) => {
                                if let Some(i) =
                                    received::incoming(&inbound.message, &inbound.info, phone)
                                {
                                    sink.emit(EngineEvent::Received(i));
                                }
                            }
                            None => tracing::warn!(
                                id = %inbound.info.id,
                                "a message from a sender whose phone number is unknown was not reported"
                            ),
                        }
                    });
                }
            }
        }
    }

    fn report(&self, inbound: &InboundMessage, phone: String) {
        if let Some(i) = received::incoming(&inbound.message, &inbound.info, phone) {
            self.sink.emit(EngineEvent::Received(i));
        }
    }

    /// Fetches and decrypts a received attachment; refuses one larger than `max_bytes`,
    /// whatever its message claimed.
    pub(crate) async fn download(
        &self,
        handle: &str,
        max_bytes: u64,
    ) -> Result<Vec<u8>, EngineError> {
        let params = received::download_params(handle).ok_or_else(|| {
            EngineError::new(
                Failure::Permanent,
                "MEDIA_UNAVAILABLE",
                "this attachment cannot be fetched",
            )
        })?;
        if params.file_length > max_bytes {
            return Err(too_large(max_bytes));
        }
        let client = self.connected_client()?;
        let writer = Bounded::new(max_bytes);
        match client.download_to_writer(&params, writer).await {
            Ok(done) => Ok(done.into_inner()),
            Err(e) if e.chain().any(|c| c.to_string().contains(TOO_LARGE)) => {
                Err(too_large(max_bytes))
            }
            Err(e) => Err(EngineError::new(
                Failure::Transient,
                "MEDIA_UNAVAILABLE",
                format!("cannot fetch the attachment from WhatsApp: {e}"),
            )),
        }
    }
}

async fn phone_of_lid(client: &Client, lid: &str) -> Option<String> {
    match client.get_lid_pn_entry(&Jid::lid(lid)).await {
        Ok(entry) => entry.map(|e| e.phone_number.to_string()),
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the LID mapping");
            None
        }
    }
}

const TOO_LARGE: &str = "attachment larger than allowed";

fn too_large(max_bytes: u64) -> EngineError {
    EngineError::new(
        Failure::Permanent,
        "MEDIA_TOO_LARGE",
        format!("the attachment is larger than {max_bytes} bytes"),
    )
}

/// An in-memory sink that refuses to grow past its limit, so a sender cannot make the shop
/// hold more than it allows by understating the size in the message.
struct Bounded {
    inner: Cursor<Vec<u8>>,
    max: u64,
}

impl Bounded {
    fn new(max: u64) -> Self {
        Bounded {
            inner: Cursor::new(Vec::new()),
            max,
        }
    }

    fn into_inner(self) -> Vec<u8> {
        self.inner.into_inner()
    }
}

impl Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let end = self.inner.position().saturating_add(buf.len() as u64);
        if end > self.max {
            return Err(std::io::Error::other(TOO_LARGE));
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl Seek for Bounded {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

impl DownloadWriter for Bounded {
    fn truncate(&mut self, len: u64) -> std::io::Result<()> {
        self.inner
            .get_mut()
            .truncate(usize::try_from(len).unwrap_or(usize::MAX));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_sink_takes_up_to_its_limit_and_no_more() {
        let mut sink = Bounded::new(4);
        sink.write_all(b"abcd").unwrap();
        assert!(sink.write_all(b"e").is_err());
        DownloadWriter::truncate(&mut sink, 0).unwrap();
        sink.rewind().unwrap();
        sink.write_all(b"xy").unwrap();
        assert_eq!(sink.into_inner(), b"xy");
    }
}
