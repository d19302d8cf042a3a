//! Conditions: `attr!(User, name).eq("Alice") & !attr!(User, email).exists()`.

use std::fmt;
use std::marker::PhantomData;
use std::ops::{BitAnd, BitOr, Not};

use aws_sdk_dynamodb::types::AttributeValue;
use serde::Serialize;
use smallvec::SmallVec;

use super::{Invalid, Operand, Placeholders};
use crate::attribute_path::AttributePath;
use crate::codec::to_attribute_shaped;
use crate::error::EncodeError;
use crate::kinds::{HasSize, Ordered, Prefixed};
use crate::path::{IntoValue, Path, PathEnd};

/// A condition on an item of model `M`, for put, delete and update.
///
/// Built from typed paths and combined with `&`, `|` and `!`.
///
/// ```
/// use aiodynamo::prelude::*;
/// #[table("users", hash_key = "user_id")]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct User { user_id: String, name: String, logins: u64, email: Option<String> }
///
/// let condition = attr!(User, name).begins_with("Al")
///     & (attr!(User, logins).between(1, 10) | !attr!(User, email).exists());
/// # let _ = condition;
/// ```
pub struct Condition<M> {
    /// The nodes of the expression tree, children before their parents; the last is the root.
    /// A flat list rather than boxes, so that no condition, however long a chain of `&` a
    /// program folds, is cloned, dropped or rendered by recursion; one comparison stays inline.
    nodes: SmallVec<[Node; 1]>,
    marker: PhantomData<fn() -> M>,
}

#[derive(Clone)]
enum Node {
    Compare(Subject, &'static str, Operand),
    Between(Subject, Operand, Operand),
    In(Subject, Vec<Operand>),
    Function(&'static str, AttributePath, Operand),
    Exists(AttributePath),
    NotExists(AttributePath),
    /// Indices of the operands in the node list.
    And(usize, usize),
    Or(usize, usize),
    Not(usize),
}

/// The left side of a comparison: an attribute, or its size.
#[derive(Clone)]
enum Subject {
    Path(AttributePath),
    Size(AttributePath),
}

/// What is left to write of a condition: a node (`true`: as the operand of a compound one, so
/// in parentheses if compound itself), or some text.
enum Pending {
    Node(usize, bool),
    Text(&'static str),
}

impl<M> Clone for Condition<M> {
    fn clone(&self) -> Self {
        Condition {
            nodes: self.nodes.clone(),
            marker: PhantomData,
        }
    }
}

/// The attributes the condition reads, never its values: values are user data.
impl<M> fmt::Debug for Condition<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let paths = self.nodes.iter().filter_map(|node| match node {
            Node::Compare(Subject::Path(path) | Subject::Size(path), ..)
            | Node::Between(Subject::Path(path) | Subject::Size(path), ..)
            | Node::In(Subject::Path(path) | Subject::Size(path), _)
            | Node::Function(_, path, _)
            | Node::Exists(path)
            | Node::NotExists(path) => Some(format_args!("{path}").to_string()),
            Node::And(..) | Node::Or(..) | Node::Not(_) => None,
        });
        f.debug_struct("Condition")
            .field("attributes", &paths.collect::<Vec<_>>())
            .finish()
    }
}

impl<M> Condition<M> {
    fn new(node: Node) -> Self {
        Condition {
            nodes: smallvec::smallvec![node],
            marker: PhantomData,
        }
    }

    /// `attribute_exists(path)` on an attribute named by the schema rather than a typed path.
    pub(crate) fn attribute_exists(path: AttributePath) -> Self {
        Condition::new(Node::Exists(path))
    }

    /// `attribute_not_exists(path)` on an attribute named by the schema.
    pub(crate) fn attribute_not_exists(path: AttributePath) -> Self {
        Condition::new(Node::NotExists(path))
    }

