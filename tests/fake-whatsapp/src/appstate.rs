//! App-state sync (`w:sync:app:state`): the account's synced settings as its phone uploaded
//! them. The phone keeps the account's own name in `critical_block` (`setting_pushName`), which
//! is how a companion of a personal account learns it; that collection is served as one patch,
//! encrypted and MACed under the account's app-state sync key (the key the phone shares with
//! every new companion). Every other collection — and `critical_block` too when the account has
//! no name in app state, as on a phone that never synced — comes back present and empty
//! (`version="0"`, no snapshot, no patches), which the client counts as up to date.

use whatsapp_rust::NodeBuilder;
use whatsapp_rust::wacore::appstate::encode::encode_record;
use whatsapp_rust::wacore::appstate::hash::{HashState, generate_patch_mac};
use whatsapp_rust::wacore::appstate::keys::expand_app_state_keys;
use whatsapp_rust::wacore_binary::Node;
use whatsapp_rust::waproto::buffa::MessageField;
use whatsapp_rust::waproto::whatsapp as wa;

use crate::nodes::{attr, iq_result};
use crate::state::AppStateKey;

const CRITICAL_BLOCK: &str = "critical_block";

/// What the server holds of the account's app state.
pub(crate) struct AccountAppState {
    /// `critical_block`'s only patch (version 1), encoded; `None` when it was never synced.
    critical_block: Option<Vec<u8>>,
}

impl AccountAppState {
    /// The phone's upload for an account named `push_name` (empty: nothing uploaded).
    /// `now_ms` stamps the setting, as the phone does.
    pub(crate) fn new(key: &AppStateKey, push_name: &str, now_ms: i64) -> Self {
        let critical_block =
            (!push_name.is_empty()).then(|| push_name_patch(key, push_name, now_ms));
        Self { critical_block }
    }

    /// Answers `<sync><collection name=… version=… return_snapshot=…/>…</sync>` with one
    /// `<collection>` per name. An answer without `<sync>` would fail the client's critical
    /// sync and hold back `Connected`.
    pub(crate) fn answer(&self, iq: &Node) -> Node {
        let requested: Vec<Node> = iq
            .get_optional_child("sync")
            .map(|sync| {
                sync.get_children_by_tag("collection")
                    .filter_map(|c| self.collection(c))
                    .collect()
            })
            .unwrap_or_default();
        iq_result(
            iq,
            vec![NodeBuilder::new("sync").children(requested).build()],
        )
    }

    fn collection(&self, asked: &Node) -> Option<Node> {
        let name = attr(asked, "name")?;
        let builder = NodeBuilder::new("collection").attr("name", name.clone());
        let patch = match &self.critical_block {
            Some(patch) if name == CRITICAL_BLOCK => patch,
            _ => return Some(builder.attr("version", "0").build()),
        };
        // The client sends no `version` when it has none (and then asks for a snapshot).
        let has = attr(asked, "version")
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0);
        let builder = builder.attr("version", "1");
        if has >= 1 {
            return Some(builder.build());
        }
        // A collection this small has no snapshot yet: its history is the one patch.
        Some(
            builder
                .children([NodeBuilder::new("patches")
                    .children([NodeBuilder::new("patch").bytes(patch.clone()).build()])
                    .build()])
                .build(),
        )
    }
}

/// `critical_block` version 1: one SET of `["setting_pushName"]` = `push_name`, with the
/// value, index, snapshot (ltHash) and patch MACs the client verifies.
fn push_name_patch(key: &AppStateKey, push_name: &str, now_ms: i64) -> Vec<u8> {
    let keys = expand_app_state_keys(&key.data);
    let value = wa::SyncActionValue {
        push_name_setting: MessageField::some(wa::sync_action_value::PushNameSetting {
            name: Some(push_name.to_owned()),
        }),
        timestamp: Some(now_ms),
        ..Default::default()
    };
    let (mutation, _) = encode_record(
        wa::syncd_mutation::SyncdOperation::SET,
        br#"["setting_pushName"]"#,
        &value,
        &keys,
        &key.id,
        &rand::random(),
        // setting_pushName's schema version (`schemas::SETTING_PUSH_NAME`).
        1,
    );
    let mutations = vec![mutation];
    let mut state = HashState::default();
    // Nothing to subtract: the collection starts empty.
    let (_, added) = state.update_hash(&mutations, |_, _| Ok(None));
    if let Err(e) = added {
        tracing::warn!("fake-whatsapp: cannot hash the push name mutation: {e}");
    }
    state.version = 1;
    let mut patch = wa::SyncdPatch {
        version: MessageField::some(wa::SyncdVersion { version: Some(1) }),
        snapshot_mac: Some(state.generate_snapshot_mac(CRITICAL_BLOCK, &keys.snapshot_mac)),
        key_id: MessageField::some(wa::KeyId {
            id: Some(key.id.to_vec()),
        }),
        mutations,
        ..Default::default()
    };
    patch.patch_mac = Some(generate_patch_mac(
        &patch,
        CRITICAL_BLOCK,
        &keys.patch_mac,
        1,
    ));
    whatsapp_rust::waproto::codec::syncd_patch_to_vec(&patch)
}
