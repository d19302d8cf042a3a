//! Update actions: `attr!(User, name).set("Bob")`, `attr!(User, logins) + 1`, ...

use std::fmt;
use std::marker::PhantomData;
use std::ops;

use aws_sdk_dynamodb::types::AttributeValue;
use serde::Serialize;

use super::{Invalid, Operand, Placeholders};
use crate::attribute_path::AttributePath;
use crate::codec::to_attribute_shaped;
use crate::error::EncodeError;
use crate::kinds::{Addable, List, Number, Set};
use crate::limits;
use crate::path::{IntoValue, Path, Removable, Unmanaged, Updatable};

/// One action of an update on an item of model `M`.
///
/// ```
/// use aiodynamo::prelude::*;
/// use std::collections::BTreeSet;
/// #[table("users", hash_key = "user_id")]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct User {
///     user_id: String,
///     name: String,
///     email: Option<String>,
///     logins: u64,
///     roles: BTreeSet<String>,
///     history: Vec<String>,
/// }
///
/// let actions: Vec<UpdateAttr<User>> = vec![
///     attr!(User, name).set("Alice"),
///     attr!(User, email).remove(),
///     attr!(User, logins) + 1,
///     attr!(User, roles).delete(["admin"]),
///     attr!(User, history).append(["login"]),
/// ];
/// # let _ = actions;
/// ```
pub struct UpdateAttr<M> {
    path: AttributePath,
    action: Action,
    marker: PhantomData<fn() -> M>,
}

#[derive(Clone)]
enum Action {
    Set(Operand),
    SetIfNotExists(Operand),
    Remove,
    Append(Operand),
    Prepend(Operand),
    Add(Operand),
    Delete(Operand),
    Increment(Operand),
    Decrement(Operand),
}

/// The four clauses of an update expression, in the order they are written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Clause {
    Set,
    Remove,
    Add,
    Delete,
}

impl Clause {
    fn keyword(self) -> &'static str {
        match self {
            Clause::Set => "SET ",
            Clause::Remove => "REMOVE ",
            Clause::Add => "ADD ",
            Clause::Delete => "DELETE ",
        }
    }
}

impl Action {
    fn clause(&self) -> Clause {
        match self {
            Action::Remove => Clause::Remove,
            Action::Add(_) => Clause::Add,
            Action::Delete(_) => Clause::Delete,
            _ => Clause::Set,
        }
    }
}

impl<M> Clone for UpdateAttr<M> {
    fn clone(&self) -> Self {
        UpdateAttr {
            path: self.path.clone(),
            action: self.action.clone(),
            marker: PhantomData,
        }
    }
}

/// The path and the action, never the value: values are user data.
impl<M> fmt::Debug for UpdateAttr<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let action = match self.action {
            Action::Set(_) => "set",
            Action::SetIfNotExists(_) => "set_if_not_exists",
            Action::Remove => "remove",
            Action::Append(_) => "append",
            Action::Prepend(_) => "prepend",
            Action::Add(_) => "add",
            Action::Delete(_) => "delete",
            Action::Increment(_) => "increment",
            Action::Decrement(_) => "decrement",
        };
        f.debug_struct("UpdateAttr")
            .field("path", &format_args!("{}", self.path))
            .field("action", &action)
            .finish()
    }
}

impl<M> UpdateAttr<M> {
    fn new<T, S>(path: &Path<M, T, S>, action: Action) -> Self {
        UpdateAttr {
            path: path.raw().clone(),
            action,
            marker: PhantomData,
        }
    }

    /// `ADD path 1` on an attribute named by the schema: the `#[version]` bump.
    pub(crate) fn add_one(path: AttributePath) -> Self {
        UpdateAttr {
            path,
            action: Action::Add(Ok(AttributeValue::N("1".into()))),
            marker: PhantomData,
        }
    }

    /// The attribute this action changes.
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
    /// let action = attr!(User, logins).add(1);
    /// assert_eq!(action.path().to_string(), "logins");
    /// ```
    pub fn path(&self) -> &AttributePath {
        &self.path
    }

