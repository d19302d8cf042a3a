//! A bulk import: the rows of a CSV file written to a table with `batch_write`, a chunk at a time
//! behind a progress bar, and a [`Summary`] of what happened.
//!
//! A thread reads the file (blocking IO, kept off the async workers) and hands over chunks of
//! [`CHUNK_ROWS`] rows; each chunk is one `batch_write`, which aiodynamo splits into requests of
//! 25 and sends 8 at a time, retrying what DynamoDB leaves unprocessed. What is still left when
//! a chunk's attempts run out is kept in the summary and the import goes on.
//!
//! A batch write returns nothing but success or `Error::Unprocessed`: the capacity its requests
//! consumed is recorded in each request's tracing span (`consumed_capacity`), so the import sums
//! it with a [`CapacityMeter`] layer around itself.
//!
//! ```no_run
//! # async fn demo(db: aiodynamo::Db) -> Result<(), Box<dyn std::error::Error>> {
//! use aiodynamo_examples::bulk_import::{Product, import, write_sample_csv};
//! let file = tempfile::NamedTempFile::new()?;
//! write_sample_csv(file.path(), 10_000)?;
//! db.ensure_table::<Product>().send().await?;
//! let summary = import(&db, file.path(), &indicatif::ProgressBar::hidden()).await?;
//! println!("{summary}");
//! # Ok(()) }
//! ```

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aiodynamo::Leftover;
use aiodynamo::prelude::*;
use indicatif::ProgressBar;
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;
use tracing::field::{Field, Visit};
use tracing::instrument::WithSubscriber;
use tracing::span::{Id, Record};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// One row of the CSV file, and one item of the products table: the CSV header names the
/// fields.
///
/// ```
/// use aiodynamo_examples::bulk_import::Product;
/// let csv = "sku,name,category,price_cents,stock\nsku-1,Kettle,kitchen,2999,12\n";
/// let row: Product = csv::Reader::from_reader(csv.as_bytes()).deserialize().next().unwrap().unwrap();
/// assert_eq!(row.price_cents, 2999);
/// ```
#[table("products", hash_key = "sku")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Product {
    pub sku: String,
    pub name: String,
    pub category: String,
    pub price_cents: u64,
    pub stock: u32,
}

/// Rows per `batch_write`: the unit of progress, and of what a failed chunk leaves behind.
pub const CHUNK_ROWS: usize = 1_000;

/// The `n`th product of the sample file (from 0): what [`write_sample_csv`] writes in row `n`.
///
/// ```
/// let product = aiodynamo_examples::bulk_import::sample_product(41);
/// assert_eq!(product.sku, "sku-00041");
/// ```
pub fn sample_product(n: usize) -> Product {
    const CATEGORIES: [&str; 5] = ["kitchen", "garden", "toys", "books", "tools"];
    Product {
        sku: format!("sku-{n:05}"),
        name: format!("Product {n}"),
        category: CATEGORIES[n % CATEGORIES.len()].into(),
        price_cents: 99 + (n as u64 * 37) % 10_000,
        stock: (n % 250) as u32,
    }
}

/// Writes a CSV file of `rows` sample products, with a header.
///
/// ```
/// let file = tempfile::NamedTempFile::new().unwrap();
/// aiodynamo_examples::bulk_import::write_sample_csv(file.path(), 2).unwrap();
/// let text = std::fs::read_to_string(file.path()).unwrap();
/// assert_eq!(text.lines().count(), 3);
/// ```
pub fn write_sample_csv(path: &Path, rows: usize) -> Result<(), csv::Error> {
    let mut writer = csv::Writer::from_path(path)?;
    for n in 0..rows {
        writer.serialize(sample_product(n))?;
    }
    writer.flush()?;
    Ok(())
}

/// What an import did.
#[derive(Debug)]
pub struct Summary {
    /// Rows read from the file.
    pub rows: u64,
    /// Items DynamoDB confirmed written.
    pub written: u64,
    /// Puts still unprocessed when their chunk's attempts ran out (none on a healthy table).
    pub leftovers: Vec<Leftover>,
    pub elapsed: Duration,
    /// Capacity units the batch requests consumed, as DynamoDB reported them; `None` if it
    /// reported none.
    pub consumed_capacity: Option<f64>,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seconds = self.elapsed.as_secs_f64();
        writeln!(f, "rows read:         {}", self.rows)?;
        writeln!(f, "items written:     {}", self.written)?;
        writeln!(f, "leftovers:         {}", self.leftovers.len())?;
        writeln!(
            f,
            "elapsed:           {seconds:.2} s ({:.0} items/s)",
            self.written as f64 / seconds.max(f64::EPSILON)
        )?;
        match self.consumed_capacity {
            Some(units) => write!(f, "consumed capacity: {units:.1} write capacity units"),
            None => write!(f, "consumed capacity: not reported by the endpoint"),
        }
    }
}

