//! Projections: which attributes a read returns.

use std::marker::PhantomData;

use super::{Invalid, Placeholders};
use crate::path::{Path, RawPath};

/// An attribute to read, from any typed path of model `M`: `attr!(User, name).into()`.
///
/// ```
/// use aiodynamo::prelude::*;
/// use aiodynamo::Projection;
/// #[table("users", hash_key = "user_id")]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct User { user_id: String, name: String }
/// let projection: Vec<Projection<User>> = vec![attr!(User, name).into()];
/// # let _ = projection;
/// ```
#[derive(Clone, Debug)]
pub struct Projection<M> {
    path: RawPath,
    marker: PhantomData<fn() -> M>,
}

impl<M> Projection<M> {
    /// The attribute read.
    pub fn path(&self) -> &RawPath {
        &self.path
    }
}

impl<M, T, S> From<Path<M, T, S>> for Projection<M> {
    fn from(path: Path<M, T, S>) -> Self {
        Projection {
            path: path.into_raw(),
            marker: PhantomData,
        }
    }
}

pub(crate) fn render<M>(
    paths: &[Projection<M>],
    placeholders: &mut Placeholders,
) -> Result<String, Invalid> {
    if paths.is_empty() {
        return Err(Invalid::Request(
            "a projection needs at least one attribute".into(),
        ));
    }
    let mut out = super::expression_buffer();
    for (position, projection) in paths.iter().enumerate() {
        if position > 0 {
            out.push_str(", ");
        }
        placeholders.path(&projection.path, &mut out);
    }
    Ok(out)
}
