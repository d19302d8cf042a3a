//! What generated code needs; not part of the public API. Every hook `#[table]`,
//! `#[derive(Document)]`, `#[derive(KeyType)]` and `attr!` expand to lives here.

pub use crate::attribute_path::{AttributePath, Segment};
pub use crate::codec::{DocumentShape, HasShape, KnownShape, Shape, ShapeProbe, UnknownShape};
pub use crate::codec::{deserializer, serializer};
pub use crate::path::{Codec, IntoValue, KeyMember, Member, Nested, VersionMember};
pub use aws_sdk_dynamodb::types::AttributeValue;
pub use serde;
pub use std::sync::OnceLock;

use crate::kinds::{List, Map};
use crate::model::{
    GlobalIndex, IndexProjection, KeySchema, LocalIndex, ScalarType, TableSchema, VersionSchema,
};
use crate::{Document, EncodeError, Model, Path, RawItem};

/// The path `prefix.name` of a document's attribute; `segment` (the name) lives in a `static` of
/// the generated code, so a top-level attribute's path is that pointer and nothing more.
pub fn member<M, T, S>(
    prefix: &AttributePath,
    segment: &'static Segment,
    shape: Shape,
) -> Path<M, T, S> {
    let raw = if prefix.is_root() {
        AttributePath::top(segment)
    } else {
        prefix.child(segment.clone())
    };
    Path::from_raw(raw, shape)
}

/// `path` with the encoding of a field that has `#[serde(with = ..)]`.
pub fn with_codec<M, T, S>(path: Path<M, T, S>, codec: Codec<T>) -> Path<M, T, S> {
    path.with_codec(codec)
}

/// The typed paths of model `M`'s attributes.
pub fn root<M: Model>() -> M::Fields<M> {
    M::fields(AttributePath::default())
}

/// `.name` on `path`: only for documents (the error names the rule at the user's segment).
pub fn fields<M, T: Document, S>(path: &Path<M, T, S>) -> T::Fields<M> {
    path.fields()
}

/// `[index]` on `path`: only for lists.
pub fn index<M, T: List, S>(path: &Path<M, T, S>, index: usize) -> Path<M, T::Element, Nested> {
    path.at(index)
}

/// `["key"]` on `path`: only for maps.
pub fn entry<M, T: Map, S>(path: &Path<M, T, S>, key: &'static str) -> Path<M, T::Value, Nested> {
    path.entry(key)
}

/// Adds one encoded key attribute to a key item.
pub fn key_attribute(
    item: &mut RawItem,
    name: &'static str,
    encoded: Result<Option<AttributeValue>, EncodeError>,
) -> Result<(), EncodeError> {
    item.insert(name.to_owned(), key_value(name, encoded)?);
    Ok(())
}

/// A key attribute's encoded value, for a key condition (absent is an error: a key has a value).
pub fn key_value(
    name: &'static str,
    encoded: Result<Option<AttributeValue>, EncodeError>,
) -> Result<AttributeValue, EncodeError> {
    encoded?.ok_or_else(|| {
        EncodeError::new("a key attribute: a key cannot be absent").at(Segment::Name(name.into()))
    })
}

/// A model's table schema.
pub const fn table_schema(
    name: &'static str,
    hash_key: KeySchema,
    range_key: Option<KeySchema>,
    global_indexes: &'static [GlobalIndex],
    local_indexes: &'static [LocalIndex],
    version: Option<VersionSchema>,
    ttl: Option<&'static str>,
) -> TableSchema {
    TableSchema {
        name,
        hash_key,
        range_key,
        global_indexes,
        local_indexes,
        version,
        ttl,
    }
}

/// The `#[version]` attribute `name` of type `T` (the error of a type that cannot be a version
/// points at the field's type).
pub const fn version<T: crate::VersionType>(name: &'static str) -> VersionSchema {
    VersionSchema { name, max: T::MAX }
}

/// Checks that a `#[ttl]` field's type is one DynamoDB's Time to Live reads (the error points at
/// the field's type).
pub const fn ttl_type<T: crate::TtlType + ?Sized>() {}

/// A key attribute of a table or index.
pub const fn key_schema(name: &'static str, scalar: ScalarType) -> KeySchema {
    KeySchema { name, scalar }
}

/// A global secondary index.
pub const fn global_index(
    name: &'static str,
    hash_key: KeySchema,
    range_key: Option<KeySchema>,
    projection: IndexProjection,
) -> GlobalIndex {
    GlobalIndex {
        name,
        hash_key,
        range_key,
        projection,
    }
}

/// A local secondary index.
pub const fn local_index(
    name: &'static str,
    range_key: KeySchema,
    projection: IndexProjection,
) -> LocalIndex {
    LocalIndex {
        name,
        range_key,
        projection,
    }
}

/// A runtime value in brackets, `attr!(M, items[i])` or `attr!(M, prices[currency])`: what it
/// reaches depends on its type, a `usize` a list element, a string a map entry.
#[diagnostic::on_unimplemented(
    message = "`{T}` cannot be subscripted with a `{Self}`",
    label = "a list is indexed with a `usize`, a map with a string (`&str` or `String`)",
    note = "lists are `Vec`/`VecDeque`; maps are `HashMap<String, _>`/`BTreeMap<String, _>`"
)]
pub trait Subscript<T> {
    /// The type of the element or entry reached.
    type Target;
    /// The path to the element or entry below `path`.
    fn subscript<M, S>(self, path: &Path<M, T, S>) -> Path<M, Self::Target, Nested>;
}

impl<T: List> Subscript<T> for usize {
    type Target = T::Element;
    fn subscript<M, S>(self, path: &Path<M, T, S>) -> Path<M, T::Element, Nested> {
        path.at(self)
    }
}

impl<T: Map> Subscript<T> for &str {
    type Target = T::Value;
    fn subscript<M, S>(self, path: &Path<M, T, S>) -> Path<M, T::Value, Nested> {
        path.entry(self.to_owned())
    }
}

impl<T: Map> Subscript<T> for String {
    type Target = T::Value;
    fn subscript<M, S>(self, path: &Path<M, T, S>) -> Path<M, T::Value, Nested> {
        path.entry(self)
    }
}

impl<T: Map> Subscript<T> for &String {
    type Target = T::Value;
    fn subscript<M, S>(self, path: &Path<M, T, S>) -> Path<M, T::Value, Nested> {
        path.entry(self.clone())
    }
}

/// `[expr]` on `path` with a runtime value: a list element or a map entry, by the value's type.
pub fn subscript<M, T, S, K: Subscript<T>>(
    path: &Path<M, T, S>,
    key: K,
) -> Path<M, K::Target, Nested> {
    key.subscript(path)
}
