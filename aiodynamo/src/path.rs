//! Typed attribute paths: `Path<M, T>` reaches an attribute of type `T` inside model `M`.
//!
//! `attr!(ComplexOrder, basket.items[1].qty)` builds one; so does the generated, completion-friendly
//! chain `ComplexOrder::fields().basket().fields().items().at(1).fields().qty()`. What a path
//! offers depends on `T`: numbers can be added to, lists appended to, sets deleted from. Each of
//! those is a trait below, so misuse is a compile error that names the rule.
//!
//! ```
//! use aiodynamo::prelude::*;
//! #[derive(serde::Serialize, serde::Deserialize, Document)]
//! struct Item { sku: String, qty: u32 }
//! #[table("orders", hash_key = "order_id")]
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Order { order_id: String, items: Vec<Item> }
//!
//! let by_macro: Path<Order, u32, _> = attr!(Order, items[1].qty);
//! let by_methods = Order::fields().items().at(1).fields().qty();
//! assert_eq!(by_macro.to_string(), by_methods.to_string());
//! ```

use std::borrow::Cow;
use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::marker::PhantomData;

use aws_sdk_dynamodb::types::AttributeValue;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::attribute_path::{AttributePath, Segment};
use crate::codec::{Shape, from_attribute_shaped, to_attribute_at};
use crate::error::{DecodeError, EncodeError};
use crate::kinds::{List, Map, SetElement};
use crate::model::Document;

