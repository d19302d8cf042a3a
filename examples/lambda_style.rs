//! The Lambda-style handler of `aiodynamo_examples::lambda_style`, run on API Gateway events
//! written as JSON: a link is created, followed twice, and its stats read; then an unknown code.
//!
//! `cargo run --example lambda_style` runs those sample events, and `cargo run --example
//! lambda_style -- event.json` one event of your own, on DynamoDB Local started for it (stopped
//! at the end) unless `AWS_ENDPOINT_URL` names an endpoint. The links table is created if missing.

use aiodynamo_examples::lambda_style::{Event, Link, handle};

/// Events as API Gateway sends them (REST API, payload 1.0), fields the handler ignores included.
const SAMPLE_EVENTS: [&str; 5] = [
    r#"{"resource": "/links", "path": "/links", "httpMethod": "POST",
        "headers": {"Content-Type": "application/json"}, "queryStringParameters": null,
        "pathParameters": null, "requestContext": {"stage": "prod"},
        "body": "{\"code\": \"rust\", \"url\": \"https://www.rust-lang.org\"}", "isBase64Encoded": false}"#,
    r#"{"resource": "/links/{code}", "path": "/links/rust", "httpMethod": "GET",
        "pathParameters": {"code": "rust"}, "body": null, "isBase64Encoded": false}"#,
    r#"{"resource": "/links/{code}", "path": "/links/rust", "httpMethod": "GET",
        "pathParameters": {"code": "rust"}, "body": null, "isBase64Encoded": false}"#,
    r#"{"resource": "/links/{code}/stats", "path": "/links/rust/stats", "httpMethod": "GET",
        "pathParameters": {"code": "rust"}, "body": null, "isBase64Encoded": false}"#,
    r#"{"resource": "/links/{code}", "path": "/links/nope", "httpMethod": "GET",
        "pathParameters": {"code": "nope"}, "body": null, "isBase64Encoded": false}"#,
];

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let events = match std::env::args().nth(1) {
        Some(path) => vec![std::fs::read_to_string(path)?],
        None => SAMPLE_EVENTS.map(String::from).to_vec(),
    };
    // Kept alive until the end of main: dropping it stops the JVM.
    let (db, _local) = aiodynamo_examples::connect().await?;
    db.ensure_table::<Link>().send().await?;

    for json in events {
        let event: Event = serde_json::from_str(&json)?;
        println!("{} {}", event.http_method, event.resource);
        let response = handle(event, &db).await?;
        println!("  -> {}", serde_json::to_string(&response)?);
    }
    Ok(())
}
