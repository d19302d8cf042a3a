//! An AWS Lambda-style handler: `handle(event, &db)` answers one API Gateway proxy event. The
//! event and response are plain serde types shaped like API Gateway's (REST API, payload 1.0),
//! so the handler runs and is tested without the Lambda runtime; under the runtime, the same
//! function is the body of the `service_fn`, with one `Db` made at cold start and shared.
//!
//! The function is a link shortener:
//!
//! | event | answer |
//! |---|---|
//! | `POST /links` with `{"code": "..", "url": ".."}` | 201 and the [`Link`]; 409 if the code is taken; 400 for a body that is not one |
//! | `GET /links/{code}` | 302 to the link's URL, counting the hit; 404 |
//! | `GET /links/{code}/stats` | 200 and the link with its hits; 404 |
//!
//! An answer the client caused (4xx) is an `Ok` [`Response`]; a DynamoDB failure is the `Err`,
//! which Lambda reports as a failed invocation (and API Gateway as a 502) after logging it.

use std::collections::HashMap;

use aiodynamo::Timestamp;
use aiodynamo::prelude::*;
use serde::{Deserialize, Serialize};

/// A short code and where it leads. `hits` counts the redirects, each an atomic `ADD` in
/// DynamoDB, so concurrent invocations never lose one.
///
/// ```
/// use aiodynamo::Model;
/// use aiodynamo_examples::lambda_style::Link;
/// assert_eq!(Link::SCHEMA.hash_key.name, "code");
/// ```
#[table("links", hash_key = "code")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub code: String,
    pub url: String,
    pub hits: u64,
    /// Seconds since the epoch.
    pub created_at: Timestamp,
}

/// The body of `POST /links`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewLink {
    pub code: String,
    pub url: String,
}

/// The part of an API Gateway proxy event (REST API, payload format 1.0) the handler reads; the
/// other fields of a real event are ignored. `resource` is the route template
/// (`/links/{code}`), `pathParameters` its values.
///
/// ```
/// use aiodynamo_examples::lambda_style::Event;
/// let event: Event = serde_json::from_str(r#"{
///     "resource": "/links/{code}", "path": "/links/abc", "httpMethod": "GET",
///     "pathParameters": {"code": "abc"}, "queryStringParameters": null,
///     "headers": {"Accept": "*/*"}, "body": null, "isBase64Encoded": false
/// }"#).unwrap();
/// assert_eq!(event.path_parameters["code"], "abc");
/// ```
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub http_method: String,
    pub resource: String,
    /// API Gateway sends `null` when the route has none.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub path_parameters: HashMap<String, String>,
    pub body: Option<String>,
    /// A binary body arrives base64-encoded; this handler takes JSON text only.
    #[serde(default)]
    pub is_base64_encoded: bool,
}

/// What API Gateway turns into the HTTP answer.
///
/// ```
/// use aiodynamo_examples::lambda_style::Response;
/// let json = serde_json::to_value(Response::text(404, "no such link")).unwrap();
/// assert_eq!(json["statusCode"], 404);
/// assert_eq!(json["body"], r#"{"error":"no such link"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    pub status_code: u16,
    pub headers: HashMap<String, String>,
    pub body: String,
    pub is_base64_encoded: bool,
}

impl Response {
    /// A JSON body.
    pub fn json(status_code: u16, body: &impl Serialize) -> Response {
        Response {
            status_code,
            headers: HashMap::from([("Content-Type".into(), "application/json".into())]),
            body: serde_json::to_string(body).expect("the handler's types serialize to JSON"),
            is_base64_encoded: false,
        }
    }

    /// An error answer: `{"error": message}`. The messages are the handler's own, never a value.
    pub fn text(status_code: u16, message: &str) -> Response {
        Response::json(status_code, &serde_json::json!({ "error": message }))
    }

    /// A 302 to `location`.
    pub fn redirect(location: &str) -> Response {
        Response {
            status_code: 302,
            headers: HashMap::from([("Location".into(), location.into())]),
            body: String::new(),
            is_base64_encoded: false,
        }
    }
}