    /// `path <operator> value` on an attribute named by the schema, with an encoded value.
    pub(crate) fn compare(
        path: AttributePath,
        operator: &'static str,
        value: AttributeValue,
    ) -> Self {
        Condition::new(Node::Compare(Subject::Path(path), operator, Ok(value)))
    }

    fn root(&self) -> usize {
        self.nodes.len() - 1
    }

    /// `self` and `other` joined by the node `join(left root, right root)`. The shorter list is
    /// moved after the longer, so folding a chain of any shape costs n log n moves at most.
    fn combine(self, other: Condition<M>, join: fn(usize, usize) -> Node) -> Condition<M> {
        let (mut longer, shorter, self_first) = if self.nodes.len() >= other.nodes.len() {
            (self.nodes, other.nodes, true)
        } else {
            (other.nodes, self.nodes, false)
        };
        let longer_root = longer.len() - 1;
        let offset = longer.len();
        longer.extend(shorter.into_iter().map(|node| node.shifted(offset)));
        let shorter_root = longer.len() - 1;
        let node = if self_first {
            join(longer_root, shorter_root)
        } else {
            join(shorter_root, longer_root)
        };
        longer.push(node);
        Condition {
            nodes: longer,
            marker: PhantomData,
        }
    }

    /// Writes the condition, depth first and left to right (so the placeholders are numbered in
    /// reading order), with an explicit stack rather than recursion.
    pub(crate) fn render(
        &mut self,
        placeholders: &mut Placeholders,
        out: &mut String,
    ) -> Result<(), Invalid> {
        let root = self.root();
        if let [leaf] = self.nodes.as_mut_slice() {
            return leaf.render_leaf(placeholders, out);
        }
        let mut pending = Vec::with_capacity(16);
        pending.push(Pending::Node(root, false));
        while let Some(next) = pending.pop() {
            let (index, grouped) = match next {
                Pending::Text(text) => {
                    out.push_str(text);
                    continue;
                }
                Pending::Node(index, grouped) => (index, grouped),
            };
            let (operator, left, right) = match &mut self.nodes[index] {
                Node::And(left, right) => (" AND ", Some(*left), *right),
                Node::Or(left, right) => (" OR ", Some(*left), *right),
                Node::Not(inner) => ("NOT ", None, *inner),
                leaf => {
                    leaf.render_leaf(placeholders, out)?;
                    continue;
                }
            };
            // Compound operands are parenthesised, so the grouping the user wrote is the one
            // DynamoDB reads, whatever its operator precedence. Pushed in reverse.
            if grouped {
                pending.push(Pending::Text(")"));
            }
            pending.push(Pending::Node(right, true));
            pending.push(Pending::Text(operator));
            if let Some(left) = left {
                pending.push(Pending::Node(left, true));
            }
            if grouped {
                pending.push(Pending::Text("("));
            }
        }
        Ok(())
    }
}

impl Subject {
    fn render(&self, placeholders: &mut Placeholders, out: &mut String) {
        match self {
            Subject::Path(path) => placeholders.path(path, out),
            Subject::Size(path) => {
                out.push_str("size(");
                placeholders.path(path, out);
                out.push(')');
            }
        }
    }
}

impl Node {
    /// The node with its operand indices moved by `offset`.
    fn shifted(self, offset: usize) -> Node {
        match self {
            Node::And(left, right) => Node::And(left + offset, right + offset),
            Node::Or(left, right) => Node::Or(left + offset, right + offset),
            Node::Not(inner) => Node::Not(inner + offset),
            leaf => leaf,
        }
    }

