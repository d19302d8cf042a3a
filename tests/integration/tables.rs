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

/// The model `ensure_table` is checked against: composite key, two global indexes, a local index
/// with included attributes, and TTL.
#[aiodynamo::table(
    "ensured_orders",
    hash_key = "order_id",
    range_key = "created_at",
    gsi(name = "by_customer", hash_key = "customer_id"),
    gsi(name = "by_status", hash_key = "status", projection = "keys_only"),
    lsi(name = "by_total", range_key = "total", include = ["customer_id"])
)]
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct EnsuredOrder {
    order_id: String,
    created_at: u64,
    customer_id: String,
    status: String,
    total: u64,
    #[ttl]
    expires_at: Option<aiodynamo::Timestamp>,
}

/// A `Db` whose requests go through a fresh fault proxy, its tables under a prefix of their own.
async fn proxied_db() -> (aiodynamo::local::FaultProxy, aiodynamo::Db) {
    let proxy = crate::proxied::fault_proxy().await;
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let next = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let prefix = format!("tables{}-{next}-", std::process::id());
    let db = crate::proxied::through(&proxy, &prefix, 3);
    (proxy, db)
}

#[tokio::test]
async fn ensure_table_creates_a_missing_table_then_accepts_it_unchanged() {
    let (proxy, db) = proxied_db().await;
    let created = db.ensure_table::<EnsuredOrder>().send().await.unwrap();
    assert_eq!(created.table_status(), Some(&TableStatus::Active));
    assert_eq!(created.global_secondary_indexes().len(), 2);
    assert_eq!(created.local_secondary_indexes().len(), 1);
    let table = db.table_name::<EnsuredOrder>();
    let ttl = db
        .client()
        .describe_time_to_live()
        .table_name(&table)
        .send()
        .await
        .unwrap()
        .time_to_live_description
        .unwrap();
    assert_eq!(ttl.attribute_name(), Some("expires_at"));

    // The table now matches: only the two describes are sent, nothing is changed.
    proxy.record_requests();
    let ensured = db.ensure_table::<EnsuredOrder>().send().await.unwrap();
    assert_eq!(ensured.table_name(), Some(table.as_str()));
    let operations = proxy
        .recorded()
        .into_iter()
        .map(|request| request.operation)
        .collect::<Vec<_>>();
    assert_eq!(operations, ["DescribeTable", "DescribeTimeToLive"]);
    db.delete_table::<EnsuredOrder>().send().await.unwrap();
}

