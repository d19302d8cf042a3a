//! The Rust twin of aiodynamodb's `mock_dynamodb(*models)`: a `Db` on the shared DynamoDB Local
//! with fresh tables for some models.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};

use super::{DynamoDbLocal, LocalError};
use crate::{Db, Model};

impl DynamoDbLocal {
    /// A [`Db`] on this instance whose table names carry a prefix no other call in this process
    /// uses, so tests sharing the instance never see each other's tables.
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), aiodynamo::local::LocalError> {
    /// let local = aiodynamo::local::DynamoDbLocal::shared().await?;
    /// let (a, b) = (local.isolated_db(), local.isolated_db());
    /// # Ok(()) }
    /// ```
    pub fn isolated_db(&self) -> Db {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let prefix = format!(
            "t{}-{}-",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        Db::new(self.client()).with_table_prefix(prefix)
    }
}

/// One model, or a tuple of models, whose tables [`mock_dynamodb`] creates.
///
/// ```no_run
/// use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String }
/// # #[table("orders", hash_key = "order_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct Order { order_id: String }
/// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
/// use aiodynamo::local::Tables;
/// // One model or a tuple of models.
/// <User as Tables>::create(&db).await?;
/// <(User, Order) as Tables>::create(&db.with_table_prefix("other-")).await?;
/// # Ok(()) }
/// ```
pub trait Tables {
    /// Creates the tables on `db`.
    ///
    /// ```no_run
    /// use aiodynamo::prelude::*;
    /// # #[table("users", hash_key = "user_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { user_id: String }
    /// # #[table("orders", hash_key = "order_id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct Order { order_id: String }
    /// # async fn example(db: Db) -> Result<(), aiodynamo::Error> {
    /// use aiodynamo::local::Tables;
    /// <(User, Order)>::create(&db).await?;
    /// # Ok(()) }
    /// ```
    fn create(db: &Db) -> impl Future<Output = Result<(), crate::Error>> + Send;
}

impl<M: Model> Tables for M {
    async fn create(db: &Db) -> Result<(), crate::Error> {
        db.create_table::<M>().send().await.map(drop)
    }
}

macro_rules! tuple_tables {
    ($($model:ident),+) => {
        impl<$($model: Model),+> Tables for ($($model,)+) {
            async fn create(db: &Db) -> Result<(), crate::Error> {
                $(db.create_table::<$model>().send().await?;)+
                Ok(())
            }
        }
    };
}
tuple_tables!(A);
tuple_tables!(A, B);
tuple_tables!(A, B, C);
tuple_tables!(A, B, C, D);
tuple_tables!(A, B, C, D, E);
tuple_tables!(A, B, C, D, E, F);

/// A [`Db`] on the process's shared DynamoDB Local (started on first use) with fresh, empty
/// tables for `T`: one model or a tuple of models. Every call gets tables of its own.
///
/// ```no_run
/// use aiodynamo::prelude::*;
/// # #[table("users", hash_key = "user_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct User { user_id: String }
/// # #[table("orders", hash_key = "order_id")]
/// # #[derive(serde::Serialize, serde::Deserialize)]
/// # struct Order { order_id: String }
/// #[tokio::test]
/// async fn creates_a_user() {
///     let db = aiodynamo::local::mock_dynamodb::<(User, Order)>().await.unwrap();
///     db.put(&User { user_id: "u1".into() }).send().await.unwrap();
/// }
/// ```
pub async fn mock_dynamodb<T: Tables>() -> Result<Db, LocalError> {
    let db = DynamoDbLocal::shared().await?.isolated_db();
    T::create(&db)
        .await
        .map_err(|error| LocalError::CreateTable(Box::new(error)))?;
    Ok(db)
}