/// The last step of a path to a top-level or document attribute (the default).
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
/// let name: Path<User, String, aiodynamo::path::Member> = attr!(User, name);
/// # let _ = name;
/// ```
#[derive(Debug, Clone, Copy)]
pub enum Member {}
/// The last step of a path to a hash or range key attribute: conditions yes, updates no.
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
/// use aiodynamo::path::KeyMember;
/// let id: Path<User, String, KeyMember> = attr!(User, user_id);
/// let condition = id.not_exists(); // conditions take it, `id.set(..)` does not compile
/// # let _ = condition;
/// ```
#[derive(Debug, Clone, Copy)]
pub enum KeyMember {}
/// The last step of a path to a `#[version]` attribute: conditions yes, updates no (aiodynamo
/// updates it).
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("docs", hash_key = "id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct Doc { id: String, #[version] version: u64 }
/// use aiodynamo::path::VersionMember;
/// let version: Path<Doc, u64, VersionMember> = attr!(Doc, version);
/// let condition = version.eq(3); // `version.add(1)` does not compile
/// # let _ = condition;
/// ```
#[derive(Debug, Clone, Copy)]
pub enum VersionMember {}
/// The last step of a path to a list element or a map entry.
///
/// ```
/// # use aiodynamo::prelude::*;
/// # use std::collections::HashMap;
/// # #[derive(serde::Serialize, serde::Deserialize, Document)]
/// # struct Item { sku: String, qty: u32 }
/// # #[table("orders", hash_key = "order_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct Order { order_id: String, items: Vec<Item>, prices: HashMap<String, u32> }
/// use aiodynamo::path::Nested;
/// let qty: Path<Order, u32, Nested> = attr!(Order, prices["eur"]);
/// # let _ = qty;
/// ```
#[derive(Debug, Clone, Copy)]
pub enum Nested {}

/// A typed path from model `M` to an attribute of type `T`; `S` says how the last step was taken
/// ([`Member`], [`KeyMember`], [`VersionMember`] or [`Nested`]).
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
    raw: AttributePath,
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
    /// The typed path over `raw`, whose values have `shape`.
    pub(crate) fn from_raw(raw: AttributePath, shape: Shape) -> Self {
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

    /// This path with the encoding of a field that has `#[serde(with = ..)]`.
    pub(crate) fn with_codec(mut self, codec: Codec<T>) -> Self {
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
            None => to_attribute_at(value, self.shape, self.raw.segments().len()),
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
            None => to_attribute_at(borrowed, self.shape, self.raw.segments().len()),
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
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # use std::collections::HashMap;
    /// # #[derive(serde::Serialize, serde::Deserialize, Document)]
    /// # struct Item { sku: String, qty: u32 }
    /// # #[table("orders", hash_key = "order_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { order_id: String, items: Vec<Item>, prices: HashMap<String, u32> }
    /// let qty = attr!(Order, items[0].qty);
    /// assert_eq!(qty.raw().segments().len(), 3);
    /// ```
    pub fn raw(&self) -> &AttributePath {
        &self.raw
    }

    /// The untyped path, consuming the typed one.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # use std::collections::HashMap;
    /// # #[derive(serde::Serialize, serde::Deserialize, Document)]
    /// # struct Item { sku: String, qty: u32 }
    /// # #[table("orders", hash_key = "order_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { order_id: String, items: Vec<Item>, prices: HashMap<String, u32> }
    /// let raw: aiodynamo::AttributePath = attr!(Order, prices["eur"]).into_raw();
    /// assert_eq!(raw.to_string(), "prices.eur");
    /// ```
    pub fn into_raw(self) -> AttributePath {
        self.raw
    }

    /// How values of `T` are encoded (where the sets are).
    pub(crate) fn shape(&self) -> Shape {
        self.shape
    }

    /// The typed paths of this document's attributes.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # use std::collections::HashMap;
    /// # #[derive(serde::Serialize, serde::Deserialize, Document)]
    /// # struct Item { sku: String, qty: u32 }
    /// # #[table("orders", hash_key = "order_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { order_id: String, items: Vec<Item>, prices: HashMap<String, u32> }
    /// let first = Order::fields().items().at(0);
    /// assert_eq!(first.fields().sku().to_string(), "items[0].sku");
    /// ```
    pub fn fields(&self) -> T::Fields<M>
    where
        T: Document,
    {
        T::fields(self.raw.clone())
    }

    /// The list element at `index`.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # use std::collections::HashMap;
    /// # #[derive(serde::Serialize, serde::Deserialize, Document)]
    /// # struct Item { sku: String, qty: u32 }
    /// # #[table("orders", hash_key = "order_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { order_id: String, items: Vec<Item>, prices: HashMap<String, u32> }
    /// let second: Path<Order, Item, _> = Order::fields().items().at(1);
    /// assert_eq!(second.to_string(), "items[1]");
    /// ```
    pub fn at(&self, index: usize) -> Path<M, T::Element, Nested>
    where
        T: List,
    {
        self.step(Segment::Index(index), self.shape.element())
    }

    /// The map entry at `key`.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # use std::collections::HashMap;
    /// # #[derive(serde::Serialize, serde::Deserialize, Document)]
    /// # struct Item { sku: String, qty: u32 }
    /// # #[table("orders", hash_key = "order_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { order_id: String, items: Vec<Item>, prices: HashMap<String, u32> }
    /// let eur: Path<Order, u32, _> = Order::fields().prices().entry("eur");
    /// assert_eq!(eur.to_string(), attr!(Order, prices["eur"]).to_string());
    /// ```
    pub fn entry(&self, key: impl Into<Cow<'static, str>>) -> Path<M, T::Value, Nested>
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
///
/// ```
/// # use std::collections::BTreeSet;
/// use aiodynamo::path::IntoValue;
/// let name: String = "Alice".into_value();
/// let email: Option<String> = "a@example.com".into_value();
/// let roles: BTreeSet<String> = ["admin", "dev"].into_value();
/// assert_eq!((name.as_str(), roles.len()), ("Alice", 2));
/// # let _ = email;
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a value for an attribute of type `{T}`",
    label = "expected a value of type `{T}` here"
)]
pub trait IntoValue<T> {
    /// The value as the attribute's type.
    ///
    /// ```
    /// use aiodynamo::path::IntoValue;
    /// let count: Option<u64> = IntoValue::<Option<u64>>::into_value(3u64);
    /// assert_eq!(count, Some(3));
    /// ```
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

/// Path ends that update actions may change: not key attributes.
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
/// // `attr!(User, user_id).set("u2")` does not compile: `KeyMember` is not `Updatable`.
/// let action = attr!(User, name).set("Alice"); // `Member` is
/// # let _ = action;
/// ```
#[diagnostic::on_unimplemented(
    message = "a key attribute cannot be updated",
    label = "DynamoDB forbids changing a hash or range key attribute in an update",
    note = "to change a key, delete the item and put a new one (in a transaction)"
)]
pub trait Updatable: PathEnd {}
impl Updatable for Member {}
impl Updatable for Nested {}
/// Not a key; what refuses updates of the version is [`Unmanaged`] (and not listed as updatable
/// in the error of a key update).
#[diagnostic::do_not_recommend]
impl Updatable for VersionMember {}

/// Path ends that update actions may change: not the `#[version]` attribute, which aiodynamo
/// changes itself (every put and update adds 1 to it).
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[table("docs", hash_key = "id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct Doc { id: String, body: String, #[version] version: u64 }
/// // `attr!(Doc, version).add(1)` does not compile: `VersionMember` is not `Unmanaged`.
/// let action = attr!(Doc, body).set("new text");
/// # let _ = action;
/// ```
#[diagnostic::on_unimplemented(
    message = "the `#[version]` attribute cannot be updated: aiodynamo manages it",
    label = "every put and update adds 1 to the version itself",
    note = "to require a version, use `.if_version(n)` on the update, or a condition on the attribute"
)]
pub trait Unmanaged: PathEnd {}
impl Unmanaged for Member {}
impl Unmanaged for KeyMember {}
impl Unmanaged for Nested {}

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
impl PathEnd for Nested {
    const NONE_IS_NULL: bool = true;
}
impl PathEnd for VersionMember {
    const NONE_IS_NULL: bool = false;
}

/// Path ends that `remove()` may take away from `T`: optional attributes, list elements and map
/// entries, but not a required attribute of a struct.
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
/// let optional = attr!(User, email).remove();    // Option: fine
/// let element = attr!(User, history[0]).remove(); // list element: fine
/// // `attr!(User, name).remove()` does not compile: `name` is required.
/// # let _ = (optional, element);
/// ```
#[diagnostic::on_unimplemented(
    message = "`remove` would leave a required attribute of type `{T}` missing",
    label = "only an `Option` attribute, a list element or a map entry can be removed",
    note = "make the field an `Option<{T}>` if items may lack it"
)]
pub trait Removable<T> {}
impl<T> Removable<Option<T>> for Member {}
impl<T> Removable<T> for Nested {}
// Refused as `Unmanaged` instead: one error for one mistake.
impl<T> Removable<T> for VersionMember {}

/// What `contains` looks for in `Self`: a substring of a string, a member of a set, an element
/// of a list.
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
/// let substring = attr!(User, name).contains("li");
/// let member = attr!(User, roles).contains("admin");
/// let element = attr!(User, history).contains("login");
/// # let _ = (substring, member, element);
/// ```
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
