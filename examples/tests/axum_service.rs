//! The orders service of `aiodynamo_examples::axum_service`, served on a random port and driven
//! over HTTP, against DynamoDB Local. Each test has tables of its own (a table-name prefix no
//! other test uses) on the process's shared DynamoDB Local.

use std::collections::BTreeSet;

use aiodynamo::local::DynamoDbLocal;
use aiodynamo_examples::axum_service::{Order, OrderPage, OrderStatus, app};
use reqwest::header::{ETAG, IF_MATCH, LOCATION};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

/// The service on 127.0.0.1 (a free port) over a fresh orders table; its base URL. The server
/// task ends with the test's runtime.
async fn start_service() -> String {
    let local = DynamoDbLocal::shared().await.unwrap();
    let db = local.isolated_db();
    db.create_table::<Order>().send().await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app(db)).await.unwrap() });
    format!("http://{address}")
}

fn new_order(order_id: &str, customer_id: &str) -> Value {
    json!({
        "order_id": order_id,
        "customer_id": customer_id,
        "lines": [{"sku": "sku-secret-7731", "quantity": 2}],
    })
}

async fn create(http: &Client, base: &str, order_id: &str, customer_id: &str) -> Order {
    let response = http
        .post(format!("{base}/orders"))
        .json(&new_order(order_id, customer_id))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

async fn error_of(response: reqwest::Response) -> String {
    let body: Value = response.json().await.unwrap();
    body["error"].as_str().expect("an error message").to_owned()
}

#[tokio::test]
async fn creates_gets_and_refuses_duplicates() {
    let base = start_service().await;
    let http = Client::new();

    let response = http
        .post(format!("{base}/orders"))
        .json(&new_order("o1", "c1"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.headers()[LOCATION], "/orders/o1");
    assert_eq!(response.headers()[ETAG], "\"1\"");
    let created: Order = response.json().await.unwrap();
    assert_eq!(
        (created.order_id.as_str(), created.customer_id.as_str()),
        ("o1", "c1")
    );
    assert_eq!((created.status, created.version), (OrderStatus::Placed, 1));

    let duplicate = http
        .post(format!("{base}/orders"))
        .json(&new_order("o1", "c2"))
        .send()
        .await
        .unwrap();
    assert_eq!(duplicate.status(), StatusCode::CONFLICT);
    let message = error_of(duplicate).await;
    assert_eq!(message, "an order with this id exists");

    let response = http.get(format!("{base}/orders/o1")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[ETAG], "\"1\"");
    let read: Order = response.json().await.unwrap();
    assert_eq!(read, created, "the duplicate changed nothing");

    let missing = http.get(format!("{base}/orders/o9")).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_of(missing).await, "no such order");

    let no_lines = json!({"order_id": "o2", "customer_id": "c1", "lines": []});
    let response = http
        .post(format!("{base}/orders"))
        .json(&no_lines)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);

    // serde's message would quote the value it could not read: the body says what is wrong
    // without it.
    let wrong_type = json!({"order_id": "o2", "customer_id": "c1",
                            "lines": [{"sku": "s", "quantity": "quantity-secret-5521"}]});
    let response = http
        .post(format!("{base}/orders"))
        .json(&wrong_type)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let message = error_of(response).await;
    assert!(!message.contains("secret"), "{message}");
}

