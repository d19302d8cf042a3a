//! Typed attribute paths: `Path<M, T>` reaches an attribute of type `T` inside model `M`.
//!
//! `attr!(ComplexOrder, basket.items[1].qty)` builds one; so does the generated, completion-friendly
//! chain `ComplexOrder::fields().basket().fields().items().at(1).fields().qty()`. What a path
//! offers depends on `T`: numbers can be added to, lists appended to, sets deleted from. Each of
//! those is a trait below, so misuse is a compile error that names the rule.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::fmt;
use std::marker::PhantomData;

use aws_sdk_dynamodb::types::AttributeValue;
use serde::Serialize;
use serde::de::DeserializeOwned;
use smallvec::SmallVec;

use crate::Bytes;
use crate::codec::{Shape, from_attribute_shaped, to_attribute_shaped};
use crate::error::{DecodeError, EncodeError};
use crate::model::Document;

/// One step of a path: an attribute or map-entry name, or a list index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// An attribute of a document, or an entry of a map.
    Name(Cow<'static, str>),
    /// An element of a list.
    Index(usize),
}

/// The segments of a path, displayed as DynamoDB documents them: `basket.items[1].qty`.
///
/// Inline up to four segments, so building, cloning and rendering the usual path allocates
/// nothing.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct RawPath(SmallVec<[Segment; 4]>);

impl RawPath {
    /// The path's steps.
    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// This path, one step further.
    fn child(&self, segment: Segment) -> RawPath {
        let mut segments = SmallVec::with_capacity(self.0.len() + 1);
        segments.extend(self.0.iter().cloned());
        segments.push(segment);
        RawPath(segments)
    }

    /// Whether `self` is `other`, lies inside it, or holds it: two update actions on such paths
    /// conflict.
    pub(crate) fn overlaps(&self, other: &RawPath) -> bool {
        self.0.iter().zip(&other.0).all(|(a, b)| a == b)
    }
}

impl fmt::Display for RawPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (position, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Name(name) if position == 0 => f.write_str(name)?,
                Segment::Name(name) => write!(f, ".{name}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// The last step of a path to a top-level or document attribute (the default).
#[derive(Debug, Clone, Copy)]
pub enum Member {}
/// The last step of a path to a hash or range key attribute: conditions yes, updates no.
#[derive(Debug, Clone, Copy)]
pub enum KeyMember {}
/// The last step of a path to a list element or a map entry.
#[derive(Debug, Clone, Copy)]
pub enum Element {}

/// A typed path from model `M` to an attribute of type `T`; `S` says how the last step was taken
/// ([`Member`], [`KeyMember`] or [`Element`]).
///
/// ```
/// use aiodynamo::prelude::*;
/// # #[derive(Debug, Clone, serde::Serialize, serde::Deserialize, Document)]
/// # struct Basket { items: Vec<Item> }
/// # #[derive(Debug, Clone, serde::Serialize, serde::Deserialize, Document)]
/// # struct Item { sku: String, qty: u32 }
/// #[table("orders", hash_key = "order_id")]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Order { order_id: String, basket: Basket }
///
/// let qty: Path<Order, u32> = attr!(Order, basket.items[1].qty);
/// assert_eq!(qty.to_string(), "basket.items[1].qty");
/// let same = Order::fields().basket().fields().items().at(1).fields().qty();
/// assert_eq!(qty.raw(), same.raw());
/// ```
pub struct Path<M, T, S = Member> {
    raw: RawPath,
    shape: Shape,
    /// The field's own `#[serde(with = ..)]` functions, where it has them.
    codec: Option<Codec<T>>,
    marker: Types<M, T, S>,
}

/// The types a path is about, as a marker that owns none of them (so a path is `Send + Sync`
/// whatever `M` and `T` are).
type Types<M, T, S> = PhantomData<fn() -> (M, T, S)>;

impl<M, T, S> Clone for Path<M, T, S> {
    fn clone(&self) -> Self {
        Path {
            raw: self.raw.clone(),
            shape: self.shape,
            codec: self.codec,
            marker: PhantomData,
        }
    }
}

impl<M, T, S> fmt::Debug for Path<M, T, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Path({})", self.raw)
    }
}

impl<M, T, S> fmt::Display for Path<M, T, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.raw.fmt(f)
    }
}

impl<M, T, S> Path<M, T, S> {
    /// The path `prefix.name`; used by generated code.
    #[doc(hidden)]
    pub fn member(prefix: &RawPath, name: &'static str, shape: Shape) -> Self {
        Path::from_raw(prefix.child(Segment::Name(Cow::Borrowed(name))), shape)
    }

