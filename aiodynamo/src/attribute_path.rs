//! The one untyped attribute path (`basket.items[1].qty`): typed paths render it, update actions
//! and projections carry it, and encode and decode errors print it.

use std::borrow::Cow;
use std::fmt;

use smallvec::SmallVec;

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
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct AttributePath(SmallVec<[Segment; 4]>);

impl AttributePath {
    /// The path's steps, outermost first.
    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// True for the item itself (an error not inside any attribute).
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// This path, one step further.
    pub(crate) fn child(&self, segment: Segment) -> AttributePath {
        let mut segments = SmallVec::with_capacity(self.0.len() + 1);
        segments.extend(self.0.iter().cloned());
        segments.push(segment);
        AttributePath(segments)
    }

    /// Puts `segment` before the others: an error travelling up from the value that failed
    /// learns its path outermost last.
    pub(crate) fn push_front(&mut self, segment: Segment) {
        self.0.insert(0, segment);
    }

    /// Whether `self` is `other`, lies inside it, or holds it: two update actions on such paths
    /// conflict.
    pub(crate) fn overlaps(&self, other: &AttributePath) -> bool {
        self.0.iter().zip(&other.0).all(|(a, b)| a == b)
    }
}

impl From<&'static str> for AttributePath {
    /// A top-level attribute.
    fn from(name: &'static str) -> Self {
        AttributePath(SmallVec::from_iter([Segment::Name(Cow::Borrowed(name))]))
    }
}

impl fmt::Display for AttributePath {
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
