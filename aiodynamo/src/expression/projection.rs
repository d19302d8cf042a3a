//! Projections: which attributes a read returns.

use std::marker::PhantomData;

use super::{Invalid, Placeholders};
use crate::attribute_path::AttributePath;
use crate::path::Path;

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
pub struct Projection<M> {
    path: AttributePath,
    marker: PhantomData<fn() -> M>,
}

impl<M> Clone for Projection<M> {
    fn clone(&self) -> Self {
        Projection {
            path: self.path.clone(),
            marker: PhantomData,
        }
    }
}

impl<M> std::fmt::Debug for Projection<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Projection({})", self.path)
    }
}

impl<M> Projection<M> {
    /// A projection of an attribute named by the schema rather than a typed path.
    pub(crate) fn from_raw(path: AttributePath) -> Self {
        Projection {
            path,
            marker: PhantomData,
        }
    }

    /// The attribute read.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// let projection: aiodynamo::Projection<User> = attr!(User, name).into();
    /// assert_eq!(projection.path().to_string(), "name");
    /// ```
    pub fn path(&self) -> &AttributePath {
        &self.path
    }

    /// The attributes `projection` reads: what a partial item read with it may hold.
    pub(crate) fn paths(projection: &[Projection<M>]) -> Vec<AttributePath> {
        projection.iter().map(|item| item.path.clone()).collect()
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

/// The attributes a read returns: typed paths as an array or `Vec` of [`Projection`]s
/// (`[attr!(User, name).into()]`), one typed path, or a tuple of typed paths of any types.
///
/// ```
/// use aiodynamo::prelude::*;
/// use aiodynamo::IntoProjection;
/// #[table("users", hash_key = "user_id")]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct User { user_id: String, name: String, logins: u64 }
///
/// let tuple = (attr!(User, name), attr!(User, logins)).into_projection();
/// let array = [attr!(User, name).into(), attr!(User, logins).into()].into_projection();
/// assert_eq!(tuple.len(), 2);
/// assert_eq!(tuple[1].path(), array[1].path());
/// ```
pub trait IntoProjection<M> {
    /// The attributes, in order.
    ///
    /// ```
    /// # use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String, name: String, logins: u64 }
    /// use aiodynamo::IntoProjection;
    /// let paths = (attr!(User, name), attr!(User, logins)).into_projection();
    /// assert_eq!(paths.iter().map(|p| p.path().to_string()).collect::<Vec<_>>(), ["name", "logins"]);
    /// ```
    fn into_projection(self) -> Vec<Projection<M>>;
}

impl<M, const N: usize> IntoProjection<M> for [Projection<M>; N] {
    fn into_projection(self) -> Vec<Projection<M>> {
        self.into()
    }
}

impl<M> IntoProjection<M> for Vec<Projection<M>> {
    fn into_projection(self) -> Vec<Projection<M>> {
        self
    }
}

impl<M, T, S> IntoProjection<M> for Path<M, T, S> {
    fn into_projection(self) -> Vec<Projection<M>> {
        vec![self.into()]
    }
}

macro_rules! tuple_projection {
    ($($t:ident $s:ident $v:ident),+) => {
        impl<M, $($t, $s),+> IntoProjection<M> for ($(Path<M, $t, $s>,)+) {
            fn into_projection(self) -> Vec<Projection<M>> {
                let ($($v,)+) = self;
                vec![$($v.into()),+]
            }
        }
    };
}
tuple_projection!(T1 S1 a);
tuple_projection!(T1 S1 a, T2 S2 b);
tuple_projection!(T1 S1 a, T2 S2 b, T3 S3 c);
tuple_projection!(T1 S1 a, T2 S2 b, T3 S3 c, T4 S4 d);
tuple_projection!(T1 S1 a, T2 S2 b, T3 S3 c, T4 S4 d, T5 S5 e);
tuple_projection!(T1 S1 a, T2 S2 b, T3 S3 c, T4 S4 d, T5 S5 e, T6 S6 f);
tuple_projection!(T1 S1 a, T2 S2 b, T3 S3 c, T4 S4 d, T5 S5 e, T6 S6 f, T7 S7 g);
tuple_projection!(T1 S1 a, T2 S2 b, T3 S3 c, T4 S4 d, T5 S5 e, T6 S6 f, T7 S7 g, T8 S8 h);
