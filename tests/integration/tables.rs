//! create_table and delete_table, checked with DescribeTable.

use aiodynamo::Error;
use aiodynamo::local::DynamoDbLocal;
use aws_sdk_dynamodb::types::{
    BillingMode, KeyType, ProjectionType, ScalarAttributeType, TableClass, TableStatus,
};

use aiodynamo_tests::models::ComplexOrder;

#[tokio::test]
async fn create_table_builds_keys_and_indexes_from_the_model_and_delete_table_removes_it() {
    let db = DynamoDbLocal::shared().await.unwrap().isolated_db();
    let created = db
        .create_table::<ComplexOrder>()
        .provisioned_throughput(5, 7)
        .table_class(TableClass::Standard)
        .tag("team", "orders")
        .send()
        .await
        .unwrap();
    assert_eq!(created.table_status(), Some(&TableStatus::Active));

    let table = db.table_name::<ComplexOrder>();
    let described = db
        .client()
        .describe_table()
        .table_name(&table)
        .send()
        .await
        .unwrap()
        .table
        .unwrap();
    let keys = |schema: &[aws_sdk_dynamodb::types::KeySchemaElement]| {
        schema
            .iter()
            .map(|key| (key.attribute_name().to_string(), key.key_type().clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        keys(described.key_schema()),
        [
            ("order_id".to_string(), KeyType::Hash),
            ("created_at".to_string(), KeyType::Range)
        ]
    );
    let mut definitions = described
        .attribute_definitions()
        .iter()
        .map(|definition| {
            (
                definition.attribute_name().to_string(),
                definition.attribute_type().clone(),
            )
        })
        .collect::<Vec<_>>();
    definitions.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        definitions,
        [
            ("created_at".to_string(), ScalarAttributeType::S),
            ("customer_id".to_string(), ScalarAttributeType::S),
            ("order_id".to_string(), ScalarAttributeType::S),
            ("total".to_string(), ScalarAttributeType::N),
        ]
    );
    let throughput = described.provisioned_throughput().unwrap();
    assert_eq!(
        (
            throughput.read_capacity_units(),
            throughput.write_capacity_units()
        ),
        (Some(5), Some(7))
    );
    let billing = described
        .billing_mode_summary()
        .and_then(|summary| summary.billing_mode().cloned());
    assert_ne!(billing, Some(BillingMode::PayPerRequest));

    let [gsi] = described.global_secondary_indexes() else {
        panic!("one GSI expected")
    };
    assert_eq!(gsi.index_name(), Some("by_customer"));
    assert_eq!(
        keys(gsi.key_schema()),
        [
            ("customer_id".to_string(), KeyType::Hash),
            ("created_at".to_string(), KeyType::Range)
        ]
    );
    assert_eq!(
        gsi.projection().and_then(|p| p.projection_type()),
        Some(&ProjectionType::All)
    );
    let [lsi] = described.local_secondary_indexes() else {
        panic!("one LSI expected")
    };
    assert_eq!(lsi.index_name(), Some("by_total"));
    assert_eq!(
        keys(lsi.key_schema()),
        [
            ("order_id".to_string(), KeyType::Hash),
            ("total".to_string(), KeyType::Range)
        ]
    );
    assert_eq!(
        lsi.projection().and_then(|p| p.projection_type()),
        Some(&ProjectionType::KeysOnly)
    );

    db.delete_table::<ComplexOrder>().send().await.unwrap();
    let error = db.delete_table::<ComplexOrder>().send().await.unwrap_err();
    assert!(matches!(error, Error::ResourceNotFound { .. }), "{error:?}");
}

#[tokio::test]
async fn on_demand_billing_is_the_default() {
    let db = DynamoDbLocal::shared().await.unwrap().isolated_db();
    let created = db.create_table::<ComplexOrder>().send().await.unwrap();
    let billing = created
        .billing_mode_summary()
        .and_then(|summary| summary.billing_mode().cloned());
    assert_eq!(billing, Some(BillingMode::PayPerRequest));
    let error = db.create_table::<ComplexOrder>().send().await.unwrap_err();
    assert!(
        matches!(error, Error::Sdk { .. }),
        "creating it twice fails: {error:?}"
    );
    assert!(
        error.to_string().contains("ResourceInUseException"),
        "{error}"
    );
}