/// Why an import stopped.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read, or a row does not fit [`Product`] (the error names its line;
    /// the rows of the chunks before it were written).
    #[error("reading the CSV file: {0}")]
    Csv(#[from] csv::Error),
    /// DynamoDB refused a batch (not a leftover: those are in the [`Summary`]).
    #[error("writing to DynamoDB: {0}")]
    Db(#[from] aiodynamo::Error),
}

/// A chunk of rows, and how far into the file it ends (for the progress bar).
struct Chunk {
    rows: Vec<Product>,
    end_byte: u64,
}

/// Imports every row of the CSV file at `path` into `db`'s [`Product`] table, which must exist.
/// `progress` shows the bytes of the file written so far (its length is set here) and the items
/// written as its message; pass `ProgressBar::hidden()` for none.
pub async fn import(db: &Db, path: &Path, progress: &ProgressBar) -> Result<Summary, ImportError> {
    let meter = CapacityMeter::default();
    let subscriber = tracing_subscriber::registry().with(meter.clone());
    let mut summary = write_chunks(db, path, progress)
        .with_subscriber(subscriber)
        .await?;
    summary.consumed_capacity = meter.total();
    Ok(summary)
}

async fn write_chunks(
    db: &Db,
    path: &Path,
    progress: &ProgressBar,
) -> Result<Summary, ImportError> {
    let started = Instant::now();
    progress.set_length(std::fs::metadata(path).map_err(csv::Error::from)?.len());
    let (chunks, mut received) = mpsc::channel(2);
    let reader = tokio::task::spawn_blocking({
        let path = path.to_owned();
        move || read_chunks(path, chunks)
    });
    let mut summary = Summary {
        rows: 0,
        written: 0,
        leftovers: Vec::new(),
        elapsed: Duration::ZERO,
        consumed_capacity: None,
    };
    while let Some(chunk) = received.recv().await {
        let Chunk { rows, end_byte } = chunk?;
        summary.rows += rows.len() as u64;
        let unwritten = match db.batch_write().put_all(&rows).send().await {
            Ok(()) => Vec::new(),
            Err(Error::Unprocessed { leftovers, .. }) => leftovers,
            Err(other) => return Err(other.into()),
        };
        summary.written += (rows.len() - unwritten.len()) as u64;
        summary.leftovers.extend(unwritten);
        progress.set_position(end_byte);
        progress.set_message(format!("{} items written", summary.written));
    }
    // The reader ends once it has sent everything; a panic there would be a bug.
    reader.await.expect("the CSV reader thread panicked");
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Reads `path` on the calling (blocking) thread and sends its rows in chunks; the first error
/// is sent on and ends the reading, and so does the receiver going away.
fn read_chunks(path: PathBuf, chunks: mpsc::Sender<Result<Chunk, csv::Error>>) {
    if let Err(error) = send_chunks(&path, &chunks) {
        // The receiver may be gone already: nobody is left to tell.
        let _ = chunks.blocking_send(Err(error));
    }
}

fn send_chunks(
    path: &Path,
    chunks: &mpsc::Sender<Result<Chunk, csv::Error>>,
) -> Result<(), csv::Error> {
    let mut reader = csv::Reader::from_path(path)?;
    let headers = reader.headers()?.clone();
    let mut record = csv::StringRecord::new();
    let mut rows = Vec::with_capacity(CHUNK_ROWS);
    loop {
        let more = reader.read_record(&mut record)?;
        if more {
            // The error of a row that does not fit names its line.
            rows.push(record.deserialize::<Product>(Some(&headers))?);
        }
        if rows.len() == CHUNK_ROWS || (!more && !rows.is_empty()) {
            let chunk = Chunk {
                rows: std::mem::replace(&mut rows, Vec::with_capacity(CHUNK_ROWS)),
                end_byte: reader.position().byte(),
            };
            if chunks.blocking_send(Ok(chunk)).is_err() {
                return Ok(());
            }
        }
        if !more {
            return Ok(());
        }
    }
}

/// A tracing layer summing the `consumed_capacity` that aiodynamo records on each request's
/// span. Clones share the sum.
///
/// ```
/// use aiodynamo_examples::bulk_import::CapacityMeter;
/// use tracing_subscriber::layer::SubscriberExt;
/// let meter = CapacityMeter::default();
/// let subscriber = tracing_subscriber::registry().with(meter.clone());
/// tracing::subscriber::with_default(subscriber, || {
///     let span = tracing::debug_span!(target: "aiodynamo::request", "dynamodb",
///         consumed_capacity = tracing::field::Empty);
///     span.record("consumed_capacity", 2.5);
/// });
/// assert_eq!(meter.total(), Some(2.5));
/// ```
#[derive(Debug, Clone, Default)]
pub struct CapacityMeter {
    units: Arc<Mutex<Option<f64>>>,
}

impl CapacityMeter {
    /// The units recorded so far; `None` if no span recorded any.
    pub fn total(&self) -> Option<f64> {
        *self
            .units
            .lock()
            .expect("the meter's lock is never poisoned")
    }
}

impl<S> Layer<S> for CapacityMeter
where
    S: tracing::Subscriber + for<'lookup> LookupSpan<'lookup>,
{
    fn on_record(&self, span: &Id, values: &Record<'_>, context: Context<'_, S>) {
        let ours = context
            .span(span)
            .is_some_and(|span| span.metadata().target().starts_with("aiodynamo"));
        if ours {
            values.record(&mut CapacityVisitor(&self.units));
        }
    }
}

/// Adds a `consumed_capacity` field's value to the sum.
struct CapacityVisitor<'a>(&'a Mutex<Option<f64>>);

impl Visit for CapacityVisitor<'_> {
    fn record_f64(&mut self, field: &Field, value: f64) {
        if field.name() == "consumed_capacity" {
            let mut units = self.0.lock().expect("the meter's lock is never poisoned");
            *units = Some(units.unwrap_or(0.0) + value);
        }
    }

    fn record_debug(&mut self, _field: &Field, _value: &dyn fmt::Debug) {}
}
