//! Small helpers for building and reading binary nodes the way the server shapes them.

use whatsapp_rust::NodeBuilder;
use whatsapp_rust::wacore_binary::Node;

/// The server's own JID; the client only accepts pairing IQs from exactly this.
pub(crate) const SERVER: &str = "s.whatsapp.net";

/// Reads an attribute as a string.
pub(crate) fn attr(node: &Node, key: &str) -> Option<String> {
    node.attrs.get(key).map(|v| v.as_str().into_owned())
}

/// Wall-clock seconds, from wacore's clock (the workspace bans `SystemTime::now`).
pub(crate) fn now_secs() -> u64 {
    whatsapp_rust::wacore::time::now_secs_u64()
}

/// A fresh id for a server-initiated stanza.
pub(crate) fn new_id() -> String {
    format!("{:016X}", rand::random::<u64>())
}

/// A server-initiated `<iq from="s.whatsapp.net" type=… xmlns=…>` with one child.
pub(crate) fn iq_request(xmlns: &'static str, kind: &'static str, child: Node) -> Node {
    NodeBuilder::new("iq")
        .attr("from", SERVER)
        .attr("id", new_id())
        .attr("type", kind)
        .attr("xmlns", xmlns)
        .children([child])
        .build()
}

/// `<iq type="result">` answering `request` (matched by the client on `id` alone).
pub(crate) fn iq_result(request: &Node, children: Vec<Node>) -> Node {
    let builder = NodeBuilder::new("iq")
        .attr(
            "from",
            attr(request, "to").unwrap_or_else(|| SERVER.to_owned()),
        )
        .attr("id", attr(request, "id").unwrap_or_default())
        .attr("type", "result");
    if children.is_empty() {
        builder.build()
    } else {
        builder.children(children).build()
    }
}

/// `<iq type="error"><error code text/></iq>` answering `request`.
pub(crate) fn iq_error(request: &Node, code: u16, text: &str) -> Node {
    NodeBuilder::new("iq")
        .attr(
            "from",
            attr(request, "to").unwrap_or_else(|| SERVER.to_owned()),
        )
        .attr("id", attr(request, "id").unwrap_or_default())
        .attr("type", "error")
        .children([NodeBuilder::new("error")
            .attr("code", code.to_string())
            .attr("text", text.to_owned())
            .build()])
        .build()
}

/// Tags of a node's children, for logging what a request asked for.
pub(crate) fn child_tags(node: &Node) -> Vec<String> {
    node.children()
        .map(|c| c.iter().map(|n| n.tag.to_string()).collect())
        .unwrap_or_default()
}
