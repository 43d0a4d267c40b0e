//! App-state sync (`w:sync:app:state`): the account has no synced settings yet, so every
//! requested collection comes back present and empty, which the client counts as up to date.

use whatsapp_rust::NodeBuilder;
use whatsapp_rust::wacore_binary::Node;

use crate::nodes::{attr, iq_result};

/// Answers `<sync><collection name=…/>…</sync>` with one empty `<collection>` per name.
/// An answer without `<sync>` would fail the client's critical sync and hold back `Connected`.
pub(crate) fn answer(iq: &Node) -> Node {
    let requested: Vec<Node> = iq
        .get_optional_child("sync")
        .map(|sync| {
            sync.get_children_by_tag("collection")
                .filter_map(|c| attr(c, "name"))
                .map(|name| {
                    NodeBuilder::new("collection")
                        .attr("name", name)
                        .attr("version", "0")
                        .build()
                })
                .collect()
        })
        .unwrap_or_default();
    iq_result(
        iq,
        vec![NodeBuilder::new("sync").children(requested).build()],
    )
}