#[tokio::test]
async fn lists_a_customers_orders_page_by_page() {
    let base = start_service().await;
    let http = Client::new();
    let mut created = BTreeSet::new();
    for n in 0..7 {
        created.insert(create(&http, &base, &format!("o{n}"), "c1").await.order_id);
    }
    create(&http, &base, "other", "c2").await;

    let mut seen = Vec::new();
    let mut page_sizes = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut request = http
            .get(format!("{base}/customers/c1/orders"))
            .query(&[("limit", "3")]);
        if let Some(cursor) = &cursor {
            request = request.query(&[("cursor", cursor)]);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let page: OrderPage = response.json().await.unwrap();
        page_sizes.push(page.orders.len());
        seen.extend(page.orders);
        cursor = page.next_cursor;
        if cursor.is_none() {
            break;
        }
        assert!(page_sizes.len() < 10, "the pages never end");
    }
    assert_eq!(page_sizes, [3, 3, 1]);
    let ids: Vec<&str> = seen.iter().map(|order| order.order_id.as_str()).collect();
    let distinct: BTreeSet<String> = ids.iter().map(|id| id.to_string()).collect();
    assert_eq!(ids.len(), 7, "{ids:?}");
    assert_eq!(distinct, created, "each of c1's orders exactly once");
    assert!(
        seen.windows(2)
            .all(|pair| pair[0].created_at >= pair[1].created_at),
        "newest first"
    );

    let bad_cursor = http
        .get(format!("{base}/customers/c1/orders"))
        .query(&[("cursor", "not-a-cursor")])
        .send()
        .await
        .unwrap();
    assert_eq!(bad_cursor.status(), StatusCode::BAD_REQUEST);
    assert!(error_of(bad_cursor).await.contains("not a cursor"));

    for limit in ["0", "101", "many"] {
        let response = http
            .get(format!("{base}/customers/c1/orders"))
            .query(&[("limit", limit)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "limit={limit}");
    }

    let nobody: OrderPage = http
        .get(format!("{base}/customers/c9/orders"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(nobody.orders.is_empty() && nobody.next_cursor.is_none());
}

#[tokio::test]
async fn updates_only_the_version_it_read() {
    let base = start_service().await;
    let http = Client::new();
    create(&http, &base, "o1", "c1").await;
    let url = format!("{base}/orders/o1");
    let paid = json!({"status": "paid"});

    let unguarded = http.patch(&url).json(&paid).send().await.unwrap();
    assert_eq!(unguarded.status(), StatusCode::PRECONDITION_REQUIRED);

    let response = http
        .patch(&url)
        .header(IF_MATCH, "\"1\"")
        .json(&paid)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[ETAG], "\"2\"");
    let updated: Order = response.json().await.unwrap();
    assert_eq!((updated.status, updated.version), (OrderStatus::Paid, 2));

    let stale = http
        .patch(&url)
        .header(IF_MATCH, "\"1\"")
        .json(&json!({"status": "cancelled"}))
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
    let message = error_of(stale).await;
    assert!(!message.contains("sku-secret"), "{message}");
    let read: Order = http.get(&url).send().await.unwrap().json().await.unwrap();
    assert_eq!(read, updated, "the stale change was not applied");

    // Two clients that read version 2 race: exactly one wins.
    let change = |status: &'static str| {
        http.patch(&url)
            .header(IF_MATCH, "\"2\"")
            .json(&json!({ "status": status }))
            .send()
    };
    let (first, second) = tokio::join!(change("shipped"), change("cancelled"));
    let mut statuses = [first.unwrap().status(), second.unwrap().status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::PRECONDITION_FAILED]);
    let read: Order = http.get(&url).send().await.unwrap().json().await.unwrap();
    assert_eq!(read.version, 3);

    let missing = http
        .patch(format!("{base}/orders/o9"))
        .header(IF_MATCH, "\"1\"")
        .json(&paid)
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    for (if_match, body) in [("\"3\"", json!({})), ("three", paid.clone())] {
        let response = http
            .patch(&url)
            .header(IF_MATCH, if_match)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::BAD_REQUEST,
            "{if_match} {body}"
        );
    }
}

#[tokio::test]
async fn deletes_once() {
    let base = start_service().await;
    let http = Client::new();
    create(&http, &base, "o1", "c1").await;
    let url = format!("{base}/orders/o1");

    let stale = http
        .delete(&url)
        .header(IF_MATCH, "\"7\"")
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
    assert_eq!(
        http.get(&url).send().await.unwrap().status(),
        StatusCode::OK
    );

    let deleted = http
        .delete(&url)
        .header(IF_MATCH, "\"1\"")
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        http.get(&url).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );

    let again = http.delete(&url).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    let guarded_again = http
        .delete(&url)
        .header(IF_MATCH, "\"1\"")
        .send()
        .await
        .unwrap();
    assert_eq!(guarded_again.status(), StatusCode::NOT_FOUND);

    create(&http, &base, "o2", "c1").await;
    let unguarded = http
        .delete(format!("{base}/orders/o2"))
        .send()
        .await
        .unwrap();
    assert_eq!(unguarded.status(), StatusCode::NO_CONTENT);
}