    /// Writes a comparison or function; its values move into the placeholder map.
    fn render_leaf(
        &mut self,
        placeholders: &mut Placeholders,
        out: &mut String,
    ) -> Result<(), Invalid> {
        match self {
            Node::Compare(subject, operator, value) => {
                subject.render(placeholders, out);
                out.push(' ');
                out.push_str(operator);
                out.push(' ');
                placeholders.value(value, out)?;
            }
            Node::Between(subject, low, high) => {
                subject.render(placeholders, out);
                out.push_str(" BETWEEN ");
                placeholders.value(low, out)?;
                out.push_str(" AND ");
                placeholders.value(high, out)?;
            }
            Node::In(subject, values) => {
                if values.is_empty() {
                    return Err(Invalid::Request("`is_in` needs at least one value".into()));
                }
                if values.len() > crate::limits::MAX_IN_VALUES {
                    let (Subject::Path(path) | Subject::Size(path)) = subject;
                    return Err(Invalid::Request(format!(
                        "`is_in` on `{path}` has {} values; DynamoDB takes at most {}",
                        values.len(),
                        crate::limits::MAX_IN_VALUES
                    )));
                }
                subject.render(placeholders, out);
                out.push_str(" IN (");
                for (position, value) in values.iter_mut().enumerate() {
                    if position > 0 {
                        out.push_str(", ");
                    }
                    placeholders.value(value, out)?;
                }
                out.push(')');
            }
            Node::Function(function, path, value) => {
                out.push_str(function);
                out.push('(');
                placeholders.path(path, out);
                out.push_str(", ");
                placeholders.value(value, out)?;
                out.push(')');
            }
            Node::Exists(path) => {
                out.push_str("attribute_exists(");
                placeholders.path(path, out);
                out.push(')');
            }
            Node::NotExists(path) => {
                out.push_str("attribute_not_exists(");
                placeholders.path(path, out);
                out.push(')');
            }
            Node::And(..) | Node::Or(..) | Node::Not(_) => {
                return Err(Invalid::Request("a malformed condition".into()));
            }
        }
        Ok(())
    }
}

impl<M> BitAnd for Condition<M> {
    type Output = Condition<M>;
    fn bitand(self, other: Condition<M>) -> Condition<M> {
        self.combine(other, Node::And)
    }
}

impl<M> BitOr for Condition<M> {
    type Output = Condition<M>;
    fn bitor(self, other: Condition<M>) -> Condition<M> {
        self.combine(other, Node::Or)
    }
}

impl<M> Not for Condition<M> {
    type Output = Condition<M>;
    fn not(mut self) -> Condition<M> {
        let root = self.root();
        self.nodes.push(Node::Not(root));
        self
    }
}

/// DynamoDB's attribute types, for [`Path::attribute_type`].
///
/// ```
/// # use aiodynamo::prelude::*;
/// # use std::collections::BTreeSet;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User {
/// #     user_id: String, name: String, email: Option<String>,
/// #     logins: u64, roles: BTreeSet<String>, history: Vec<String>,
/// # }
/// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
/// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
/// let check = db.check(User::key("u1"), attr!(User, email).attribute_type(aiodynamo::AttributeType::S));
/// assert_eq!(check.render()?.condition_expression.as_deref(), Some("attribute_type(#n0, :v0)"));
/// # Ok::<(), aiodynamo::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttributeType {
    /// String.
    S,
    /// Number.
    N,
    /// Binary.
    B,
    /// Boolean.
    Bool,
    /// Null.
    Null,
    /// List.
    L,
    /// Map.
    M,
    /// String set.
    Ss,
    /// Number set.
    Ns,
    /// Binary set.
    Bs,
}

impl AttributeType {
    fn code(self) -> &'static str {
        match self {
            AttributeType::S => "S",
            AttributeType::N => "N",
            AttributeType::B => "B",
            AttributeType::Bool => "BOOL",
            AttributeType::Null => "NULL",
            AttributeType::L => "L",
            AttributeType::M => "M",
            AttributeType::Ss => "SS",
            AttributeType::Ns => "NS",
            AttributeType::Bs => "BS",
        }
    }
}

/// Encodes a condition's value; an absent one (`None`, an empty set) cannot be compared with.
fn operand(encoded: Result<Option<AttributeValue>, EncodeError>) -> Operand {
    match encoded? {
        Some(value) => Ok(value),
        None => Err(Invalid::Request(
            "a condition compares with `None` or an empty set: use `exists()`/`not_exists()`"
                .into(),
        )),
    }
}

