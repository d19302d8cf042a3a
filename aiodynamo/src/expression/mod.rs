//! Expressions as DynamoDB takes them: conditions, update actions and projections, rendered with
//! deterministic placeholders (`#n0.#n1[1].#n2`, `:v0`), so values never appear in expression text
//! and any attribute name (reserved words, dots, spaces) works.
//!
//! ```
//! # use aiodynamo::prelude::*;
//! # #[table("users", hash_key = "user_id")]
//! # #[derive(serde::Serialize, serde::Deserialize)]
//! # struct User { user_id: String, name: String, logins: u64 }
//! # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
//! #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
//! let rendered = db
//!     .update(User::key("u1"), [attr!(User, logins).add(1)])
//!     .condition(attr!(User, name).eq("Alice"))
//!     .render()?;
//! assert_eq!(rendered.update_expression.as_deref(), Some("ADD #n0 :v0"));
//! assert_eq!(rendered.condition_expression.as_deref(), Some("#n1 = :v1"));
//! # Ok::<(), aiodynamo::Error>(())
//! ```

mod condition;
mod key_condition;
mod projection;
mod update;

use std::collections::HashMap;
use std::fmt::Write;

use aws_sdk_dynamodb::types::AttributeValue;

pub use condition::{AttributeType, Condition, Size};
pub use key_condition::{KeyCondition, PartitionOnly, WithRange};
pub use projection::{IntoProjection, Projection};
pub use update::UpdateAttr;

use crate::attribute_path::{AttributePath, Segment};
use crate::error::EncodeError;

/// A request's expressions and placeholder maps, as they would be sent: for debugging, logging
/// and snapshot tests. Made by each builder's `render()`.
///
/// ```
/// use aiodynamo::prelude::*;
/// #[table("users", hash_key = "user_id")]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct User { user_id: String, name: String }
///
/// # let db = aiodynamo::Db::new(aws_sdk_dynamodb::Client::from_conf(
/// #     aws_sdk_dynamodb::Config::builder().behavior_version_latest().build()));
/// let request = db
///     .update(User::key("u1"), [attr!(User, name).set("Bob")])
///     .condition(attr!(User, name).eq("Alice"))
///     .render()?;
/// assert_eq!(request.update_expression.as_deref(), Some("SET #n0 = :v0"));
/// assert_eq!(request.condition_expression.as_deref(), Some("#n0 = :v1"));
/// assert_eq!(request.names["#n0"], "name");
/// # Ok::<(), aiodynamo::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Rendered {
    /// `KeyConditionExpression` (a query).
    pub key_condition_expression: Option<String>,
    /// `UpdateExpression`.
    pub update_expression: Option<String>,
    /// `ConditionExpression`.
    pub condition_expression: Option<String>,
    /// `FilterExpression` (a query or scan).
    pub filter_expression: Option<String>,
    /// `ProjectionExpression`.
    pub projection_expression: Option<String>,
    /// `ExpressionAttributeNames`: `#n0` to the attribute name.
    pub names: HashMap<String, String>,
    /// `ExpressionAttributeValues`: `:v0` to the value.
    pub values: HashMap<String, AttributeValue>,
}

/// Why a request cannot be sent, found while building or rendering it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Invalid {
    Encode(EncodeError),
    Request(String),
}

impl From<EncodeError> for Invalid {
    fn from(error: EncodeError) -> Self {
        Invalid::Encode(error)
    }
}

/// A value for an expression, encoded when the expression was built; the error waits for `send`.
pub(crate) type Operand = Result<AttributeValue, Invalid>;

/// Writes expressions, handing out one placeholder per distinct name and one per value, straight
/// into the maps the request sends.
#[derive(Default)]
pub(crate) struct Placeholders {
    names: HashMap<String, String>,
    values: HashMap<String, AttributeValue>,
}

impl Placeholders {
    pub(crate) fn path(&mut self, path: &AttributePath, out: &mut String) {
        for (position, segment) in path.segments().iter().enumerate() {
            match segment {
                Segment::Name(name) => {
                    if position > 0 {
                        out.push('.');
                    }
                    let known = self.names.iter().find(|(_, known)| **known == **name);
                    match known {
                        Some((placeholder, _)) => out.push_str(placeholder),
                        None => {
                            let placeholder = placeholder("#n", self.names.len());
                            out.push_str(&placeholder);
                            self.names.insert(placeholder, name.to_string());
                        }
                    }
                }
                Segment::Index(index) => {
                    out.push('[');
                    push_number(out, *index);
                    out.push(']');
                }
            }
        }
    }