    fn from_raw(raw: RawPath, shape: Shape) -> Self {
        Path {
            raw,
            shape,
            codec: None,
            marker: PhantomData,
        }
    }

    fn step<U, S2>(&self, segment: Segment, shape: Shape) -> Path<M, U, S2> {
        Path::from_raw(self.raw.child(segment), shape)
    }

    /// This path with the encoding of a field that has `#[serde(with = ..)]`; used by generated
    /// code.
    #[doc(hidden)]
    pub fn with_codec(mut self, codec: Codec<T>) -> Self {
        self.codec = Some(codec);
        self
    }

    /// A value of the attribute, encoded as the model field stores it.
    pub(crate) fn encode(&self, value: &T) -> Result<Option<AttributeValue>, EncodeError>
    where
        T: Serialize,
    {
        match self.codec {
            Some(codec) => (codec.encode)(value),
            None => to_attribute_shaped(value, self.shape),
        }
    }

    /// A value encoded from a borrowed form that serializes as `T` does (a `&str` for a
    /// `String`): `owned` builds the `T` only for a field with its own serde functions.
    fn encode_borrowed<B>(
        &self,
        borrowed: &B,
        owned: impl FnOnce() -> T,
    ) -> Result<Option<AttributeValue>, EncodeError>
    where
        B: Serialize + ?Sized,
        T: Serialize,
    {
        match self.codec {
            Some(codec) => (codec.encode)(&owned()),
            None => to_attribute_shaped(borrowed, self.shape),
        }
    }

    /// The attribute's value (`None`: absent), decoded as the model field reads it.
    pub(crate) fn decode(&self, value: Option<AttributeValue>) -> Result<T, DecodeError>
    where
        T: DeserializeOwned,
    {
        match self.codec {
            Some(codec) => (codec.decode)(value),
            None => from_attribute_shaped(value, self.shape),
        }
    }

    /// The untyped path.
    pub fn raw(&self) -> &RawPath {
        &self.raw
    }

    /// The untyped path, consuming the typed one.
    pub fn into_raw(self) -> RawPath {
        self.raw
    }

    /// How values of `T` are encoded (where the sets are).
    pub(crate) fn shape(&self) -> Shape {
        self.shape
    }

    /// The typed paths of this document's attributes.
    pub fn fields(&self) -> T::Fields<M>
    where
        T: Document,
    {
        T::fields(self.raw.clone())
    }

    /// The list element at `index`.
    pub fn at(&self, index: usize) -> Path<M, T::Element, Element>
    where
        T: List,
    {
        self.step(Segment::Index(index), self.shape.element())
    }

    /// The map entry at `key`.
    pub fn entry(&self, key: impl Into<Cow<'static, str>>) -> Path<M, T::Value, Element>
    where
        T: Map,
    {
        self.step(Segment::Name(key.into()), self.shape.element())
    }
}

/// How a field with `#[serde(with = ..)]` (or `serialize_with`/`deserialize_with`) is encoded
/// and decoded, so values on its path are stored exactly as the field stores them.
#[doc(hidden)]
pub struct Codec<T> {
    pub encode: fn(&T) -> Result<Option<AttributeValue>, EncodeError>,
    pub decode: fn(Option<AttributeValue>) -> Result<T, DecodeError>,
}

impl<T> Clone for Codec<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Codec<T> {}

/// Converts the natural spelling of a value into the attribute's type `T`: a `&str` for a
/// `String`, a value for an `Option`, an array for a set or list.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a value for an attribute of type `{T}`",
    label = "expected a value of type `{T}` here"
)]
pub trait IntoValue<T> {
    /// The value as the attribute's type.
    fn into_value(self) -> T;

    /// The value encoded as `path` stores its attribute. Borrowed strings override it to encode
    /// without building the `String` first.
    #[doc(hidden)]
    fn encode_at<M, S>(self, path: &Path<M, T, S>) -> Result<Option<AttributeValue>, EncodeError>
    where
        Self: Sized,
        T: Serialize,
    {
        path.encode(&self.into_value())
    }
}

impl<T> IntoValue<T> for T {
    fn into_value(self) -> T {
        self
    }
}

impl<T> IntoValue<Option<T>> for T {
    fn into_value(self) -> Option<T> {
        Some(self)
    }
}

impl IntoValue<String> for &str {
    fn into_value(self) -> String {
        self.to_owned()
    }

    fn encode_at<M, S>(
        self,
        path: &Path<M, String, S>,
    ) -> Result<Option<AttributeValue>, EncodeError> {
        path.encode_borrowed::<str>(self, || self.into_value())
    }
}

impl IntoValue<String> for &String {
    fn into_value(self) -> String {
        self.clone()
    }

