//! The bulk import of `aiodynamo_examples::bulk_import`: a CSV file of products written to a
//! table with `batch_write`, behind a progress bar, then a summary.
//!
//! `cargo run --release --example bulk_import` generates 10,000 rows into a temporary file and
//! imports them; `cargo run --release --example bulk_import -- products.csv` imports your file
//! (header `sku,name,category,price_cents,stock`). It runs on DynamoDB Local started for it
//! (stopped at the end) unless `AWS_ENDPOINT_URL` names an endpoint; the products table is
//! created if missing.

use std::path::PathBuf;

use aiodynamo_examples::bulk_import::{Product, import, write_sample_csv};
use indicatif::{ProgressBar, ProgressStyle};

/// Rows of the generated file.
const SAMPLE_ROWS: usize = 10_000;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Deleted when dropped, at the end of main.
    let generated;
    let path: PathBuf = match std::env::args().nth(1) {
        Some(path) => path.into(),
        None => {
            generated = tempfile::Builder::new().suffix(".csv").tempfile()?;
            write_sample_csv(generated.path(), SAMPLE_ROWS)?;
            println!("wrote {SAMPLE_ROWS} rows to {}", generated.path().display());
            generated.path().to_owned()
        }
    };
    // Kept alive until the end of main: dropping it stops the JVM.
    let (db, _local) = aiodynamo_examples::connect().await?;
    db.ensure_table::<Product>().send().await?;

    let progress = ProgressBar::new(0).with_style(ProgressStyle::with_template(
        "{wide_bar} {bytes}/{total_bytes} {msg} [{elapsed_precise}]",
    )?);
    let summary = import(&db, &path, &progress).await?;
    progress.finish();
    println!("{summary}");
    Ok(())
}