    fn render(&mut self, placeholders: &mut Placeholders, out: &mut String) -> Result<(), Invalid> {
        let path = &self.path;
        match &mut self.action {
            Action::Set(value) => {
                placeholders.path(path, out);
                out.push_str(" = ");
                placeholders.value(value, out)?;
            }
            Action::SetIfNotExists(value) => {
                placeholders.path(path, out);
                out.push_str(" = if_not_exists(");
                placeholders.path(path, out);
                out.push_str(", ");
                placeholders.value(value, out)?;
                out.push(')');
            }
            Action::Remove => placeholders.path(path, out),
            Action::Append(values) => {
                placeholders.path(path, out);
                out.push_str(" = list_append(");
                if_not_exists_empty_list(path, placeholders, out)?;
                out.push_str(", ");
                placeholders.value(values, out)?;
                out.push(')');
            }
            Action::Prepend(values) => {
                placeholders.path(path, out);
                out.push_str(" = list_append(");
                placeholders.value(values, out)?;
                out.push_str(", ");
                if_not_exists_empty_list(path, placeholders, out)?;
                out.push(')');
            }
            Action::Increment(value) => arithmetic(path, " + ", value, placeholders, out)?,
            Action::Decrement(value) => arithmetic(path, " - ", value, placeholders, out)?,
            Action::Add(value) | Action::Delete(value) => {
                placeholders.path(path, out);
                out.push(' ');
                placeholders.value(value, out)?;
            }
        }
        Ok(())
    }
}

/// Refuses an update whose values alone make the item larger than DynamoDB stores. The paths do
/// not overlap, and each value set, appended, prepended or added to a set ends up whole in the
/// item: their sizes are a lower bound of the item's (a value set only if missing, a number
/// added or a set deleted from is not counted).
fn within_item_limit<M>(actions: &[UpdateAttr<M>]) -> Result<(), Invalid> {
    let sized = actions.iter().filter_map(|action| match &action.action {
        Action::Set(Ok(value))
        | Action::Append(Ok(value))
        | Action::Prepend(Ok(value))
        | Action::Add(Ok(
            value @ (AttributeValue::Ss(_) | AttributeValue::Ns(_) | AttributeValue::Bs(_)),
        )) => Some((&action.path, limits::value_size(value))),
        _ => None,
    });
    let (mut total, mut largest) = (0, None);
    for (path, size) in sized {
        total += size;
        if largest.is_none_or(|(_, most)| size > most) {
            largest = Some((path, size));
        }
    }
    match largest {
        Some((path, size)) if total > limits::MAX_ITEM_BYTES => Err(Invalid::Request(format!(
            "the update's values alone are {total} bytes by DynamoDB's size rules (the largest, \
             at `{path}`, is {size}); DynamoDB stores at most {} (400 KB) per item",
            limits::MAX_ITEM_BYTES
        ))),
        _ => Ok(()),
    }
}

/// Renders `SET .. REMOVE .. ADD .. DELETE ..`, after checking the actions can go together.
pub(crate) fn render<M>(
    actions: &mut [UpdateAttr<M>],
    placeholders: &mut Placeholders,
) -> Result<String, Invalid> {
    if actions.is_empty() {
        return Err(Invalid::Request(
            "an update needs at least one action".into(),
        ));
    }
    for (position, action) in actions.iter().enumerate() {
        if let Some(other) = actions[..position]
            .iter()
            .find(|other| other.path.overlaps(&action.path))
        {
            return Err(Invalid::Request(format!(
                "two actions on overlapping paths `{}` and `{}`: DynamoDB allows one action per attribute",
                other.path, action.path
            )));
        }
    }
    within_item_limit(actions)?;
    let mut out = super::expression_buffer();
    for clause in [Clause::Set, Clause::Remove, Clause::Add, Clause::Delete] {
        let mut first = true;
        // In the order they were given, within a clause.
        for action in actions
            .iter_mut()
            .filter(|action| action.action.clause() == clause)
        {
            if first {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(clause.keyword());
                first = false;
            } else {
                out.push_str(", ");
            }
            action.render(placeholders, &mut out)?;
        }
    }
    Ok(out)
}