/// Answers one event, reading and writing the [`Link`] table of `db`.
///
/// ```no_run
/// # async fn demo(db: aiodynamo::Db) -> Result<(), aiodynamo::Error> {
/// use aiodynamo_examples::lambda_style::{Event, handle};
/// let event: Event = serde_json::from_str(
///     r#"{"httpMethod": "GET", "resource": "/links/{code}", "pathParameters": {"code": "abc"}}"#,
/// ).unwrap();
/// let response = handle(event, &db).await?;
/// assert!(response.status_code == 302 || response.status_code == 404);
/// # Ok(()) }
/// ```
pub async fn handle(event: Event, db: &Db) -> Result<Response, aiodynamo::Error> {
    let code = event.path_parameters.get("code").map(String::as_str);
    match (event.http_method.as_str(), event.resource.as_str(), code) {
        ("POST", "/links", _) => create_link(&event, db).await,
        ("GET", "/links/{code}", Some(code)) => follow_link(code, db).await,
        ("GET", "/links/{code}/stats", Some(code)) => link_stats(code, db).await,
        (_, "/links" | "/links/{code}" | "/links/{code}/stats", _) => {
            Ok(Response::text(405, "method not allowed"))
        }
        _ => Ok(Response::text(404, "no such route")),
    }
}

async fn create_link(event: &Event, db: &Db) -> Result<Response, aiodynamo::Error> {
    let new = match (&event.body, event.is_base64_encoded) {
        (Some(body), false) => serde_json::from_str::<NewLink>(body).ok(),
        _ => None,
    };
    let Some(new) = new.filter(|new| is_code(&new.code) && is_web_url(&new.url)) else {
        return Ok(Response::text(
            400,
            "the body is {\"code\": 1 to 64 letters, digits, '-' or '_', \"url\": an http(s) URL}",
        ));
    };
    let link = Link {
        code: new.code,
        url: new.url,
        hits: 0,
        created_at: Timestamp::now(),
    };
    let created = db
        .put(&link)
        .condition(attr!(Link, code).not_exists())
        .send()
        .await;
    match created {
        Ok(()) => Ok(Response::json(201, &link)),
        Err(Error::ConditionalCheckFailed { .. }) => {
            Ok(Response::text(409, "a link with this code exists"))
        }
        Err(other) => Err(other),
    }
}

async fn follow_link(code: &str, db: &Db) -> Result<Response, aiodynamo::Error> {
    // One request reads the URL and counts the hit; `must_exist` keeps an unknown code from
    // creating a half item (an update is an upsert otherwise).
    let counted = db
        .update(Link::key(code), [attr!(Link, hits).add(1)])
        .must_exist()
        .return_values(ReturnValues::AllNew)
        .send()
        .await;
    match counted {
        Ok(link) => Ok(Response::redirect(&link.url)),
        Err(Error::ConditionalCheckFailed { .. }) => Ok(Response::text(404, "no such link")),
        Err(other) => Err(other),
    }
}

async fn link_stats(code: &str, db: &Db) -> Result<Response, aiodynamo::Error> {
    let link: Option<Link> = db.get(Link::key(code)).consistent_read(true).send().await?;
    Ok(match link {
        Some(link) => Response::json(200, &link),
        None => Response::text(404, "no such link"),
    })
}

/// 1 to 64 of `[A-Za-z0-9_-]`: safe in a path, never empty (an empty key is refused).
fn is_code(code: &str) -> bool {
    (1..=64).contains(&code.len())
        && code
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
}

/// An http(s) URL of reasonable length, one line: the redirect goes nowhere else.
fn is_web_url(url: &str) -> bool {
    url.len() <= 2048
        && (url.starts_with("https://") || url.starts_with("http://"))
        && !url.chars().any(char::is_control)
}

fn null_as_empty<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<HashMap<String, String>, D::Error> {
    Option::<HashMap<String, String>>::deserialize(deserializer).map(Option::unwrap_or_default)
}
