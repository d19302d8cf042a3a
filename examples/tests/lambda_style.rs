//! The handler of `aiodynamo_examples::lambda_style`, called with API Gateway events against
//! DynamoDB Local (a fresh links table per test on the process's shared instance).

use std::collections::HashMap;

use aiodynamo::Db;
use aiodynamo::local::DynamoDbLocal;
use aiodynamo_examples::lambda_style::{Event, Link, Response, handle};
use serde_json::Value;

async fn links_db() -> Db {
    let db = DynamoDbLocal::shared().await.unwrap().isolated_db();
    db.create_table::<Link>().send().await.unwrap();
    db
}

fn event(method: &str, resource: &str, code: Option<&str>, body: Option<&str>) -> Event {
    Event {
        http_method: method.into(),
        resource: resource.into(),
        path_parameters: code
            .map(|code| HashMap::from([("code".to_string(), code.to_string())]))
            .unwrap_or_default(),
        body: body.map(String::from),
        is_base64_encoded: false,
    }
}

fn create_event(code: &str, url: &str) -> Event {
    let body = serde_json::json!({ "code": code, "url": url }).to_string();
    event("POST", "/links", None, Some(&body))
}

fn body_of(response: &Response) -> Value {
    serde_json::from_str(&response.body).unwrap()
}

#[tokio::test]
async fn creates_follows_and_counts() {
    let db = links_db().await;

    let created = handle(create_event("rust", "https://www.rust-lang.org"), &db)
        .await
        .unwrap();
    assert_eq!(created.status_code, 201);
    assert_eq!(created.headers["Content-Type"], "application/json");
    assert_eq!(body_of(&created)["hits"], 0);

    let duplicate = handle(create_event("rust", "https://example.com"), &db)
        .await
        .unwrap();
    assert_eq!(duplicate.status_code, 409);
    assert!(!duplicate.body.contains("rust-lang"), "{}", duplicate.body);

    for _ in 0..2 {
        let followed = handle(event("GET", "/links/{code}", Some("rust"), None), &db)
            .await
            .unwrap();
        assert_eq!(followed.status_code, 302);
        assert_eq!(followed.headers["Location"], "https://www.rust-lang.org");
    }

    let stats = handle(event("GET", "/links/{code}/stats", Some("rust"), None), &db)
        .await
        .unwrap();
    assert_eq!(stats.status_code, 200);
    let link: Link = serde_json::from_str(&stats.body).unwrap();
    assert_eq!(
        (link.url.as_str(), link.hits),
        ("https://www.rust-lang.org", 2)
    );
}

#[tokio::test]
async fn an_unknown_code_is_404_and_creates_nothing() {
    let db = links_db().await;
    let followed = handle(event("GET", "/links/{code}", Some("nope"), None), &db)
        .await
        .unwrap();
    assert_eq!(followed.status_code, 404);
    assert_eq!(body_of(&followed)["error"], "no such link");
    // The hit counter's update did not leave a half item behind.
    assert_eq!(db.scan::<Link>().count().await.unwrap(), 0);
    let stats = handle(event("GET", "/links/{code}/stats", Some("nope"), None), &db)
        .await
        .unwrap();
    assert_eq!(stats.status_code, 404);
}

#[tokio::test]
async fn refuses_bad_requests() {
    let db = links_db().await;
    let bad_bodies = [
        Some("not json"),
        Some(r#"{"code": "x"}"#),
        Some(r#"{"code": "", "url": "https://example.com"}"#),
        Some(r#"{"code": "a b", "url": "https://example.com"}"#),
        Some(r#"{"code": "x", "url": "javascript:alert(1)"}"#),
        Some(r#"{"code": "x", "url": "https://example.com/\r\nSet-Cookie: a=b"}"#),
        None,
    ];
    for body in bad_bodies {
        let response = handle(event("POST", "/links", None, body), &db)
            .await
            .unwrap();
        assert_eq!(response.status_code, 400, "{body:?}");
    }
    let mut base64 = create_event("x", "https://example.com");
    base64.is_base64_encoded = true;
    assert_eq!(handle(base64, &db).await.unwrap().status_code, 400);
    assert_eq!(db.scan::<Link>().count().await.unwrap(), 0);

    let wrong_method = handle(event("DELETE", "/links/{code}", Some("x"), None), &db)
        .await
        .unwrap();
    assert_eq!(wrong_method.status_code, 405);
    let no_route = handle(event("GET", "/users", None, None), &db)
        .await
        .unwrap();
    assert_eq!(no_route.status_code, 404);
}

#[tokio::test]
async fn takes_api_gateway_events_as_sent() {
    let db = links_db().await;
    // A REST API proxy event as API Gateway sends it (trimmed of some headers).
    let create = r#"{
        "resource": "/links", "path": "/links", "httpMethod": "POST",
        "headers": {"Content-Type": "application/json", "Host": "abc.execute-api.eu-west-1.amazonaws.com"},
        "multiValueHeaders": {"Content-Type": ["application/json"]},
        "queryStringParameters": null, "multiValueQueryStringParameters": null,
        "pathParameters": null, "stageVariables": null,
        "requestContext": {"resourcePath": "/links", "httpMethod": "POST", "stage": "prod",
                           "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"},
        "body": "{\"code\": \"docs\", \"url\": \"https://docs.rs\"}",
        "isBase64Encoded": false
    }"#;
    let response = handle(serde_json::from_str(create).unwrap(), &db)
        .await
        .unwrap();
    assert_eq!(response.status_code, 201);

    let follow = r#"{"resource": "/links/{code}", "path": "/links/docs", "httpMethod": "GET",
                     "pathParameters": {"code": "docs"}, "body": null, "isBase64Encoded": false}"#;
    let response = handle(serde_json::from_str(follow).unwrap(), &db)
        .await
        .unwrap();
    let json = serde_json::to_value(&response).unwrap();
    assert_eq!(json["statusCode"], 302);
    assert_eq!(json["headers"]["Location"], "https://docs.rs");
    assert_eq!(json["isBase64Encoded"], false);
}
