//! The one error type of every operation, and the codec's errors it wraps.

use std::fmt;

use aws_sdk_dynamodb::error::DisplayErrorContext;

use crate::codec::RawItem;

/// Which DynamoDB operation a request was, for errors and tracing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Operation {
    /// PutItem.
    PutItem,
    /// GetItem.
    GetItem,
    /// DeleteItem.
    DeleteItem,
    /// UpdateItem.
    UpdateItem,
    /// CreateTable.
    CreateTable,
    /// DeleteTable.
    DeleteTable,
    /// DescribeTable.
    DescribeTable,
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// The request an error belongs to: its operation and table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The operation that failed.
    pub operation: Operation,
    /// The table it was sent to (with any table prefix applied).
    pub table: String,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} on table `{}`", self.operation, self.table)
    }
}

/// Everything an aiodynamo call can fail with.
///
/// Each variant carries the [`Origin`] of the request: its operation and table.
///
/// ```
/// # use aiodynamo::{Error, Operation, Origin};
/// fn is_retryable(error: &Error) -> bool {
///     matches!(error, Error::Throttled { .. })
/// }
/// let error = Error::Throttled {
///     origin: Origin { operation: Operation::PutItem, table: "users".into() },
///     message: "slow down".into(),
/// };
/// assert!(is_retryable(&error));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request's condition was false. `item` is the item as it stood, when DynamoDB returned it
    /// (decode it with [`Error::old_item`]).
    #[error("{origin}: the condition was not met")]
    ConditionalCheckFailed {
        /// The failed request.
        origin: Origin,
        /// The item as it stood before the request, when DynamoDB returned it.
        item: Option<Box<RawItem>>,
    },
    /// A transaction was cancelled; `reasons` has one entry per operation, in the caller's order.
    #[error("{origin}: transaction cancelled: {}", reasons.join("; "))]
    TransactionCanceled {
        /// The failed request.
        origin: Origin,
        /// DynamoDB's reason code per operation (`None` for those that did not fail).
        reasons: Vec<String>,
    },
    /// The table (or index) does not exist, or is not ACTIVE.
    #[error("{origin}: resource not found: {message}")]
    ResourceNotFound {
        /// The failed request.
        origin: Origin,
        /// DynamoDB's message.
        message: String,
    },
    /// DynamoDB throttled the request after the SDK's own retries.
    #[error("{origin}: throttled: {message}")]
    Throttled {
        /// The failed request.
        origin: Origin,
        /// DynamoDB's message.
        message: String,
    },
    /// DynamoDB rejected the request as invalid.
    #[error("{origin}: validation error: {message}")]
    Validation {
        /// The failed request.
        origin: Origin,
        /// DynamoDB's message.
        message: String,
    },
    /// A value could not be converted to DynamoDB's format; nothing was sent.
    #[error("{origin}: {source}")]
    Encode {
        /// The failed request.
        origin: Origin,
        /// What could not be encoded, and where.
        #[source]
        source: EncodeError,
    },
    /// DynamoDB answered with an item that does not fit the model.
    #[error("{origin}: {source}")]
    Decode {
        /// The failed request.
        origin: Origin,
        /// What could not be decoded, and where.
        #[source]
        source: DecodeError,
    },
    /// The request is wrong in a way caught before sending (e.g. overlapping update paths).
    #[error("{origin}: invalid request: {message}")]
    InvalidRequest {
        /// The failed request.
        origin: Origin,
        /// What is wrong.
        message: String,
    },
    /// Any other failure of the SDK: network, credentials, service errors without a variant here.
    /// Displayed with the whole chain of causes, which holds DynamoDB's error code and message.
    #[error("{origin}: {}", DisplayErrorContext(&**source))]
    Sdk {
        /// The failed request.
        origin: Origin,
        /// The SDK's error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl Error {
    /// The operation and table of the failed request.
    ///
    /// ```
    /// # use aiodynamo::{Error, Operation, Origin};
    /// let error = Error::InvalidRequest {
    ///     origin: Origin { operation: Operation::UpdateItem, table: "users".into() },
    ///     message: "no actions".into(),
    /// };
    /// assert_eq!(error.origin().table, "users");
    /// ```
    pub fn origin(&self) -> &Origin {
        match self {
            Error::ConditionalCheckFailed { origin, .. }
            | Error::TransactionCanceled { origin, .. }
            | Error::ResourceNotFound { origin, .. }
            | Error::Throttled { origin, .. }
            | Error::Validation { origin, .. }
            | Error::Encode { origin, .. }
            | Error::Decode { origin, .. }
            | Error::InvalidRequest { origin, .. }
            | Error::Sdk { origin, .. } => origin,
        }
    }

    /// The item returned with a failed condition, decoded as `M`: `Ok(None)` when this is another
    /// error or DynamoDB returned no item (it did not exist).
    ///
    /// ```
    /// # use aiodynamo::{Error, Operation, Origin};
    /// # #[aiodynamo::table("users", hash_key = "id")]
    /// # #[derive(serde::Serialize, serde::Deserialize)]
    /// # struct User { id: String }
    /// let error = Error::ConditionalCheckFailed {
    ///     origin: Origin { operation: Operation::PutItem, table: "users".into() },
    ///     item: None,
    /// };
    /// assert!(error.old_item::<User>().unwrap().is_none());
    /// ```
    pub fn old_item<M: crate::Model>(&self) -> Result<Option<M>, DecodeError> {
        match self {
            Error::ConditionalCheckFailed {
                item: Some(item), ..
            } => crate::codec::from_item(item.as_ref().clone()).map(Some),
            _ => Ok(None),
        }
    }
}