/// `if_not_exists(path, [])`: a missing list is taken as empty, so the first append creates it.
fn if_not_exists_empty_list(
    path: &AttributePath,
    placeholders: &mut Placeholders,
    out: &mut String,
) -> Result<(), Invalid> {
    out.push_str("if_not_exists(");
    placeholders.path(path, out);
    out.push_str(", ");
    placeholders.value(&mut Ok(AttributeValue::L(Vec::new())), out)?;
    out.push(')');
    Ok(())
}

/// `path = if_not_exists(path, 0) + value`: a missing number counts from zero instead of failing
/// the whole update.
fn arithmetic(
    path: &AttributePath,
    operator: &str,
    value: &mut Operand,
    placeholders: &mut Placeholders,
    out: &mut String,
) -> Result<(), Invalid> {
    placeholders.path(path, out);
    out.push_str(" = if_not_exists(");
    placeholders.path(path, out);
    out.push_str(", ");
    placeholders.value(&mut Ok(AttributeValue::N("0".into())), out)?;
    out.push(')');
    out.push_str(operator);
    placeholders.value(value, out)
}

/// An action's encoded value; `what` names the action for the error an absent value gives.
fn present(encoded: Result<Option<AttributeValue>, EncodeError>, what: &str) -> Operand {
    match encoded? {
        Some(value) => Ok(value),
        None => Err(Invalid::Request(format!(
            "`{what}` needs a value: not `None` or an empty set"
        ))),
    }
}

/// Update actions; each requires `S: Updatable`, which key attributes are not.
impl<M, T: Serialize, S> Path<M, T, S> {
    /// The action `action` with `value` encoded as this attribute stores it; `what` names the
    /// action for the error an absent value gives.
    fn with_value(
        &self,
        value: impl IntoValue<T>,
        what: &str,
        action: fn(Operand) -> Action,
    ) -> UpdateAttr<M> {
        UpdateAttr::new(self, action(present(value.encode_at(self), what)))
    }

    /// `SET path = value`. `None`, or an empty set, removes the attribute instead (DynamoDB has
    /// neither absent values nor empty sets); on a list element or map entry it stores NULL, as
    /// the codec does there (removing would shift the elements after it).
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
    /// let update = db.update(User::key("u1"), [attr!(User, name).set("Alice")]);
    /// assert_eq!(update.render()?.update_expression.as_deref(), Some("SET #n0 = :v0"));
    /// // `None` removes an optional attribute.
    /// let update = db.update(User::key("u1"), [attr!(User, email).set(None)]);
    /// assert_eq!(update.render()?.update_expression.as_deref(), Some("REMOVE #n0"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn set(&self, value: impl IntoValue<T>) -> UpdateAttr<M>
    where
        S: Updatable + Unmanaged,
    {
        match value.encode_at(self) {
            Ok(Some(value)) => UpdateAttr::new(self, Action::Set(Ok(value))),
            Ok(None) if S::NONE_IS_NULL => {
                UpdateAttr::new(self, Action::Set(Ok(AttributeValue::Null(true))))
            }
            Ok(None) => UpdateAttr::new(self, Action::Remove),
            Err(error) => UpdateAttr::new(self, Action::Set(Err(error.into()))),
        }
    }

    /// `SET path = if_not_exists(path, value)`: sets the attribute only where it is missing.
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
    /// let update = db.update(User::key("u1"), [attr!(User, name).set_if_not_exists("Anonymous")]);
    /// assert_eq!(update.render()?.update_expression.as_deref(), Some("SET #n0 = if_not_exists(#n0, :v0)"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn set_if_not_exists(&self, value: impl IntoValue<T>) -> UpdateAttr<M>
    where
        S: Updatable + Unmanaged,
    {
        self.with_value(value, "set_if_not_exists", Action::SetIfNotExists)
    }

    /// `REMOVE path`: an optional attribute, a list element or a map entry.
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
    /// let update = db.update(User::key("u1"), [attr!(User, email).remove(), attr!(User, history[0]).remove()]);
    /// assert_eq!(update.render()?.update_expression.as_deref(), Some("REMOVE #n0, #n1[0]"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn remove(&self) -> UpdateAttr<M>
    where
        S: Updatable + Unmanaged + Removable<T>,
    {
        UpdateAttr::new(self, Action::Remove)
    }

