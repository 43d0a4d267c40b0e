//! When each message stanza reached the fake WhatsApp server: a task stamps every id the
//! network reports (`FakeNetwork::stanza_arrivals`) the moment it hears of it, so the stamp
//! does not wait for the benchmark to ask.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use fake_whatsapp::FakeNetwork;
use tokio::sync::{broadcast, mpsc};
use tokio::task::JoinHandle;

use crate::Result;

/// Stamped arrivals, in order. Subscribe before sending what you wait for.
pub struct Arrivals {
    stamped: mpsc::UnboundedReceiver<Result<(String, Instant), String>>,
    task: JoinHandle<()>,
}

impl Arrivals {
    pub fn watch(net: &FakeNetwork) -> Arrivals {
        let mut ids = net.stanza_arrivals();
        let (tx, stamped) = mpsc::unbounded_channel();
        let task = tokio::spawn(async move {
            loop {
                let item = match ids.recv().await {
                    Ok(id) => Ok((id, Instant::now())),
                    Err(broadcast::error::RecvError::Lagged(n)) => Err(format!(
                        "{n} arrivals were missed (the stamping task lagged)"
                    )),
                    Err(broadcast::error::RecvError::Closed) => return,
                };
                if tx.send(item).is_err() {
                    return;
                }
            }
        });
        Arrivals { stamped, task }
    }

    /// When the stanza with this id arrived (others before it are passed over).
    pub async fn of(&mut self, id: &str, patience: Duration) -> Result<Instant> {
        let mut wanted = HashSet::from([id.to_owned()]);
        self.last_of(&mut wanted, patience).await
    }

    /// When the last of these ids arrived; `ids` is emptied as they come.
    pub async fn last_of(
        &mut self,
        ids: &mut HashSet<String>,
        patience: Duration,
    ) -> Result<Instant> {
        let mut last = None;
        let waited = tokio::time::timeout(patience, async {
            while !ids.is_empty() {
                match self.stamped.recv().await {
                    Some(Ok((id, at))) => {
                        if ids.remove(&id) {
                            last = Some(at);
                        }
                    }
                    Some(Err(e)) => return Err(e),
                    None => return Err("the fake network stopped".to_owned()),
                }
            }
            Ok(())
        })
        .await;
        match waited {
            Ok(Ok(())) => last.ok_or_else(|| "no ids to wait for".into()),
            Ok(Err(e)) => Err(e.into()),
            Err(_) => {
                Err(format!("{} messages did not arrive within {patience:?}", ids.len()).into())
            }
        }
    }
}

impl Drop for Arrivals {
    fn drop(&mut self) {
        self.task.abort();
    }
}
