//! Conditions: `attr!(User, name).eq("Alice") & !attr!(User, email).exists()`.

use std::fmt::Write;
use std::marker::PhantomData;
use std::ops::{BitAnd, BitOr, Not};

use aws_sdk_dynamodb::types::AttributeValue;
use serde::Serialize;

use super::{Invalid, Operand, Placeholders};
use crate::codec::to_attribute_shaped;
use crate::error::EncodeError;
use crate::path::{HasSize, IntoValue, Ordered, Path, PathEnd, Prefixed, RawPath};

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
#[derive(Clone, Debug)]
pub struct Condition<M> {
    expr: Expr,
    marker: PhantomData<fn() -> M>,
}

#[derive(Clone, Debug)]
enum Expr {
    Compare(Subject, &'static str, Operand),
    Between(Subject, Operand, Operand),
    In(Subject, Vec<Operand>),
    Function(&'static str, RawPath, Operand),
    Exists(RawPath),
    NotExists(RawPath),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
}

/// The left side of a comparison: an attribute, or its size.
#[derive(Clone, Debug)]
enum Subject {
    Path(RawPath),
    Size(RawPath),
}

impl<M> Condition<M> {
    fn new(expr: Expr) -> Self {
        Condition {
            expr,
            marker: PhantomData,
        }
    }

    pub(crate) fn render(
        &self,
        placeholders: &mut Placeholders,
        out: &mut String,
    ) -> Result<(), Invalid> {
        self.expr.render(placeholders, out)
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

impl Expr {
    fn render(&self, placeholders: &mut Placeholders, out: &mut String) -> Result<(), Invalid> {
        match self {
            Expr::Compare(subject, operator, value) => {
                subject.render(placeholders, out);
                write!(out, " {operator} ").expect("writing to a String");
                placeholders.value(value, out)?;
            }
            Expr::Between(subject, low, high) => {
                subject.render(placeholders, out);
                out.push_str(" BETWEEN ");
                placeholders.value(low, out)?;
                out.push_str(" AND ");
                placeholders.value(high, out)?;
            }
            Expr::In(subject, values) => {
                if values.is_empty() {
                    return Err(Invalid::Request("`is_in` needs at least one value".into()));
                }
                subject.render(placeholders, out);
                out.push_str(" IN (");
                for (position, value) in values.iter().enumerate() {
                    if position > 0 {
                        out.push_str(", ");
                    }
                    placeholders.value(value, out)?;
                }
                out.push(')');
            }
            Expr::Function(function, path, value) => {
                write!(out, "{function}(").expect("writing to a String");
                placeholders.path(path, out);
                out.push_str(", ");
                placeholders.value(value, out)?;
                out.push(')');
            }
            Expr::Exists(path) | Expr::NotExists(path) => {
                let function = match self {
                    Expr::Exists(_) => "attribute_exists(",
                    _ => "attribute_not_exists(",
                };
                out.push_str(function);
                placeholders.path(path, out);
                out.push(')');
            }
            Expr::And(left, right) | Expr::Or(left, right) => {
                let operator = if matches!(self, Expr::And(..)) {
                    " AND "
                } else {
                    " OR "
                };
                left.render_grouped(placeholders, out)?;
                out.push_str(operator);
                right.render_grouped(placeholders, out)?;
            }
            Expr::Not(inner) => {
                out.push_str("NOT ");
                inner.render_grouped(placeholders, out)?;
            }
        }
        Ok(())
    }

    /// Compound operands are parenthesised, so the grouping the user wrote is the one DynamoDB
    /// reads, whatever its operator precedence.
    fn render_grouped(
        &self,
        placeholders: &mut Placeholders,
        out: &mut String,
    ) -> Result<(), Invalid> {
        if matches!(self, Expr::And(..) | Expr::Or(..) | Expr::Not(_)) {
            out.push('(');
            self.render(placeholders, out)?;
            out.push(')');
            Ok(())
        } else {
            self.render(placeholders, out)
        }
    }
}

impl<M> BitAnd for Condition<M> {
    type Output = Condition<M>;
    fn bitand(self, other: Condition<M>) -> Condition<M> {
        Condition::new(Expr::And(Box::new(self.expr), Box::new(other.expr)))
    }
}

impl<M> BitOr for Condition<M> {
    type Output = Condition<M>;
    fn bitor(self, other: Condition<M>) -> Condition<M> {
        Condition::new(Expr::Or(Box::new(self.expr), Box::new(other.expr)))
    }
}

impl<M> Not for Condition<M> {
    type Output = Condition<M>;
    fn not(self) -> Condition<M> {
        Condition::new(Expr::Not(Box::new(self.expr)))
    }
}

/// DynamoDB's attribute types, for [`Path::attribute_type`].
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
        Condition::new(Expr::Compare(
            Subject::Path(self.raw().clone()),
            operator,
            operand(encoded),
        ))
    }

    /// `path = value`; with `None` (or an empty set), the attribute is absent (a list element or
    /// map entry: NULL).
    pub fn eq(&self, value: impl IntoValue<T>) -> Condition<M>
    where
        S: PathEnd,
    {
        self.equality("=", value, Self::not_exists)
    }

    /// `path <> value`; with `None` (or an empty set), the attribute is present (a list element
    /// or map entry: not NULL).
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
    pub fn lt(&self, value: impl IntoValue<T>) -> Condition<M>
    where
        T: Ordered,
    {
        self.compare("<", value)
    }

    /// `path <= value`.
    pub fn le(&self, value: impl IntoValue<T>) -> Condition<M>
    where
        T: Ordered,
    {
        self.compare("<=", value)
    }

    /// `path > value`.
    pub fn gt(&self, value: impl IntoValue<T>) -> Condition<M>
    where
        T: Ordered,
    {
        self.compare(">", value)
    }

    /// `path >= value`.
    pub fn ge(&self, value: impl IntoValue<T>) -> Condition<M>
    where
        T: Ordered,
    {
        self.compare(">=", value)
    }

    /// `path BETWEEN low AND high` (both inclusive).
    pub fn between(&self, low: impl IntoValue<T>, high: impl IntoValue<T>) -> Condition<M>
    where
        T: Ordered,
    {
        Condition::new(Expr::Between(
            Subject::Path(self.raw().clone()),
            operand(low.encode_at(self)),
            operand(high.encode_at(self)),
        ))
    }

    /// `path IN (v0, v1, ..)`: one of these values (at least one, at most 100).
    pub fn is_in<V: IntoValue<T>>(&self, values: impl IntoIterator<Item = V>) -> Condition<M> {
        let values = values
            .into_iter()
            .map(|value| operand(value.encode_at(self)))
            .collect();
        Condition::new(Expr::In(Subject::Path(self.raw().clone()), values))
    }

    /// `begins_with(path, prefix)`, for strings and bytes.
    pub fn begins_with(&self, prefix: impl IntoValue<T>) -> Condition<M>
    where
        T: Prefixed,
    {
        let prefix = operand(prefix.encode_at(self));
        Condition::new(Expr::Function("begins_with", self.raw().clone(), prefix))
    }

    /// `contains(path, value)`: a substring of a string, a member of a set or an element of a list.
    pub fn contains<V: Serialize>(&self, value: V) -> Condition<M>
    where
        T: crate::path::Contains<V>,
    {
        let value = operand(to_attribute_shaped(&value, self.shape().element()));
        Condition::new(Expr::Function("contains", self.raw().clone(), value))
    }

    /// `attribute_exists(path)`.
    pub fn exists(&self) -> Condition<M> {
        Condition::new(Expr::Exists(self.raw().clone()))
    }

    /// `attribute_not_exists(path)`.
    pub fn not_exists(&self) -> Condition<M> {
        Condition::new(Expr::NotExists(self.raw().clone()))
    }

    /// `attribute_type(path, type)`.
    pub fn attribute_type(&self, attribute_type: AttributeType) -> Condition<M> {
        let code = Ok(AttributeValue::S(attribute_type.code().to_owned()));
        Condition::new(Expr::Function("attribute_type", self.raw().clone(), code))
    }

    /// `size(path)`, compared like a number: `attr!(User, name).size().gt(3)`.
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
#[derive(Clone, Debug)]
pub struct Size<M> {
    path: RawPath,
    marker: PhantomData<fn() -> M>,
}

impl<M> Size<M> {
    fn compare(&self, operator: &'static str, value: u64) -> Condition<M> {
        Condition::new(Expr::Compare(
            Subject::Size(self.path.clone()),
            operator,
            Ok(AttributeValue::N(value.to_string())),
        ))
    }

    /// `size(path) = n`.
    pub fn eq(&self, n: impl IntoValue<u64>) -> Condition<M> {
        self.compare("=", n.into_value())
    }
    /// `size(path) <> n`.
    pub fn ne(&self, n: impl IntoValue<u64>) -> Condition<M> {
        self.compare("<>", n.into_value())
    }
    /// `size(path) < n`.
    pub fn lt(&self, n: impl IntoValue<u64>) -> Condition<M> {
        self.compare("<", n.into_value())
    }
    /// `size(path) <= n`.
    pub fn le(&self, n: impl IntoValue<u64>) -> Condition<M> {
        self.compare("<=", n.into_value())
    }
    /// `size(path) > n`.
    pub fn gt(&self, n: impl IntoValue<u64>) -> Condition<M> {
        self.compare(">", n.into_value())
    }
    /// `size(path) >= n`.
    pub fn ge(&self, n: impl IntoValue<u64>) -> Condition<M> {
        self.compare(">=", n.into_value())
    }
    /// `size(path) BETWEEN low AND high`.
    pub fn between(&self, low: impl IntoValue<u64>, high: impl IntoValue<u64>) -> Condition<M> {
        let number = |n: u64| Ok(AttributeValue::N(n.to_string()));
        Condition::new(Expr::Between(
            Subject::Size(self.path.clone()),
            number(low.into_value()),
            number(high.into_value()),
        ))
    }
}
