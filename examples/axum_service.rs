//! The orders REST service of `aiodynamo_examples::axum_service`, served over HTTP.
//!
//! `cargo run --example axum_service` listens on `ORDERS_ADDR` (127.0.0.1:3000 unless set), on
//! DynamoDB Local started for it (stopped at the end) unless `AWS_ENDPOINT_URL` names an endpoint,
//! and creates the orders table if it is missing. Ctrl-C stops it. The walk-through is
//! `docs/src/axum-service.md`; try:
//!
//! ```text
//! curl -i -X POST localhost:3000/orders -H 'content-type: application/json' \
//!      -d '{"order_id":"o1","customer_id":"c1","lines":[{"sku":"sku-1","quantity":2}]}'
//! curl -i localhost:3000/orders/o1
//! ```

use aiodynamo_examples::axum_service::{Order, app};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Kept alive until the end of main: dropping it stops the JVM.
    let (db, _local) = aiodynamo_examples::connect().await?;
    db.ensure_table::<Order>().send().await?;
    println!("table `{}` is ready", db.table_name::<Order>());

    let address = std::env::var("ORDERS_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".into());
    let listener = tokio::net::TcpListener::bind(&address).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app(db))
        .with_graceful_shutdown(async {
            // An error here means no Ctrl-C handler could be installed: serve until killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
        .await?;
    println!("stopped");
    Ok(())
}