    fn encode_at<M, S>(
        self,
        path: &Path<M, String, S>,
    ) -> Result<Option<AttributeValue>, EncodeError> {
        path.encode_borrowed::<str>(self, || self.into_value())
    }
}

impl IntoValue<Option<String>> for &str {
    fn into_value(self) -> Option<String> {
        Some(self.to_owned())
    }

    fn encode_at<M, S>(
        self,
        path: &Path<M, Option<String>, S>,
    ) -> Result<Option<AttributeValue>, EncodeError> {
        path.encode_borrowed::<str>(self, || self.into_value())
    }
}

/// Arrays spell sets and lists, also where the attribute is optional: `["admin"]`.
macro_rules! from_array {
    ($collection:ident<E> where $($bound:path),*) => {
        impl<E: $($bound +)*, V: IntoValue<E>, const N: usize> IntoValue<$collection<E>> for [V; N] {
            fn into_value(self) -> $collection<E> {
                self.into_iter().map(IntoValue::into_value).collect()
            }
        }
        impl<E: $($bound +)*, V: IntoValue<E>, const N: usize> IntoValue<Option<$collection<E>>> for [V; N] {
            fn into_value(self) -> Option<$collection<E>> {
                Some(self.into_value())
            }
        }
    };
}
from_array!(BTreeSet<E> where Ord);
from_array!(HashSet<E> where Eq, std::hash::Hash);
from_array!(Vec<E> where Sized);

/// Numbers: `add`, arithmetic, and the result of `size()`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a number",
    label = "this needs a number attribute (an integer or float type)"
)]
pub trait Number {}

/// Elements a DynamoDB set can hold: strings, numbers and bytes.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the element of a DynamoDB set",
    label = "sets hold strings (SS), numbers (NS) or bytes (BS)"
)]
pub trait SetElement {}

/// Attributes that DynamoDB's ADD accepts: numbers and sets.
#[diagnostic::on_unimplemented(
    message = "`add` needs a number or a set, and this attribute is `{Self}`",
    label = "ADD works on numbers and sets only",
    note = "to change a string or a list, use `set`, `append` or `prepend`"
)]
pub trait Addable {}

/// Sets: DELETE removes members from them.
#[diagnostic::on_unimplemented(
    message = "`delete` needs a set, and this attribute is `{Self}`",
    label = "DELETE removes members from a set (a `BTreeSet` or `HashSet` of strings, numbers or bytes)",
    note = "to remove the attribute itself, use `remove()`"
)]
pub trait Set {}

/// Lists: indexing, `append`, `prepend`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a list",
    label = "`[index]`, `append` and `prepend` need a list (a `Vec`) here"
)]
pub trait List {
    /// The type of an element.
    type Element;
}

/// String-keyed maps: `["key"]` entries.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a map",
    label = "`[\"key\"]` needs a string-keyed map (`HashMap<String, _>` or `BTreeMap<String, _>`) here"
)]
pub trait Map {
    /// The type of a value.
    type Value;
}

/// Strings and bytes: `begins_with`.
#[diagnostic::on_unimplemented(
    message = "`begins_with` needs a string or bytes, and this attribute is `{Self}`",
    label = "begins_with works on strings (S) and binary (B) only"
)]
pub trait Prefixed {}

/// Types DynamoDB orders: numbers, strings, bytes (`lt`, `le`, `gt`, `ge`, `between`).
/// Implement it for your own types that are stored as one of these.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no order in DynamoDB",
    label = "`lt`, `le`, `gt`, `ge` and `between` compare numbers, strings or bytes"
)]
pub trait Ordered {}

/// Types with a DynamoDB `size()`: strings, bytes, lists, maps and sets.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no size in DynamoDB",
    label = "`size()` measures strings, bytes, lists, maps and sets"
)]
pub trait HasSize {}

/// Path ends that update actions may change: not key attributes.
#[diagnostic::on_unimplemented(
    message = "a key attribute cannot be updated",
    label = "DynamoDB forbids changing a hash or range key attribute in an update",
    note = "to change a key, delete the item and put a new one (in a transaction)"
)]
pub trait Updatable: PathEnd {}
impl Updatable for Member {}
impl Updatable for Element {}