/// Conditions on an attribute. `eq(None)` means the attribute is absent, `ne(None)` present.
impl<M, T: Serialize, S> Path<M, T, S> {
    fn compare(&self, operator: &'static str, value: impl IntoValue<T>) -> Condition<M> {
        self.compare_encoded(operator, value.encode_at(self))
    }

    fn compare_encoded(
        &self,
        operator: &'static str,
        encoded: Result<Option<AttributeValue>, EncodeError>,
    ) -> Condition<M> {
        Condition::new(Node::Compare(
            Subject::Path(self.raw().clone()),
            operator,
            operand(encoded),
        ))
    }

    /// `path = value`; with `None` (or an empty set), the attribute is absent (a list element or
    /// map entry: NULL).
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # use std::collections::BTreeSet;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User {
    /// #     user_id: String, name: String, email: Option<String>,
    /// #     logins: u64, roles: BTreeSet<String>, history: Vec<String>,
    /// # }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let check = db.check(User::key("u1"), attr!(User, name).eq("Alice"));
    /// assert_eq!(check.render()?.condition_expression.as_deref(), Some("#n0 = :v0"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn eq(&self, value: impl IntoValue<T>) -> Condition<M>
    where
        S: PathEnd,
    {
        self.equality("=", value, Self::not_exists)
    }

    /// `path <> value`; with `None` (or an empty set), the attribute is present (a list element
    /// or map entry: not NULL).
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # use std::collections::BTreeSet;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User {
    /// #     user_id: String, name: String, email: Option<String>,
    /// #     logins: u64, roles: BTreeSet<String>, history: Vec<String>,
    /// # }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let check = db.check(User::key("u1"), attr!(User, email).ne(None));
    /// assert_eq!(check.render()?.condition_expression.as_deref(), Some("attribute_exists(#n0)"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn ne(&self, value: impl IntoValue<T>) -> Condition<M>
    where
        S: PathEnd,
    {
        self.equality("<>", value, Self::exists)
    }

    /// `eq`/`ne`: no value compares with NULL on a list element or map entry, and is
    /// `on_absent` (`attribute_not_exists`/`attribute_exists`) on an attribute.
    fn equality(
        &self,
        operator: &'static str,
        value: impl IntoValue<T>,
        on_absent: fn(&Self) -> Condition<M>,
    ) -> Condition<M>
    where
        S: PathEnd,
    {
        match value.encode_at(self) {
            Ok(None) if S::NONE_IS_NULL => {
                self.compare_encoded(operator, Ok(Some(AttributeValue::Null(true))))
            }
            Ok(None) => on_absent(self),
            encoded => self.compare_encoded(operator, encoded),
        }
    }

    /// `path < value`.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # use std::collections::BTreeSet;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User {
    /// #     user_id: String, name: String, email: Option<String>,
    /// #     logins: u64, roles: BTreeSet<String>, history: Vec<String>,
    /// # }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let check = db.check(User::key("u1"), attr!(User, logins).lt(10));
    /// assert_eq!(check.render()?.condition_expression.as_deref(), Some("#n0 < :v0"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn lt(&self, value: impl IntoValue<T>) -> Condition<M>
    where
        T: Ordered,
    {
        self.compare("<", value)
    }

    /// `path <= value`.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # use std::collections::BTreeSet;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User {
    /// #     user_id: String, name: String, email: Option<String>,
    /// #     logins: u64, roles: BTreeSet<String>, history: Vec<String>,
    /// # }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let check = db.check(User::key("u1"), attr!(User, logins).le(10));
    /// assert_eq!(check.render()?.condition_expression.as_deref(), Some("#n0 <= :v0"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn le(&self, value: impl IntoValue<T>) -> Condition<M>
    where
        T: Ordered,
    {
        self.compare("<=", value)
    }

