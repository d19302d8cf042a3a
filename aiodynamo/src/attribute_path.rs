//! The one untyped attribute path (`basket.items[1].qty`): typed paths render it, update actions
//! and projections carry it, and encode and decode errors print it.

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};

use smallvec::SmallVec;

/// One step of a path: an attribute or map-entry name, or a list index.
///
/// ```
/// # use aiodynamo::prelude::*;
/// # #[derive(serde::Serialize, serde::Deserialize, Document)]
/// # struct Item { qty: u32 }
/// # #[table("orders", hash_key = "order_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct Order { order_id: String, items: Vec<Item> }
/// use aiodynamo::Segment;
/// let path = attr!(Order, items[1].qty).into_raw();
/// assert_eq!(path.segments(), [Segment::Name("items".into()), Segment::Index(1), Segment::Name("qty".into())]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// An attribute of a document, or an entry of a map.
    Name(Cow<'static, str>),
    /// An element of a list.
    Index(usize),
}

/// The segments of a path, displayed as DynamoDB documents them: `basket.items[1].qty`.
///
/// A top-level attribute's path points at a segment the model's code holds in a `static`, and
/// longer paths keep up to four segments inline, so building, cloning and rendering the usual
/// path allocates nothing.
///
/// ```
/// use aiodynamo::prelude::*;
/// #[table("users", hash_key = "user_id")]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct User { user_id: String, tags: Vec<String> }
///
/// let typed = attr!(User, tags[2]);
/// let path: &aiodynamo::AttributePath = typed.raw();
/// assert_eq!(path.to_string(), "tags[2]");
/// assert_eq!(path.segments().len(), 2);
/// ```
#[derive(Clone, Default)]
pub struct AttributePath(Segments);

#[derive(Clone)]
enum Segments {
    /// A top-level attribute.
    Top(&'static Segment),
    /// Any other path.
    Owned(SmallVec<[Segment; 2]>),
}

impl Default for Segments {
    fn default() -> Self {
        Segments::Owned(SmallVec::new())
    }
}

impl AttributePath {
    /// The path of a top-level attribute, whose segment lives in a `static`.
    pub(crate) fn top(segment: &'static Segment) -> Self {
        AttributePath(Segments::Top(segment))
    }

    /// The path's steps, outermost first.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[derive(serde::Serialize, serde::Deserialize, Document)]
    /// # struct Item { qty: u32 }
    /// # #[table("orders", hash_key = "order_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { order_id: String, items: Vec<Item> }
    /// let path = attr!(Order, items[0]).into_raw();
    /// assert_eq!(path.segments().len(), 2);
    /// ```
    pub fn segments(&self) -> &[Segment] {
        match &self.0 {
            Segments::Top(segment) => std::slice::from_ref(*segment),
            Segments::Owned(segments) => segments,
        }
    }

    /// True for the item itself (an error not inside any attribute).
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[derive(serde::Serialize, serde::Deserialize, Document)]
    /// # struct Item { qty: u32 }
    /// # #[table("orders", hash_key = "order_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { order_id: String, items: Vec<Item> }
    /// assert!(aiodynamo::AttributePath::default().is_root());
    /// assert!(!attr!(Order, items).raw().is_root());
    /// ```
    pub fn is_root(&self) -> bool {
        self.segments().is_empty()
    }

    /// This path, one step further.
    pub(crate) fn child(&self, segment: Segment) -> AttributePath {
        let parent = self.segments();
        let mut segments = SmallVec::with_capacity(parent.len() + 1);
        segments.extend(parent.iter().cloned());
        segments.push(segment);
        AttributePath(Segments::Owned(segments))
    }

    /// Puts `segment` before the others: an error travelling up from the value that failed
    /// learns its path outermost last.
    pub(crate) fn push_front(&mut self, segment: Segment) {
        let mut segments: SmallVec<[Segment; 2]> =
            SmallVec::with_capacity(self.segments().len() + 1);
        segments.push(segment);
        segments.extend(self.segments().iter().cloned());
        self.0 = Segments::Owned(segments);
    }

    /// Whether `self` is `other`, lies inside it, or holds it: two update actions on such paths
    /// conflict.
    pub(crate) fn overlaps(&self, other: &AttributePath) -> bool {
        self.segments()
            .iter()
            .zip(other.segments())
            .all(|(a, b)| a == b)
    }
}

impl PartialEq for AttributePath {
    fn eq(&self, other: &Self) -> bool {
        self.segments() == other.segments()
    }
}

impl Eq for AttributePath {}

impl Hash for AttributePath {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.segments().hash(state);
    }
}

impl fmt::Debug for AttributePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("AttributePath")
            .field(&self.segments())
            .finish()
    }
}

impl From<&'static str> for AttributePath {
    /// A top-level attribute.
    fn from(name: &'static str) -> Self {
        AttributePath(Segments::Owned(SmallVec::from_iter([Segment::Name(
            Cow::Borrowed(name),
        )])))
    }
}

impl fmt::Display for AttributePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (position, segment) in self.segments().iter().enumerate() {
            match segment {
                Segment::Name(name) if position == 0 => f.write_str(name)?,
                Segment::Name(name) => write!(f, ".{name}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}