    /// Writes a value's placeholder, moving the value into the map (an expression is rendered
    /// once: what stays behind is a NULL).
    pub(crate) fn value(&mut self, value: &mut Operand, out: &mut String) -> Result<(), Invalid> {
        let value = std::mem::replace(value, Ok(AttributeValue::Null(true)))?;
        let placeholder = placeholder(":v", self.values.len());
        out.push_str(&placeholder);
        self.values.insert(placeholder, value);
        Ok(())
    }
}

/// `#n3`, `:v12`: a placeholder, as the placeholder maps' keys.
fn placeholder(prefix: &str, index: usize) -> String {
    let mut text = String::with_capacity(prefix.len() + 3);
    text.push_str(prefix);
    push_number(&mut text, index);
    text
}

/// Writes `n` in decimal; the usual single digit without `fmt`, which took a seventh of the time
/// to build the seed page's update request.
fn push_number(out: &mut String, n: usize) {
    match u8::try_from(n) {
        Ok(digit @ 0..=9) => out.push(char::from(b'0' + digit)),
        _ => write!(out, "{n}").expect("writing to a String"),
    }
}

/// A buffer for one expression, sized for the usual one so writing it rarely reallocates.
pub(crate) fn expression_buffer() -> String {
    String::with_capacity(64)
}

/// DynamoDB's limit on the length of each expression.
const MAX_EXPRESSION_BYTES: usize = 4096;

/// A query's key condition, whatever its index and sort-key state.
pub(crate) trait KeyExpression {
    fn render(&mut self, placeholders: &mut Placeholders, out: &mut String) -> Result<(), Invalid>;
}

/// The expressions of one request, as its builder holds them.
pub(crate) struct Expressions<'a, M> {
    pub(crate) key_condition: Option<&'a mut dyn KeyExpression>,
    pub(crate) update: Option<Vec<UpdateAttr<M>>>,
    pub(crate) condition: Option<Condition<M>>,
    pub(crate) filter: Option<Condition<M>>,
    pub(crate) projection: Option<&'a [Projection<M>]>,
}

impl<M> Default for Expressions<'_, M> {
    fn default() -> Self {
        Expressions {
            key_condition: None,
            update: None,
            condition: None,
            filter: None,
            projection: None,
        }
    }
}

impl<M> Expressions<'_, M> {
    /// Renders the expressions in a fixed order (key condition, update, condition, filter,
    /// projection) so the placeholders are the same for the same request. Values move into the
    /// placeholder map.
    pub(crate) fn render(self) -> Result<Rendered, Invalid> {
        let mut placeholders = Placeholders::default();
        let key_condition_expression = match self.key_condition {
            Some(key) => {
                let mut out = expression_buffer();
                key.render(&mut placeholders, &mut out)?;
                Some(within_limit("key condition", out)?)
            }
            None => None,
        };
        let update_expression = match self.update {
            Some(mut actions) => {
                let expression = update::render(&mut actions, &mut placeholders)?;
                Some(within_limit("update", expression)?)
            }
            None => None,
        };
        let mut condition = |condition: Option<Condition<M>>, kind| match condition {
            Some(mut condition) => {
                let mut out = expression_buffer();
                condition.render(&mut placeholders, &mut out)?;
                within_limit(kind, out).map(Some)
            }
            None => Ok(None),
        };
        let condition_expression = condition(self.condition, "condition")?;
        let filter_expression = condition(self.filter, "filter")?;
        let projection_expression = match self.projection {
            Some(paths) => {
                let expression = projection::render(paths, &mut placeholders)?;
                Some(within_limit("projection", expression)?)
            }
            None => None,
        };
        Ok(Rendered {
            key_condition_expression,
            update_expression,
            condition_expression,
            filter_expression,
            projection_expression,
            names: placeholders.names,
            values: placeholders.values,
        })
    }
}

/// Refuses an expression longer than DynamoDB takes, before it is sent.
fn within_limit(kind: &str, expression: String) -> Result<String, Invalid> {
    if expression.len() > MAX_EXPRESSION_BYTES {
        return Err(Invalid::Request(format!(
            "the {kind} expression is {} bytes long; DynamoDB takes at most {MAX_EXPRESSION_BYTES}",
            expression.len()
        )));
    }
    Ok(expression)
}