    /// `path > value`.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # use std::collections::BTreeSet;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User {
    /// #     user_id: String, name: String, email: Option<String>,
    /// #     logins: u64, roles: BTreeSet<String>, history: Vec<String>,
    /// # }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let check = db.check(User::key("u1"), attr!(User, logins).gt(10));
    /// assert_eq!(check.render()?.condition_expression.as_deref(), Some("#n0 > :v0"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn gt(&self, value: impl IntoValue<T>) -> Condition<M>
    where
        T: Ordered,
    {
        self.compare(">", value)
    }

    /// `path >= value`.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # use std::collections::BTreeSet;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User {
    /// #     user_id: String, name: String, email: Option<String>,
    /// #     logins: u64, roles: BTreeSet<String>, history: Vec<String>,
    /// # }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let check = db.check(User::key("u1"), attr!(User, logins).ge(10));
    /// assert_eq!(check.render()?.condition_expression.as_deref(), Some("#n0 >= :v0"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn ge(&self, value: impl IntoValue<T>) -> Condition<M>
    where
        T: Ordered,
    {
        self.compare(">=", value)
    }

    /// `path BETWEEN low AND high` (both inclusive).
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # use std::collections::BTreeSet;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User {
    /// #     user_id: String, name: String, email: Option<String>,
    /// #     logins: u64, roles: BTreeSet<String>, history: Vec<String>,
    /// # }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let check = db.check(User::key("u1"), attr!(User, logins).between(1, 10));
    /// assert_eq!(check.render()?.condition_expression.as_deref(), Some("#n0 BETWEEN :v0 AND :v1"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn between(&self, low: impl IntoValue<T>, high: impl IntoValue<T>) -> Condition<M>
    where
        T: Ordered,
    {
        Condition::new(Node::Between(
            Subject::Path(self.raw().clone()),
            operand(low.encode_at(self)),
            operand(high.encode_at(self)),
        ))
    }

