//! The requests users build: thin typed builders over [`crate::request`], each ending in
//! `.send().await` as the AWS SDK's do.

mod batch;
mod item;
mod read;
mod table;
pub mod transaction;

pub use batch::{BatchGet, BatchKeys, BatchWrite, OneModel, SeveralModels};
pub use item::{
    Check, Delete, Full, Get, Idempotent, ItemReturnMode, Projected, Put, ReturnMode, ReturnValues,
    ReturnsNothing, Update, Write, WriteKind, return_values,
};
pub use read::{Cursor, IntoCursor, InvalidCursor, Page, Query, Read, Scan};
pub use table::{CreateGlobalTable, CreateTable, DeleteTable, EnsureTable, IndexThroughput};
pub use transaction::{
    GetTransaction, ProjectedGetTransaction, TransactGetKeys, TransactItem, WriteTransaction,
};
