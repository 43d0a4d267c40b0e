//! The service's webhook operations: each surface's route or command is a line over these.

use mostrador_types::{Delivery, Webhook, WebhookCreated};

use super::Service;
use crate::Result;
use crate::webhooks::WebhookInput;

impl Service {
    pub async fn create_webhook(&self, input: WebhookInput) -> Result<WebhookCreated> {
        self.webhooks.create(input, self.webhooks_on_lan()).await
    }

    pub async fn webhooks(&self) -> Result<Vec<Webhook>> {
        self.webhooks.list().await
    }

    pub async fn webhook(&self, id: &str) -> Result<Webhook> {
        self.webhooks.get(id).await
    }

    pub async fn change_webhook(&self, id: &str, input: WebhookInput) -> Result<Webhook> {
        self.webhooks
            .change(id, input, self.webhooks_on_lan())
            .await
    }

    pub async fn delete_webhook(&self, id: &str) -> Result<()> {
        self.webhooks.delete(id).await
    }

    /// Sends a signed `webhook.test` event now and says how it went.
    pub async fn test_webhook(&self, id: &str) -> Result<Delivery> {
        self.webhooks.test(id).await
    }

    /// The most recent attempts to reach the webhook, newest first.
    pub async fn webhook_deliveries(&self, id: &str, limit: u32) -> Result<Vec<Delivery>> {
        self.webhooks.deliveries(id, limit).await
    }

    /// Whether plain `http://` may reach the shop's own network (a Setting).
    fn webhooks_on_lan(&self) -> bool {
        self.live.borrow().settings.webhooks_lan
    }
}