    /// `path IN (v0, v1, ..)`: one of these values (at least one, at most 100).
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # use std::collections::BTreeSet;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User {
    /// #     user_id: String, name: String, email: Option<String>,
    /// #     logins: u64, roles: BTreeSet<String>, history: Vec<String>,
    /// # }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let check = db.check(User::key("u1"), attr!(User, name).is_in(["Alice", "Bob"]));
    /// assert_eq!(check.render()?.condition_expression.as_deref(), Some("#n0 IN (:v0, :v1)"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn is_in<V: IntoValue<T>>(&self, values: impl IntoIterator<Item = V>) -> Condition<M> {
        let values = values
            .into_iter()
            .map(|value| operand(value.encode_at(self)))
            .collect();
        Condition::new(Node::In(Subject::Path(self.raw().clone()), values))
    }

    /// `begins_with(path, prefix)`, for strings and bytes.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # use std::collections::BTreeSet;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User {
    /// #     user_id: String, name: String, email: Option<String>,
    /// #     logins: u64, roles: BTreeSet<String>, history: Vec<String>,
    /// # }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let check = db.check(User::key("u1"), attr!(User, name).begins_with("Al"));
    /// assert_eq!(check.render()?.condition_expression.as_deref(), Some("begins_with(#n0, :v0)"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn begins_with(&self, prefix: impl IntoValue<T>) -> Condition<M>
    where
        T: Prefixed,
    {
        let prefix = operand(prefix.encode_at(self));
        Condition::new(Node::Function("begins_with", self.raw().clone(), prefix))
    }

    /// `contains(path, value)`: a substring of a string, a member of a set or an element of a list.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # use std::collections::BTreeSet;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User {
    /// #     user_id: String, name: String, email: Option<String>,
    /// #     logins: u64, roles: BTreeSet<String>, history: Vec<String>,
    /// # }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let check = db.check(User::key("u1"), attr!(User, roles).contains("admin"));
    /// assert_eq!(check.render()?.condition_expression.as_deref(), Some("contains(#n0, :v0)"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn contains<V: Serialize>(&self, value: V) -> Condition<M>
    where
        T: crate::path::Contains<V>,
    {
        let value = operand(to_attribute_shaped(&value, self.shape().element()));
        Condition::new(Node::Function("contains", self.raw().clone(), value))
    }

    /// `attribute_exists(path)`.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # use std::collections::BTreeSet;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User {
    /// #     user_id: String, name: String, email: Option<String>,
    /// #     logins: u64, roles: BTreeSet<String>, history: Vec<String>,
    /// # }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let check = db.check(User::key("u1"), attr!(User, email).exists());
    /// assert_eq!(check.render()?.condition_expression.as_deref(), Some("attribute_exists(#n0)"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn exists(&self) -> Condition<M> {
        Condition::new(Node::Exists(self.raw().clone()))
    }

    /// `attribute_not_exists(path)`.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # use std::collections::BTreeSet;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User {
    /// #     user_id: String, name: String, email: Option<String>,
    /// #     logins: u64, roles: BTreeSet<String>, history: Vec<String>,
    /// # }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let check = db.check(User::key("u1"), attr!(User, user_id).not_exists());
    /// assert_eq!(check.render()?.condition_expression.as_deref(), Some("attribute_not_exists(#n0)"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn not_exists(&self) -> Condition<M> {
        Condition::new(Node::NotExists(self.raw().clone()))
    }

    /// `attribute_type(path, type)`.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # use std::collections::BTreeSet;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User {
    /// #     user_id: String, name: String, email: Option<String>,
    /// #     logins: u64, roles: BTreeSet<String>, history: Vec<String>,
    /// # }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let check = db.check(User::key("u1"), attr!(User, roles).attribute_type(aiodynamo::AttributeType::Ss));
    /// assert_eq!(check.render()?.condition_expression.as_deref(), Some("attribute_type(#n0, :v0)"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn attribute_type(&self, attribute_type: AttributeType) -> Condition<M> {
        let code = Ok(AttributeValue::S(attribute_type.code().to_owned()));
        Condition::new(Node::Function("attribute_type", self.raw().clone(), code))
    }

    /// `size(path)`, compared like a number: `attr!(User, name).size().gt(3)`.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # use std::collections::BTreeSet;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User {
    /// #     user_id: String, name: String, email: Option<String>,
    /// #     logins: u64, roles: BTreeSet<String>, history: Vec<String>,
    /// # }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let check = db.check(User::key("u1"), attr!(User, history).size().gt(3));
    /// assert_eq!(check.render()?.condition_expression.as_deref(), Some("size(#n0) > :v0"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn size(&self) -> Size<M>
    where
        T: HasSize,
    {
        Size {
            path: self.raw().clone(),
            marker: PhantomData,
        }
    }
}

/// `size(path)` of a string, bytes, list, map or set; compares like a number.
///
/// ```
/// # use aiodynamo::prelude::*;
/// # use std::collections::BTreeSet;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User {
/// #     user_id: String, name: String, email: Option<String>,
/// #     logins: u64, roles: BTreeSet<String>, history: Vec<String>,
/// # }
/// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
/// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
/// let check = db.check(User::key("u1"), attr!(User, roles).size().between(1, 3));
/// assert_eq!(check.render()?.condition_expression.as_deref(), Some("size(#n0) BETWEEN :v0 AND :v1"));
/// # Ok::<(), aiodynamo::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Size<M> {
    path: AttributePath,
    marker: PhantomData<fn() -> M>,
}

impl<M> Size<M> {
    fn compare(&self, operator: &'static str, value: u64) -> Condition<M> {
        Condition::new(Node::Compare(
            Subject::Size(self.path.clone()),
            operator,
            Ok(AttributeValue::N(value.to_string())),
        ))
    }

