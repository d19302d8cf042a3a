//! The bulk import of `aiodynamo_examples::bulk_import` against DynamoDB Local (a fresh products
//! table per test on the process's shared instance).

use std::io::Write;

use aiodynamo::Db;
use aiodynamo::local::DynamoDbLocal;
use aiodynamo_examples::bulk_import::{
    ImportError, Product, import, sample_product, write_sample_csv,
};
use indicatif::ProgressBar;

async fn products_db() -> Db {
    let db = DynamoDbLocal::shared().await.unwrap().isolated_db();
    db.create_table::<Product>().send().await.unwrap();
    db
}

#[tokio::test]
async fn imports_ten_thousand_rows() {
    let db = products_db().await;
    let file = tempfile::NamedTempFile::new().unwrap();
    write_sample_csv(file.path(), 10_000).unwrap();
    let progress = ProgressBar::hidden();

    let summary = import(&db, file.path(), &progress).await.unwrap();

    assert_eq!(summary.rows, 10_000);
    assert_eq!(summary.written, 10_000);
    assert!(summary.leftovers.is_empty(), "{:?}", summary.leftovers);
    // Each item is under 1 KB: one write capacity unit, as DynamoDB Local reports it.
    assert_eq!(summary.consumed_capacity, Some(10_000.0));
    assert_eq!(db.scan::<Product>().count().await.unwrap(), 10_000);
    for n in [0, 4_242, 9_999] {
        let stored: Option<Product> = db
            .get(Product::key(sample_product(n).sku))
            .send()
            .await
            .unwrap();
        assert_eq!(stored, Some(sample_product(n)));
    }
    let file_length = std::fs::metadata(file.path()).unwrap().len();
    assert_eq!(progress.position(), file_length, "the bar ends full");
    assert_eq!(progress.length(), Some(file_length));
}

#[tokio::test]
async fn a_row_that_does_not_fit_stops_the_import_at_its_line() {
    let db = products_db().await;
    let file = tempfile::NamedTempFile::new().unwrap();
    write_sample_csv(file.path(), 2_500).unwrap();
    let mut appending = std::fs::OpenOptions::new()
        .append(true)
        .open(file.path())
        .unwrap();
    // Line 2502: after the header and 2,500 rows.
    writeln!(appending, "sku-bad,Broken,kitchen,not-a-price,1").unwrap();
    writeln!(appending, "sku-after,Fine,kitchen,100,1").unwrap();

    let error = import(&db, file.path(), &ProgressBar::hidden())
        .await
        .unwrap_err();
    assert!(matches!(error, ImportError::Csv(_)), "{error}");
    let message = error.to_string();
    assert!(message.contains("line: 2502"), "{message}");
    // The two whole chunks before it were written; the chunk holding it was not.
    assert_eq!(db.scan::<Product>().count().await.unwrap(), 2_000);
}

#[tokio::test]
async fn a_missing_file_is_an_error() {
    let db = products_db().await;
    let missing = std::env::temp_dir().join("aiodynamo-examples-no-such-file.csv");
    let error = import(&db, &missing, &ProgressBar::hidden())
        .await
        .unwrap_err();
    assert!(matches!(error, ImportError::Csv(_)), "{error}");
}
