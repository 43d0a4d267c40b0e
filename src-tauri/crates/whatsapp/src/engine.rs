//! The engine: the core's `Messenger` over whatsapp-rust — started with the session saved on
//! disk (or linking anew), sending with the core's ids, listing groups, linking by code; the
//! client's life itself is `lifecycle`'s.

use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;
use mostrador_core::clock::Clock;
use mostrador_core::engine::{EngineError, EngineSink, Failure, Messenger, Outgoing, UserInfo};
use mostrador_core::types::{
    Group, GroupChange, GroupDetails, ParticipantAction, ParticipantOutcome, Recipient,
};
use whatsapp_rust::{Jid, SendOptions};

use crate::host::{ClientHost, EngineConfig, internal};
use crate::{content, send_error};

/// The WhatsApp engine. Cheap to clone.
#[derive(Clone)]
pub struct WhatsAppEngine {
    host: Arc<ClientHost>,
}

impl WhatsAppEngine {
    /// Starts the client: it reconnects a saved session, or starts linking (QR events).
    pub async fn start(
        config: EngineConfig,
        sink: EngineSink,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, EngineError> {
        let host = Arc::new(ClientHost::new(config, sink, clock));
        host.launch().await?;
        Ok(WhatsAppEngine { host })
    }

    /// Disconnects (keeping the session) and waits for the client to stop.
    pub async fn shutdown(&self) {
        self.host.stop().await;
    }
}

impl ClientHost {
    async fn send(&self, msg: &Outgoing) -> Result<(), EngineError> {
        let client = self.connected_client()?;
        let jid = match &msg.to {
            Recipient::Phone(digits) => {
                self.ensure_registered(&client, digits).await?;
                Jid::pn(digits.as_str())
            }
            Recipient::Group(jid) => jid.parse::<Jid>().map_err(|e| {
                EngineError::new(
                    Failure::Permanent,
                    "INVALID_RECIPIENT",
                    format!("bad group id: {e}"),
                )
            })?,
        };
        let message = content::build(&client, msg, &self.config.secret).await?;
        client
            .send_message_with_options(
                jid,
                message,
                SendOptions::default().with_message_id(msg.whatsapp_id.clone()),
            )
            .await
            .map_err(send_error::from_send)?;
        Ok(())
    }

    async fn groups(&self, refresh: bool) -> Result<Vec<Group>, EngineError> {
        let cached = self.groups.lock().ok().and_then(|g| g.clone());
        if let (false, Some(g)) = (refresh, cached) {
            return Ok(g);
        }
        let client = self.connected_client()?;
        let found = client
            .groups()
            .get_participating()
            .await
            .map_err(|e| internal("cannot list groups", e))?;
        let mut groups: Vec<Group> = found
            .into_iter()
            .map(|(jid, meta)| Group {
                jid: jid.to_string(),
                name: meta.subject.clone(),
                participants: u32::try_from(meta.participants.len()).unwrap_or(u32::MAX),
            })
            .collect();
        groups.sort_by_key(|g| g.name.to_lowercase());
        if let Ok(mut g) = self.groups.lock() {
            *g = Some(groups.clone());
        }
        Ok(groups)
    }

    async fn pair_code(&self, phone: &str) -> Result<String, EngineError> {
        let client = self
            .current_client()
            .ok_or_else(EngineError::not_connected)?;
        client
            .wait_for_socket(Duration::from_secs(30))
            .await
            .map_err(|e| internal("cannot reach WhatsApp", e))?;
        let options = whatsapp_rust::pair_code::PairCodeOptions {
            phone_number: phone.to_owned(),
            ..Default::default()
        };
        client.pair_with_code(options).await.map_err(|e| {
            EngineError::new(
                Failure::Permanent,
                "PAIR_CODE_FAILED",
                format!("WhatsApp refused the pairing code: {e}"),
            )
        })
    }
}

impl Messenger for WhatsAppEngine {
    fn send<'a>(&'a self, msg: &'a Outgoing) -> BoxFuture<'a, Result<(), EngineError>> {
        Box::pin(self.host.send(msg))
    }

    fn groups(&self, refresh: bool) -> BoxFuture<'_, Result<Vec<Group>, EngineError>> {
        Box::pin(self.host.groups(refresh))
    }

    fn is_on_whatsapp<'a>(
        &'a self,
        phones: &'a [String],
    ) -> BoxFuture<'a, Result<Vec<Option<String>>, EngineError>> {
        Box::pin(self.host.is_on_whatsapp(phones))
    }

    fn user_info<'a>(&'a self, phone: &'a str) -> BoxFuture<'a, Result<UserInfo, EngineError>> {
        Box::pin(self.host.user_info(phone))
    }

    fn group_info<'a>(&'a self, jid: &'a str) -> BoxFuture<'a, Result<GroupDetails, EngineError>> {
        Box::pin(self.host.group_info(jid))
    }

    fn create_group<'a>(
        &'a self,
        subject: &'a str,
        phones: &'a [String],
    ) -> BoxFuture<'a, Result<GroupDetails, EngineError>> {
        Box::pin(self.host.create_group(subject, phones))
    }

    fn change_group<'a>(
        &'a self,
        jid: &'a str,
        change: &'a GroupChange,
    ) -> BoxFuture<'a, Result<(), EngineError>> {
        Box::pin(self.host.change_group(jid, change))
    }

    fn change_participants<'a>(
        &'a self,
        jid: &'a str,
        action: ParticipantAction,
        phones: &'a [String],
    ) -> BoxFuture<'a, Result<Vec<ParticipantOutcome>, EngineError>> {
        Box::pin(self.host.change_participants(jid, action, phones))
    }

    fn leave_group<'a>(&'a self, jid: &'a str) -> BoxFuture<'a, Result<(), EngineError>> {
        Box::pin(self.host.leave_group(jid))
    }

    fn invite_link<'a>(
        &'a self,
        jid: &'a str,
        reset: bool,
    ) -> BoxFuture<'a, Result<String, EngineError>> {
        Box::pin(self.host.invite_link(jid, reset))
    }

    fn logout(&self) -> BoxFuture<'_, Result<(), EngineError>> {
        Box::pin(self.host.logout())
    }

    fn pair_code<'a>(&'a self, phone: &'a str) -> BoxFuture<'a, Result<String, EngineError>> {
        Box::pin(self.host.pair_code(phone))
    }

    fn relink(&self) -> BoxFuture<'_, Result<(), EngineError>> {
        // A finished client (expired QR codes, logout, ban) cannot be restarted: build anew.
        Box::pin(self.host.restart())
    }

    fn download<'a>(
        &'a self,
        handle: &'a str,
        max_bytes: u64,
    ) -> BoxFuture<'a, Result<Vec<u8>, EngineError>> {
        Box::pin(self.host.download(handle, max_bytes))
    }

    fn go_offline(&self) -> BoxFuture<'_, Result<(), EngineError>> {
        Box::pin(self.host.go_offline())
    }

    fn go_online(&self) -> BoxFuture<'_, Result<(), EngineError>> {
        Box::pin(self.host.restart())
    }
}
