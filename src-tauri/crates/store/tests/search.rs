//! Searching the log: filters, text, cursor pages, and both query plans agreeing.
#![allow(clippy::unwrap_used)]

mod support;

use mostrador_types::{MessageQuery, Recipient, Status};

use support::*;

#[tokio::test]
async fn search_filters_and_cursor_pages() {
    let (_d, store) = open();
    for n in 0..30 {
        let text = if n % 3 == 0 {
            "Factura electrónica lista"
        } else {
            "Pedido listo para recoger"
        };
        let mut m = new_msg(n, text, 10_000 + i64::from(n));
        m.search_extra = format!("7000000{n}");
        insert(&store, m).await;
    }
    // Accents do not matter, words are prefixes.
    let q = |text: &str| MessageQuery {
        text: Some(text.into()),
        limit: 100,
        ..Default::default()
    };
    assert_eq!(store.list(q("electronica")).await.unwrap().items.len(), 10);
    assert_eq!(store.list(q("fact list")).await.unwrap().items.len(), 10);
    assert_eq!(
        store.list(q("pedido factura")).await.unwrap().items.len(),
        0
    );
    // The recipient, and its local form, are searchable.
    assert_eq!(store.list(q("59170000007")).await.unwrap().items.len(), 1);
    assert_eq!(store.list(q("70000007")).await.unwrap().items.len(), 1);
    // Newest first, paged by cursor with no gaps or repeats.
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = store
            .list(MessageQuery {
                limit: 7,
                cursor,
                ..Default::default()
            })
            .await
            .unwrap();
        seen.extend(page.items.iter().map(|m| m.created_at));
        match page.next_cursor {
            Some(c) => cursor = Some(c.parse().unwrap()),
            None => break,
        }
    }
    let expected: Vec<i64> = (0..30).rev().map(|n| 10_000 + n).collect();
    assert_eq!(seen, expected);
    // Date range and recipient filters.
    let range = MessageQuery {
        since: Some(10_010),
        until: Some(10_020),
        limit: 100,
        ..Default::default()
    };
    assert_eq!(store.list(range).await.unwrap().items.len(), 10);
    let to = MessageQuery {
        to: Some(Recipient::Phone("59170000003".into())),
        limit: 100,
        ..Default::default()
    };
    assert_eq!(store.list(to).await.unwrap().items[0].id, "id-3");
    // Search combined with a status filter.
    let claimed = store
        .claim_next("default", 20_000, vec![])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(claimed.message.id, "id-0");
    let sending = MessageQuery {
        text: Some("factura".into()),
        statuses: vec![Status::Sending],
        limit: 100,
        ..Default::default()
    };
    let page = store.list(sending).await.unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].id, "id-0");
}

/// Text search with filters takes one of two plans depending on how many rows the filters
/// leave; both must give the same answers.
#[tokio::test]
async fn text_search_with_filters_agrees_across_both_query_plans() {
    let (_d, store) = open();
    // The three oldest go in first, in order, so the failures below hit exactly them.
    for n in 0..3 {
        insert(
            &store,
            new_msg(
                n,
                if n == 0 {
                    "Factura lista"
                } else {
                    "Pedido listo"
                },
                0,
            ),
        )
        .await;
    }
    let tasks: Vec<_> = (3..5_100)
        .map(|n| {
            let store = store.clone();
            tokio::spawn(async move {
                let text = if n % 100 == 0 {
                    "Factura lista"
                } else {
                    "Pedido listo"
                };
                store.insert(new_msg(n, text, i64::from(n))).await.unwrap();
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    // Fail the three oldest: a rare status among 5,100 queued messages.
    for _ in 0..3 {
        let c = store
            .claim_next("default", i64::MAX, vec![])
            .await
            .unwrap()
            .unwrap();
        store.fail(c.seq, err("BAD"), 1).await.unwrap();
    }
    let query = |text: &str, statuses: Vec<Status>| MessageQuery {
        text: Some(text.into()),
        statuses,
        limit: 500,
        ..Default::default()
    };
    // Queued: ~5,100 rows, so the text index drives.
    let queued = store
        .list(query("factura", vec![Status::Queued]))
        .await
        .unwrap();
    assert_eq!(queued.items.len(), 50, "51 invoices, one of them failed");
    // Failed: 3 rows, so the filter drives.
    let failed = store
        .list(query("lis", vec![Status::Failed]))
        .await
        .unwrap();
    assert_eq!(failed.items.len(), 3);
    let failed_invoices = store
        .list(query("factura", vec![Status::Failed]))
        .await
        .unwrap();
    assert_eq!(failed_invoices.items.len(), 1);
}