/// One step of an attribute path in an error message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    Name(String),
    Index(usize),
}

/// Where in an item an error happened: `basket.items[1].qty`.
///
/// Built while the error travels up from the value that failed, so the steps are kept innermost
/// first and displayed reversed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttributePath(Vec<Step>);

impl AttributePath {
    pub(crate) fn push_outer(&mut self, step: Step) {
        self.0.push(step);
    }

    /// True for the item itself (an error not inside any attribute).
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for AttributePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (position, step) in self.0.iter().rev().enumerate() {
            match step {
                Step::Name(name) if position == 0 => f.write_str(name)?,
                Step::Name(name) => write!(f, ".{name}")?,
                Step::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// A value that cannot be stored in DynamoDB: where, and why.
///
/// ```
/// let error = aiodynamo::codec::to_attribute(&f64::NAN).unwrap_err();
/// assert_eq!(error.to_string(), "cannot encode NaN: DynamoDB numbers are finite");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeError(Box<Problem>);

/// Where and what went wrong, for [`EncodeError`] and [`DecodeError`]. Boxed there: the codec
/// returns a `Result` from every value it visits, and a one-pointer error keeps those small.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Problem {
    path: AttributePath,
    message: String,
}

impl Problem {
    fn boxed(message: impl Into<String>) -> Box<Problem> {
        Box::new(Problem {
            path: AttributePath::default(),
            message: message.into(),
        })
    }
}

impl EncodeError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        EncodeError(Problem::boxed(message))
    }

    pub(crate) fn at(mut self, step: Step) -> Self {
        self.0.path.push_outer(step);
        self
    }

    /// The attribute that could not be encoded.
    pub fn path(&self) -> &AttributePath {
        &self.0.path
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Problem { path, message } = &*self.0;
        if path.is_root() {
            write!(f, "cannot encode {message}")
        } else {
            write!(f, "cannot encode {path}: {message}")
        }
    }
}

impl std::error::Error for EncodeError {}

impl serde::ser::Error for EncodeError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        EncodeError::new(message.to_string())
    }
}

/// An attribute that does not fit the model: where, what was expected and what was found.
///
/// ```
/// use aiodynamo::codec::from_attribute;
/// use aws_sdk_dynamodb::types::AttributeValue;
/// let error = from_attribute::<u32>(AttributeValue::S("nine".into())).unwrap_err();
/// assert_eq!(error.to_string(), "expected number (N), found string (S)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(Box<Problem>);

impl DecodeError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        DecodeError(Problem::boxed(message))
    }

    pub(crate) fn mismatch(expected: impl fmt::Display, found: impl fmt::Display) -> Self {
        DecodeError::new(format!("expected {expected}, found {found}"))
    }

    pub(crate) fn at(mut self, step: Step) -> Self {
        self.0.path.push_outer(step);
        self
    }

    /// The attribute that could not be decoded (empty for the item itself).
    pub fn path(&self) -> &AttributePath {
        &self.0.path
    }

    /// What was wrong, without the path.
    pub fn message(&self) -> &str {
        &self.0.message
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Problem { path, message } = &*self.0;
        if path.is_root() {
            f.write_str(message)
        } else {
            write!(f, "{path}: {message}")
        }
    }
}

impl std::error::Error for DecodeError {}

impl serde::de::Error for DecodeError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        DecodeError::new(message.to_string())
    }

    fn missing_field(field: &'static str) -> Self {
        DecodeError::new("missing attribute").at(Step::Name(field.to_owned()))
    }
}
