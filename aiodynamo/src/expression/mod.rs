//! Expressions as DynamoDB takes them: conditions, update actions and projections, rendered with
//! deterministic placeholders (`#n0.#n1[1].#n2`, `:v0`), so values never appear in expression text
//! and any attribute name (reserved words, dots, spaces) works.

mod condition;
mod projection;
mod update;

use std::collections::HashMap;
use std::fmt::Write;

use aws_sdk_dynamodb::types::AttributeValue;

pub use condition::{AttributeType, Condition, Size};
pub use projection::Projection;
pub use update::UpdateAttr;

use crate::error::EncodeError;
use crate::path::{RawPath, Segment};

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
pub struct Rendered {
    /// `UpdateExpression`.
    pub update_expression: Option<String>,
    /// `ConditionExpression`.
    pub condition_expression: Option<String>,
    /// `ProjectionExpression`.
    pub projection_expression: Option<String>,
    /// `ExpressionAttributeNames`: `#n0` to the attribute name.
    pub names: HashMap<String, String>,
    /// `ExpressionAttributeValues`: `:v0` to the value.
    pub values: HashMap<String, AttributeValue>,
}

impl Rendered {
    /// The names map as the SDK takes it (`None` when empty: DynamoDB rejects an empty map).
    pub(crate) fn names(&mut self) -> Option<HashMap<String, String>> {
        Some(std::mem::take(&mut self.names)).filter(|names| !names.is_empty())
    }

    /// The values map as the SDK takes it (`None` when empty).
    pub(crate) fn values(&mut self) -> Option<HashMap<String, AttributeValue>> {
        Some(std::mem::take(&mut self.values)).filter(|values| !values.is_empty())
    }
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
    pub(crate) fn path(&mut self, path: &RawPath, out: &mut String) {
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

    pub(crate) fn value(&mut self, value: &Operand, out: &mut String) -> Result<(), Invalid> {
        let value = value.clone()?;
        let placeholder = placeholder(":v", self.values.len());
        out.push_str(&placeholder);
        self.values.insert(placeholder, value);
        Ok(())
    }

    pub(crate) fn finish(self, rendered: &mut Rendered) {
        rendered.names = self.names;
        rendered.values = self.values;
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

/// Renders the expressions of one request, in a fixed order (update, condition, projection) so
/// the placeholders are the same for the same request.
pub(crate) fn render<M>(
    update: Option<&[UpdateAttr<M>]>,
    condition: Option<&Condition<M>>,
    projection: Option<&[Projection<M>]>,
) -> Result<Rendered, Invalid> {
    let mut placeholders = Placeholders::default();
    let mut rendered = Rendered::default();
    if let Some(actions) = update {
        rendered.update_expression = Some(update::render(actions, &mut placeholders)?);
    }
    if let Some(condition) = condition {
        let mut out = expression_buffer();
        condition.render(&mut placeholders, &mut out)?;
        rendered.condition_expression = Some(out);
    }
    if let Some(paths) = projection {
        rendered.projection_expression = Some(projection::render(paths, &mut placeholders)?);
    }
    placeholders.finish(&mut rendered);
    Ok(rendered)
}
