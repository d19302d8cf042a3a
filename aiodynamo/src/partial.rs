//! `Partial<M>`: some attributes of an item, read through typed paths.

use std::borrow::Borrow;
use std::fmt;
use std::marker::PhantomData;

use aws_sdk_dynamodb::types::AttributeValue;
use serde::de::DeserializeOwned;

use crate::attribute_path::{AttributePath, Segment};
use crate::codec::describe;
use crate::error::{DecodeError, Error, Origin};
use crate::item::{RawItem, attribute_names};
use crate::path::Path;

/// Part of an item of model `M`: what a projection, or an update returning `UpdatedOld`/
/// `UpdatedNew`, gave back. Reading it never fails because a required attribute is absent;
/// each value is read with the same typed path that names it.
///
/// ```no_run
/// use aiodynamo::prelude::*;
/// #[table("users", hash_key = "user_id")]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct User { user_id: String, name: String, logins: u64 }
///
/// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
/// let partial = db
///     .update(User::key("u1"), [attr!(User, logins).add(1)])
///     .return_values(ReturnValues::UpdatedNew)
///     .send()
///     .await?
///     .expect("the updated attributes");
/// let logins: Option<u64> = partial.get(attr!(User, logins))?;
/// assert_eq!(partial.get(attr!(User, name))?, None); // not updated, so not returned
/// # Ok(()) }
/// ```
pub struct Partial<M> {
    item: RawItem,
    /// The paths the request named. A projection returns only the list elements those paths
    /// reach, packed in index order (`items[1]` alone comes back as `items[0]`), so reading an
    /// element by its index needs them.
    requested: Vec<AttributePath>,
    /// How the requested list elements come back.
    lists: Lists,
    /// The request that returned it, for errors.
    origin: Origin,
    marker: PhantomData<fn() -> M>,
}

/// How a response holds the list elements a request named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lists {
    /// A projection: just the named elements that exist, packed in index order.
    Projected,
    /// An update's `UpdatedOld`/`UpdatedNew`: packed like a projection, or (as DynamoDB Local
    /// answers) the whole list; a list holding exactly as many elements as were named is read
    /// as packed, a longer one as whole. The two readings agree whenever both are possible.
    Updated,
}

impl<M> Partial<M> {
    /// Wraps what DynamoDB returned for the request `origin`, which named the paths `requested`.
    pub(crate) fn new(
        item: RawItem,
        requested: Vec<AttributePath>,
        lists: Lists,
        origin: Origin,
    ) -> Self {
        Partial {
            item,
            requested,
            lists,
            origin,
            marker: PhantomData,
        }
    }

    /// Where the element `index` of the list at `prefix` is in the returned list of `len`
    /// elements. A request that named the whole list gets it whole; one that named elements gets
    /// them as [`Lists`] says (requested indices past the end come last in a packed list, so the
    /// rank of the others holds).
    fn position(&self, prefix: &[Segment], index: usize, len: usize) -> Option<usize> {
        let mut indices: Vec<usize> = self
            .requested
            .iter()
            .filter_map(|path| match path.segments().get(prefix.len()) {
                Some(Segment::Index(index)) if path.segments().starts_with(prefix) => Some(*index),
                _ => None,
            })
            .collect();
        if indices.is_empty() {
            return Some(index);
        }
        indices.sort_unstable();
        indices.dedup();
        match self.lists {
            Lists::Updated if indices.len() != len => Some(index),
            _ => indices.binary_search(&index).ok(),
        }
    }

    /// The value at `path`: `Ok(None)` when it is absent, [`Error::Decode`] when it does not
    /// fit `T`.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// if let Some(partial) = db.get(User::key("u1")).projection(attr!(User, name)).send().await? {
    ///     let name: Option<String> = partial.get(attr!(User, name))?;
    ///     let logins: Option<u64> = partial.get(attr!(User, logins))?; // not projected: None
    /// }
    /// # Ok(()) }
    /// ```
    pub fn get<T: DeserializeOwned, S>(
        &self,
        path: impl Borrow<Path<M, T, S>>,
    ) -> Result<Option<T>, Error> {
        self.decode(path.borrow()).map_err(|source| Error::Decode {
            origin: self.origin.clone(),
            source,
        })
    }

    fn decode<T: DeserializeOwned, S>(
        &self,
        path: &Path<M, T, S>,
    ) -> Result<Option<T>, DecodeError> {
        let segments = path.raw().segments();
        let at_path = |error: DecodeError, depth: usize| {
            segments[..depth]
                .iter()
                .rev()
                .fold(error, |error, segment| error.at(segment.clone()))
        };
        let mut value: Option<&AttributeValue> = None;
        for (depth, segment) in segments.iter().enumerate() {
            let next = match (value, segment) {
                (None, Segment::Name(name)) => self.item.get(name.as_ref()),
                (Some(AttributeValue::M(map)), Segment::Name(name)) => map.get(name.as_ref()),
                (Some(AttributeValue::L(list)), Segment::Index(index)) => self
                    .position(&segments[..depth], *index, list.len())
                    .and_then(|position| list.get(position)),
                (None, Segment::Index(_)) => None,
                (Some(other), step) => {
                    let expected = match step {
                        Segment::Name(_) => "map (M)",
                        Segment::Index(_) => "list (L)",
                    };
                    return Err(at_path(
                        DecodeError::mismatch(expected, describe(other)),
                        depth,
                    ));
                }
            };
            match next {
                Some(next) => value = Some(next),
                None => return Ok(None),
            }
        }
        match value {
            Some(value) => path
                .decode(Some(value.clone()))
                .map(Some)
                .map_err(|error| at_path(error, segments.len())),
            None => Ok(None),
        }
    }

    /// The attributes as DynamoDB returned them.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// if let Some(partial) = db.get(User::key("u1")).projection(attr!(User, name)).send().await? {
    ///     let names: Vec<&String> = partial.item().keys().collect();
    /// }
    /// # Ok(()) }
    /// ```
    pub fn item(&self) -> &RawItem {
        &self.item
    }

    /// The attributes, consuming the partial.
    ///
    /// ```no_run
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// if let Some(partial) = db.get(User::key("u1")).projection(attr!(User, name)).send().await? {
    ///     let raw: aiodynamo::RawItem = partial.into_item();
    /// }
    /// # Ok(()) }
    /// ```
    pub fn into_item(self) -> RawItem {
        self.item
    }
}

impl<M> Clone for Partial<M> {
    fn clone(&self) -> Self {
        Partial::new(
            self.item.clone(),
            self.requested.clone(),
            self.lists,
            self.origin.clone(),
        )
    }
}

/// The attribute names only: the values are user data.
impl<M> fmt::Debug for Partial<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        attribute_names(f, "Partial", &self.item)
    }
}

impl<M> PartialEq for Partial<M> {
    fn eq(&self, other: &Self) -> bool {
        self.item == other.item
    }
}

/// Items read with a projection, or through an index that does not project every attribute.
impl<M> crate::index::ReadItem<M> for Partial<M> {
    fn read(
        item: RawItem,
        requested: &[AttributePath],
        origin: &dyn Fn() -> Origin,
    ) -> Result<Self, Error> {
        Ok(Partial::new(
            item,
            requested.to_vec(),
            Lists::Projected,
            origin(),
        ))
    }
}