    /// `SET path = list_append(path, values)`; a missing list is created.
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
    /// let update = db.update(User::key("u1"), [attr!(User, history).append(["login"])]);
    /// assert_eq!(update.render()?.update_expression.as_deref(), Some("SET #n0 = list_append(if_not_exists(#n0, :v0), :v1)"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn append(&self, values: impl IntoValue<Vec<T::Element>>) -> UpdateAttr<M>
    where
        S: Updatable + Unmanaged,
        T: List,
        T::Element: Serialize,
    {
        let values = to_attribute_shaped(&values.into_value(), self.shape());
        UpdateAttr::new(self, Action::Append(present(values, "append")))
    }

    /// `SET path = list_append(values, path)`; a missing list is created.
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
    /// let update = db.update(User::key("u1"), [attr!(User, history).prepend(["signup"])]);
    /// assert_eq!(update.render()?.update_expression.as_deref(), Some("SET #n0 = list_append(:v0, if_not_exists(#n0, :v1))"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn prepend(&self, values: impl IntoValue<Vec<T::Element>>) -> UpdateAttr<M>
    where
        S: Updatable + Unmanaged,
        T: List,
        T::Element: Serialize,
    {
        let values = to_attribute_shaped(&values.into_value(), self.shape());
        UpdateAttr::new(self, Action::Prepend(present(values, "prepend")))
    }

    /// `ADD path value`: adds to a number or set members to a set, creating the attribute when
    /// missing.
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
    /// let update = db.update(User::key("u1"), [attr!(User, logins).add(1), attr!(User, roles).add(["admin"])]);
    /// assert_eq!(update.render()?.update_expression.as_deref(), Some("ADD #n0 :v0, #n1 :v1"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn add(&self, value: impl IntoValue<T>) -> UpdateAttr<M>
    where
        S: Updatable + Unmanaged,
        T: Addable,
    {
        self.with_value(value, "add", Action::Add)
    }

    /// `DELETE path members`: removes members from a set.
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
    /// let update = db.update(User::key("u1"), [attr!(User, roles).delete(["admin"])]);
    /// assert_eq!(update.render()?.update_expression.as_deref(), Some("DELETE #n0 :v0"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn delete(&self, members: impl IntoValue<T>) -> UpdateAttr<M>
    where
        S: Updatable + Unmanaged,
        T: Set,
    {
        self.with_value(members, "delete", Action::Delete)
    }

    /// `SET path = path + n` (a missing attribute counts as 0). Also written `path + n`.
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
    /// let update = db.update(User::key("u1"), [attr!(User, logins).increment(2)]);
    /// assert_eq!(update.render()?.update_expression.as_deref(), Some("SET #n0 = if_not_exists(#n0, :v0) + :v1"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn increment(&self, n: impl IntoValue<T>) -> UpdateAttr<M>
    where
        S: Updatable + Unmanaged,
        T: Number,
    {
        self.with_value(n, "increment", Action::Increment)
    }

    /// `SET path = path - n` (a missing attribute counts as 0). Also written `path - n`.
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
    /// let update = db.update(User::key("u1"), [attr!(User, logins) - 1]);
    /// assert_eq!(update.render()?.update_expression.as_deref(), Some("SET #n0 = if_not_exists(#n0, :v0) - :v1"));
    /// # Ok::<(), aiodynamo::Error>(())
    /// ```
    pub fn decrement(&self, n: impl IntoValue<T>) -> UpdateAttr<M>
    where
        S: Updatable + Unmanaged,
        T: Number,
    {
        self.with_value(n, "decrement", Action::Decrement)
    }
}

impl<M, T: Serialize + Number, S: Updatable + Unmanaged, V: IntoValue<T>> ops::Add<V>
    for Path<M, T, S>
{
    type Output = UpdateAttr<M>;
    fn add(self, n: V) -> UpdateAttr<M> {
        self.increment(n)
    }
}

impl<M, T: Serialize + Number, S: Updatable + Unmanaged, V: IntoValue<T>> ops::Sub<V>
    for Path<M, T, S>
{
    type Output = UpdateAttr<M>;
    fn sub(self, n: V) -> UpdateAttr<M> {
        self.decrement(n)
    }
}