#[tokio::test]
async fn ensure_table_lists_every_difference_of_a_table_made_otherwise() {
    use aws_sdk_dynamodb::types::{
        AttributeDefinition, GlobalSecondaryIndex, KeySchemaElement, LocalSecondaryIndex,
        Projection,
    };
    let db = DynamoDbLocal::shared().await.unwrap().isolated_db();
    let table = db.table_name::<EnsuredOrder>();
    let key = |name: &str, key_type: KeyType| {
        KeySchemaElement::builder()
            .attribute_name(name)
            .key_type(key_type)
            .build()
            .unwrap()
    };
    let definition = |name: &str, scalar: ScalarAttributeType| {
        AttributeDefinition::builder()
            .attribute_name(name)
            .attribute_type(scalar)
            .build()
            .unwrap()
    };
    let projection =
        |projection_type: ProjectionType| Projection::builder().projection_type(projection_type);
    db.client()
        .create_table()
        .table_name(&table)
        .billing_mode(BillingMode::PayPerRequest)
        // created_at is a string here, a number in the model.
        .key_schema(key("order_id", KeyType::Hash))
        .key_schema(key("created_at", KeyType::Range))
        .attribute_definitions(definition("order_id", ScalarAttributeType::S))
        .attribute_definitions(definition("created_at", ScalarAttributeType::S))
        .attribute_definitions(definition("customer_id", ScalarAttributeType::S))
        .attribute_definitions(definition("region", ScalarAttributeType::S))
        .attribute_definitions(definition("total", ScalarAttributeType::N))
        // by_customer projects keys only (the model: all); by_status is missing; by_region is
        // not in the model.
        .global_secondary_indexes(
            GlobalSecondaryIndex::builder()
                .index_name("by_customer")
                .key_schema(key("customer_id", KeyType::Hash))
                .projection(projection(ProjectionType::KeysOnly).build())
                .build()
                .unwrap(),
        )
        .global_secondary_indexes(
            GlobalSecondaryIndex::builder()
                .index_name("by_region")
                .key_schema(key("region", KeyType::Hash))
                .projection(projection(ProjectionType::All).build())
                .build()
                .unwrap(),
        )
        // by_total matches the model.
        .local_secondary_indexes(
            LocalSecondaryIndex::builder()
                .index_name("by_total")
                .key_schema(key("order_id", KeyType::Hash))
                .key_schema(key("total", KeyType::Range))
                .projection(
                    projection(ProjectionType::Include)
                        .non_key_attributes("customer_id")
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    // TTL stays off.

    let error = db.ensure_table::<EnsuredOrder>().send().await.unwrap_err();
    let Error::SchemaMismatch {
        origin,
        differences,
    } = &error
    else {
        panic!("a schema mismatch expected: {error:?}")
    };
    assert_eq!(origin.operation(), aiodynamo::Operation::DescribeTable);
    assert_eq!(origin.table(), Some(table.as_str()));
    let texts = differences
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>();
    assert_eq!(
        texts,
        [
            "range key: model `created_at` (N), table `created_at` (S)",
            "index `by_customer`: projection: model ALL, table KEYS_ONLY",
            "index `by_status`: missing",
            "index `by_region`: in the table, not in the model",
            "TTL: model `expires_at`, table disabled",
        ]
    );
    assert_eq!(differences.len(), 5);
    assert!(
        error.to_string().ends_with(&texts.join("; ")),
        "every difference in the message: {error}"
    );

    // Nothing was changed: the table still has its own indexes, TTL still off.
    let described = db
        .client()
        .describe_table()
        .table_name(&table)
        .send()
        .await
        .unwrap()
        .table
        .unwrap();
    let mut names = described
        .global_secondary_indexes()
        .iter()
        .filter_map(|index| index.index_name())
        .collect::<Vec<_>>();
    names.sort();
    assert_eq!(names, ["by_customer", "by_region"]);
    let again = db.ensure_table::<EnsuredOrder>().send().await.unwrap_err();
    assert!(matches!(&again, Error::SchemaMismatch { differences, .. } if differences.len() == 5));
    db.delete_table::<EnsuredOrder>().send().await.unwrap();
}

/// DynamoDB Local ignores `ReplicaUpdates` and so answers the first replica's UpdateTable with a
/// `ValidationException` ("Nothing to update"): the requests are checked as the proxy recorded
/// them, and the error comes back typed, after the table was created.
#[tokio::test]
async fn create_global_table_sends_streams_then_a_replica_update_and_surfaces_locals_refusal() {
    let (proxy, db) = proxied_db().await;
    proxy.record_requests();
    let error = db
        .create_global_table::<EnsuredOrder>(["eu-west-1", "us-east-1"])
        .send()
        .await
        .unwrap_err();
    let table = db.table_name::<EnsuredOrder>();
    let Error::Validation { origin, message } = &error else {
        panic!("DynamoDB Local's refusal as a validation error: {error:?}")
    };
    assert_eq!(origin.operation(), aiodynamo::Operation::UpdateTable);
    assert_eq!(origin.table(), Some(table.as_str()));
    assert_eq!(message, "Nothing to update");

    let recorded = proxy.recorded();
    let operations = recorded
        .iter()
        .map(|request| request.operation.as_str())
        .collect::<Vec<_>>();
    // Created, waited for, TTL enabled, then the first replica: Local's refusal stops there.
    assert_eq!(
        operations,
        [
            "CreateTable",
            "DescribeTable",
            "UpdateTimeToLive",
            "UpdateTable"
        ]
    );
    assert!(
        recorded[0].body.contains(
            r#""StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_AND_OLD_IMAGES"}"#
        ),
        "{}",
        recorded[0].body
    );
    assert_eq!(
        recorded[3].body,
        format!(
            r#"{{"TableName":"{table}","ReplicaUpdates":[{{"Create":{{"RegionName":"eu-west-1"}}}}]}}"#
        )
    );
    // The table itself was created, streams on.
    let described = db
        .client()
        .describe_table()
        .table_name(&table)
        .send()
        .await
        .unwrap()
        .table
        .unwrap();
    let stream = described.stream_specification().unwrap();
    assert!(stream.stream_enabled());
    assert_eq!(
        stream.stream_view_type(),
        Some(&aws_sdk_dynamodb::types::StreamViewType::NewAndOldImages)
    );
    db.delete_table::<EnsuredOrder>().send().await.unwrap();
}

#[tokio::test]
async fn create_global_table_refuses_an_empty_or_repeated_region_before_sending() {
    let (proxy, db) = proxied_db().await;
    for regions in [vec!["eu-west-1", "eu-west-1"], vec![""]] {
        let error = db
            .create_global_table::<EnsuredOrder>(regions)
            .send()
            .await
            .unwrap_err();
        assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
    }
    assert_eq!(proxy.requests(), 0);
}

#[tokio::test]
async fn a_global_index_gets_its_own_provisioned_units() {
    let (_proxy, db) = proxied_db().await;
    let created = db
        .create_table::<EnsuredOrder>()
        .provisioned_throughput(5, 4)
        .index_throughput(
            EnsuredOrder::BY_CUSTOMER,
            aiodynamo::IndexThroughput::provisioned(20, 2),
        )
        .send()
        .await
        .unwrap();
    let units = |name: &str| {
        let index = created
            .global_secondary_indexes()
            .iter()
            .find(|index| index.index_name() == Some(name))
            .unwrap();
        let throughput = index.provisioned_throughput().unwrap();
        (
            throughput.read_capacity_units().unwrap(),
            throughput.write_capacity_units().unwrap(),
        )
    };
    assert_eq!(units("by_customer"), (20, 2));
    assert_eq!(
        units("by_status"),
        (5, 4),
        "the other index keeps the table's units"
    );
    db.delete_table::<EnsuredOrder>().send().await.unwrap();
}

#[tokio::test]
async fn on_demand_caps_and_warm_throughput_are_sent_for_that_index_only() {
    let (proxy, db) = proxied_db().await;
    proxy.record_requests();
    let created = db
        .create_table::<EnsuredOrder>()
        .index_throughput(
            EnsuredOrder::BY_STATUS,
            aiodynamo::IndexThroughput::on_demand(100, 50).warm(12_000, 4_000),
        )
        .send()
        .await;
    let create = proxy
        .recorded()
        .into_iter()
        .find(|request| request.operation == "CreateTable")
        .unwrap();
    let body: serde_json::Value = serde_json::from_str(&create.body).unwrap();
    let indexes = body["GlobalSecondaryIndexes"].as_array().unwrap();
    let by_status = indexes
        .iter()
        .find(|index| index["IndexName"] == "by_status")
        .unwrap();
    assert_eq!(
        by_status["OnDemandThroughput"],
        serde_json::json!({"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 50})
    );
    assert_eq!(
        by_status["WarmThroughput"],
        serde_json::json!({"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000})
    );
    let by_customer = indexes
        .iter()
        .find(|index| index["IndexName"] == "by_customer")
        .unwrap();
    assert!(by_customer.get("OnDemandThroughput").is_none());
    assert!(by_customer.get("WarmThroughput").is_none());
    // DynamoDB Local accepts both (it enforces neither): the request above is what we promise.
    created.unwrap();
    db.delete_table::<EnsuredOrder>().send().await.unwrap();
}

#[tokio::test]
async fn index_capacity_that_cannot_apply_is_refused_before_sending() {
    let (proxy, db) = proxied_db().await;
    let refusals = [
        db.create_table::<EnsuredOrder>()
            .index_throughput(
                EnsuredOrder::BY_TOTAL,
                aiodynamo::IndexThroughput::provisioned(1, 1),
            )
            .send()
            .await,
        db.create_table::<EnsuredOrder>()
            .index_throughput(
                EnsuredOrder::BY_STATUS,
                aiodynamo::IndexThroughput::provisioned(1, 1),
            )
            .send()
            .await,
        db.create_table::<EnsuredOrder>()
            .provisioned_throughput(1, 1)
            .index_throughput(
                EnsuredOrder::BY_STATUS,
                aiodynamo::IndexThroughput::on_demand(10, 10),
            )
            .send()
            .await,
    ];
    let messages = refusals.map(|refusal| match refusal {
        Err(Error::InvalidRequest { message, .. }) => message,
        other => panic!("expected InvalidRequest, got {other:?}"),
    });
    assert_eq!(
        messages,
        [
            "index `by_total` is a local index, which shares the table's capacity",
            "index `by_status` has provisioned units, but the table is on demand (set `provisioned_throughput`)",
            "index `by_status` has an on-demand cap, but the table is provisioned",
        ]
    );
    assert_eq!(proxy.requests(), 0);
}