/// What "no value" (`None`, an empty set) means where a path ends: an attribute of a document is
/// absent, but a list element or map entry holds NULL (removing a list element would shift the
/// ones after it).
///
/// ```
/// use aiodynamo::prelude::*;
/// use aws_sdk_dynamodb::types::AttributeValue;
/// #[table("scores", hash_key = "id")]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Scores { id: String, best: Option<u32>, rounds: Vec<Option<u32>> }
///
/// # let db = aiodynamo::Db::new(aws_sdk_dynamodb::Client::from_conf(
/// #     aws_sdk_dynamodb::Config::builder().behavior_version_latest().build()));
/// let request = db
///     .update(Scores::key("s1"), [
///         attr!(Scores, best).set(None),      // the attribute goes
///         attr!(Scores, rounds[0]).set(None), // the element stays, as NULL
///     ])
///     .render()?;
/// assert_eq!(request.update_expression.as_deref(), Some("SET #n0[0] = :v0 REMOVE #n1"));
/// assert_eq!(request.values[":v0"], AttributeValue::Null(true));
/// # Ok::<(), aiodynamo::Error>(())
/// ```
pub trait PathEnd {
    /// `None` is stored as NULL here, not as an absent attribute.
    #[doc(hidden)]
    const NONE_IS_NULL: bool;
}
impl PathEnd for Member {
    const NONE_IS_NULL: bool = false;
}
impl PathEnd for KeyMember {
    const NONE_IS_NULL: bool = false;
}
impl PathEnd for Element {
    const NONE_IS_NULL: bool = true;
}

/// Path ends that `remove()` may take away from `T`: optional attributes, list elements and map
/// entries, but not a required attribute of a struct.
#[diagnostic::on_unimplemented(
    message = "`remove` would leave a required attribute of type `{T}` missing",
    label = "only an `Option` attribute, a list element or a map entry can be removed",
    note = "make the field an `Option<{T}>` if items may lack it"
)]
pub trait Removable<T> {}
impl<T> Removable<Option<T>> for Member {}
impl<T> Removable<T> for Element {}

macro_rules! impls {
    ($($trait:ident: $($ty:ty),*;)*) => { $($(impl $trait for $ty {})*)* };
}
impls! {
    Number: u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64;
    SetElement: String, Bytes, u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize;
    Addable: u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64;
    Ordered: String, Bytes, u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64;
}

impl<U> SetElement for crate::Timestamp<U> {}
impl<U> Ordered for crate::Timestamp<U> {}
#[cfg(feature = "uuid")]
impls! {
    SetElement: uuid::Uuid;
    Ordered: uuid::Uuid;
}

impl Prefixed for String {}
impl Prefixed for Bytes {}
impl HasSize for String {}
impl HasSize for Bytes {}

impl<T: Number> Number for Option<T> {}
impl<T: Addable> Addable for Option<T> {}
impl<T: Set> Set for Option<T> {}
impl<T: Prefixed> Prefixed for Option<T> {}
impl<T: Ordered> Ordered for Option<T> {}
impl<T: HasSize> HasSize for Option<T> {}
impl<T: List> List for Option<T> {
    type Element = T::Element;
}
impl<T: Map> Map for Option<T> {
    type Value = T::Value;
}
impl<T: List> List for Box<T> {
    type Element = T::Element;
}
impl<T: Map> Map for Box<T> {
    type Value = T::Value;
}

impl<T: SetElement, S> Set for HashSet<T, S> {}
impl<T: SetElement> Set for BTreeSet<T> {}
impl<T: SetElement, S> Addable for HashSet<T, S> {}
impl<T: SetElement> Addable for BTreeSet<T> {}
impl<T: SetElement, S> HasSize for HashSet<T, S> {}
impl<T: SetElement> HasSize for BTreeSet<T> {}
impl<T> List for Vec<T> {
    type Element = T;
}
impl<T> List for VecDeque<T> {
    type Element = T;
}
impl<T> HasSize for Vec<T> {}
impl<T> HasSize for VecDeque<T> {}
impl<V, S> Map for HashMap<String, V, S> {
    type Value = V;
}
impl<V> Map for BTreeMap<String, V> {
    type Value = V;
}
impl<V, S> HasSize for HashMap<String, V, S> {}
impl<V> HasSize for BTreeMap<String, V> {}

/// What `contains` looks for in `Self`: a substring of a string, a member of a set, an element
/// of a list.
#[diagnostic::on_unimplemented(
    message = "`contains` cannot look for `{V}` in `{Self}`",
    label = "`contains` takes a substring of a string, a member of a set or an element of a list"
)]
pub trait Contains<V> {}
impl<V: IntoValue<String>> Contains<V> for String {}
impl<E: SetElement, V: IntoValue<E>> Contains<V> for BTreeSet<E> {}
impl<E: SetElement, V: IntoValue<E>, S> Contains<V> for HashSet<E, S> {}
impl<E, V: IntoValue<E>> Contains<V> for Vec<E> {}
impl<T: Contains<V>, V> Contains<V> for Option<T> {}