    /// `size(path) = n`.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # use std::collections::BTreeSet;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User {
    /// #     user_id: String, name: String, email: Option<String>,
    /// #     logins: u64, roles: BTreeSet<String>, history: Vec<String>,
    /// # }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let check = db.check(User::key("u1"), attr!(User, roles).size().eq(1));
    /// assert_eq!(check.render()?.condition_expression.as_deref(), Some("size(#n0) = :v0"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn eq(&self, n: impl IntoValue<u64>) -> Condition<M> {
        self.compare("=", n.into_value())
    }
    /// `size(path) <> n`.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # use std::collections::BTreeSet;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User {
    /// #     user_id: String, name: String, email: Option<String>,
    /// #     logins: u64, roles: BTreeSet<String>, history: Vec<String>,
    /// # }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let check = db.check(User::key("u1"), attr!(User, roles).size().ne(1));
    /// assert_eq!(check.render()?.condition_expression.as_deref(), Some("size(#n0) <> :v0"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn ne(&self, n: impl IntoValue<u64>) -> Condition<M> {
        self.compare("<>", n.into_value())
    }
    /// `size(path) < n`.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # use std::collections::BTreeSet;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User {
    /// #     user_id: String, name: String, email: Option<String>,
    /// #     logins: u64, roles: BTreeSet<String>, history: Vec<String>,
    /// # }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let check = db.check(User::key("u1"), attr!(User, name).size().lt(64));
    /// assert_eq!(check.render()?.condition_expression.as_deref(), Some("size(#n0) < :v0"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn lt(&self, n: impl IntoValue<u64>) -> Condition<M> {
        self.compare("<", n.into_value())
    }
    /// `size(path) <= n`.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # use std::collections::BTreeSet;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User {
    /// #     user_id: String, name: String, email: Option<String>,
    /// #     logins: u64, roles: BTreeSet<String>, history: Vec<String>,
    /// # }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let check = db.check(User::key("u1"), attr!(User, name).size().le(64));
    /// assert_eq!(check.render()?.condition_expression.as_deref(), Some("size(#n0) <= :v0"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn le(&self, n: impl IntoValue<u64>) -> Condition<M> {
        self.compare("<=", n.into_value())
    }
    /// `size(path) > n`.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # use std::collections::BTreeSet;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User {
    /// #     user_id: String, name: String, email: Option<String>,
    /// #     logins: u64, roles: BTreeSet<String>, history: Vec<String>,
    /// # }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let check = db.check(User::key("u1"), attr!(User, history).size().gt(0));
    /// assert_eq!(check.render()?.condition_expression.as_deref(), Some("size(#n0) > :v0"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn gt(&self, n: impl IntoValue<u64>) -> Condition<M> {
        self.compare(">", n.into_value())
    }
    /// `size(path) >= n`.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # use std::collections::BTreeSet;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User {
    /// #     user_id: String, name: String, email: Option<String>,
    /// #     logins: u64, roles: BTreeSet<String>, history: Vec<String>,
    /// # }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let check = db.check(User::key("u1"), attr!(User, history).size().ge(2));
    /// assert_eq!(check.render()?.condition_expression.as_deref(), Some("size(#n0) >= :v0"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn ge(&self, n: impl IntoValue<u64>) -> Condition<M> {
        self.compare(">=", n.into_value())
    }
    /// `size(path) BETWEEN low AND high`.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # use std::collections::BTreeSet;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User {
    /// #     user_id: String, name: String, email: Option<String>,
    /// #     logins: u64, roles: BTreeSet<String>, history: Vec<String>,
    /// # }
    /// # let db = aiodynamo::Db::new(aiodynamo::sdk::Client::from_conf(
    /// #     aiodynamo::sdk::Config::builder().behavior_version_latest().build()));
    /// let check = db.check(User::key("u1"), attr!(User, name).size().between(1, 64));
    /// assert_eq!(check.render()?.condition_expression.as_deref(), Some("size(#n0) BETWEEN :v0 AND :v1"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn between(&self, low: impl IntoValue<u64>, high: impl IntoValue<u64>) -> Condition<M> {
        let number = |n: u64| Ok(AttributeValue::N(n.to_string()));
        Condition::new(Node::Between(
            Subject::Size(self.path.clone()),
            number(low.into_value()),
            number(high.into_value()),
        ))
    }
}
