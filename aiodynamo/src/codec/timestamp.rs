//! `Timestamp`: a point in time stored as a whole number of seconds (or milli-, micro-,
//! nanoseconds) since the Unix epoch.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A point in time stored as a number (N): whole `U`s since 1970-01-01T00:00:00Z, negative before.
///
/// Unlike a date-time string, the stored number sorts and compares as time does whatever its
/// precision, so a `Timestamp` is a good range key and works with `lt`/`between` conditions.
/// Converting from a [`SystemTime`] truncates toward zero to the unit.
///
/// ```
/// use aiodynamo::{Timestamp, TimestampMillis};
/// use aws_sdk_dynamodb::types::AttributeValue;
/// use std::time::{Duration, UNIX_EPOCH};
///
/// let time = UNIX_EPOCH + Duration::from_millis(1_700_000_000_123);
/// let seconds: Timestamp = Timestamp::from_system_time(time).unwrap();
/// let millis = TimestampMillis::from_system_time(time).unwrap();
/// assert_eq!(seconds.epoch(), 1_700_000_000);
/// assert_eq!(aiodynamo::codec::to_attribute(&millis)?, Some(AttributeValue::N("1700000000123".into())));
/// assert_eq!(millis.to_system_time(), Some(time));
/// # Ok::<(), aiodynamo::EncodeError>(())
/// ```
pub struct Timestamp<U = Seconds> {
    count: i64,
    unit: PhantomData<U>,
}

/// A [`Timestamp`] in milliseconds.
///
/// ```
/// use aiodynamo::TimestampMillis;
/// let time = TimestampMillis::from_epoch(1_700_000_000_123);
/// assert_eq!(aiodynamo::codec::to_attribute(&time)?, Some(aiodynamo::sdk::types::AttributeValue::N("1700000000123".into())));
/// # Ok::<(), aiodynamo::EncodeError>(())
/// ```
pub type TimestampMillis = Timestamp<Millis>;
/// A [`Timestamp`] in microseconds.
///
/// ```
/// use aiodynamo::TimestampMicros;
/// let time = TimestampMicros::from_epoch(1_500_000);
/// assert_eq!(time.to_system_time(), std::time::UNIX_EPOCH.checked_add(std::time::Duration::from_millis(1_500)));
/// ```
pub type TimestampMicros = Timestamp<Micros>;
/// A [`Timestamp`] in nanoseconds (years 1678 to 2261).
///
/// ```
/// use aiodynamo::TimestampNanos;
/// let time = TimestampNanos::from_epoch(-1);
/// assert_eq!(time.epoch(), -1); // one nanosecond before the epoch
/// ```
pub type TimestampNanos = Timestamp<Nanos>;

/// The unit a [`Timestamp`] counts in: [`Seconds`], [`Millis`], [`Micros`] or [`Nanos`].
///
/// ```
/// use aiodynamo::codec::{Millis, TimeUnit};
/// use aiodynamo::Timestamp;
///
/// fn whole_seconds<U: TimeUnit>(time: Timestamp<U>) -> i64 {
///     time.epoch() / U::PER_SECOND
/// }
/// assert_eq!(whole_seconds(Timestamp::<Millis>::from_epoch(90_500)), 90);
/// ```
pub trait TimeUnit: sealed::Sealed + Send + Sync + 'static {
    /// How many of the unit make one second.
    ///
    /// ```
    /// use aiodynamo::codec::{Millis, Seconds, TimeUnit};
    /// assert_eq!((Seconds::PER_SECOND, Millis::PER_SECOND), (1, 1_000));
    /// ```
    const PER_SECOND: i64;
    /// The unit's name, for `Debug`.
    ///
    /// ```
    /// use aiodynamo::codec::{Micros, TimeUnit};
    /// assert_eq!(Micros::NAME, "Micros");
    /// ```
    const NAME: &'static str;
}

mod sealed {
    pub trait Sealed {}
}

macro_rules! units {
    ($($unit:ident: $per_second:expr, $doc:literal;)*) => {$(
        #[doc = $doc]
        ///
        /// ```
        /// use aiodynamo::codec::{Micros, Millis, Nanos, Seconds, TimeUnit};
        /// let per_second = [Seconds::PER_SECOND, Millis::PER_SECOND, Micros::PER_SECOND, Nanos::PER_SECOND];
        /// assert_eq!(per_second, [1, 1_000, 1_000_000, 1_000_000_000]);
        /// ```
        #[derive(Debug)]
        pub enum $unit {}
        impl sealed::Sealed for $unit {}
        impl TimeUnit for $unit {
            const PER_SECOND: i64 = $per_second;
            const NAME: &'static str = stringify!($unit);
        }
    )*};
}
units! {
    Seconds: 1, "Whole seconds: [`Timestamp`]'s default unit.";
    Millis: 1_000, "Milliseconds: [`TimestampMillis`].";
    Micros: 1_000_000, "Microseconds: [`TimestampMicros`].";
    Nanos: 1_000_000_000, "Nanoseconds: [`TimestampNanos`].";
}

impl<U: TimeUnit> Timestamp<U> {
    /// The timestamp `count` units after the epoch (before it, when negative).
    ///
    /// ```
    /// use aiodynamo::Timestamp;
    /// const LAUNCH: Timestamp = Timestamp::from_epoch(1_700_000_000);
    /// assert_eq!(LAUNCH.epoch(), 1_700_000_000);
    /// ```
    pub const fn from_epoch(count: i64) -> Self {
        Timestamp {
            count,
            unit: PhantomData,
        }
    }

    /// The number stored: units since the epoch.
    ///
    /// ```
    /// use aiodynamo::TimestampMillis;
    /// assert_eq!(TimestampMillis::from_epoch(42).epoch(), 42);
    /// ```
    pub const fn epoch(self) -> i64 {
        self.count
    }

    /// The current time, truncated to the unit.
    ///
    /// ```
    /// use aiodynamo::Timestamp;
    /// let now: Timestamp = Timestamp::now();
    /// assert!(now.epoch() > 1_700_000_000);
    /// ```
    pub fn now() -> Self {
        Self::from_system_time(SystemTime::now())
            .expect("the system clock reads within the years 1678 to 2261")
    }

    /// `time`, truncated toward zero to the unit; `None` when the count does not fit an `i64`
    /// (only nanoseconds outside the years 1678 to 2261 do not).
    ///
    /// ```
    /// use aiodynamo::{Timestamp, TimestampNanos};
    /// use std::time::{Duration, UNIX_EPOCH};
    /// let time = UNIX_EPOCH + Duration::from_millis(2_500);
    /// assert_eq!(Timestamp::<aiodynamo::codec::Seconds>::from_system_time(time).map(Timestamp::epoch), Some(2));
    /// // Nanoseconds since the epoch overflow an i64 in the year 2262.
    /// let far = UNIX_EPOCH + Duration::from_secs(300 * 365 * 86_400);
    /// assert_eq!(TimestampNanos::from_system_time(far), None);
    /// ```
    pub fn from_system_time(time: SystemTime) -> Option<Self> {
        let nanos_per_unit = i128::from(1_000_000_000 / U::PER_SECOND);
        let count = match time.duration_since(UNIX_EPOCH) {
            Ok(after) => after.as_nanos() as i128 / nanos_per_unit,
            Err(before) => -(before.duration().as_nanos() as i128 / nanos_per_unit),
        };
        i64::try_from(count).ok().map(Self::from_epoch)
    }

    /// The time as a [`SystemTime`]; `None` when the platform's clock type cannot hold it.
    ///
    /// ```
    /// use aiodynamo::TimestampMillis;
    /// use std::time::{Duration, UNIX_EPOCH};
    /// let time = TimestampMillis::from_epoch(1_500).to_system_time();
    /// assert_eq!(time, Some(UNIX_EPOCH + Duration::from_millis(1_500)));
    /// ```
    pub fn to_system_time(self) -> Option<SystemTime> {
        let seconds = self.count / U::PER_SECOND;
        let subsecond_nanos = (self.count % U::PER_SECOND) * (1_000_000_000 / U::PER_SECOND);
        let offset = Duration::new(
            seconds.unsigned_abs(),
            subsecond_nanos.unsigned_abs() as u32,
        );
        if self.count < 0 {
            UNIX_EPOCH.checked_sub(offset)
        } else {
            UNIX_EPOCH.checked_add(offset)
        }
    }
}

// By hand rather than derived: a derive would require the unit marker to implement each trait.
impl<U> Clone for Timestamp<U> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<U> Copy for Timestamp<U> {}
impl<U> PartialEq for Timestamp<U> {
    fn eq(&self, other: &Self) -> bool {
        self.count == other.count
    }
}
impl<U> Eq for Timestamp<U> {}
impl<U> PartialOrd for Timestamp<U> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<U> Ord for Timestamp<U> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.count.cmp(&other.count)
    }
}
impl<U> Hash for Timestamp<U> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.count.hash(state);
    }
}

impl<U: TimeUnit> fmt::Debug for Timestamp<U> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp<{}>({})", U::NAME, self.count)
    }
}

impl<U> Serialize for Timestamp<U> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.count)
    }
}

impl<'de, U: TimeUnit> Deserialize<'de> for Timestamp<U> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        i64::deserialize(deserializer).map(Self::from_epoch)
    }
}

/// A timestamp is a number: a set element (NS) that orders as time does.
impl<U> crate::kinds::SetElement for Timestamp<U> {}
impl<U> crate::kinds::Ordered for Timestamp<U> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn before_the_epoch_truncates_toward_zero_and_round_trips() {
        let time = UNIX_EPOCH - Duration::from_micros(1_500);
        let millis = TimestampMillis::from_system_time(time).unwrap();
        assert_eq!(millis.epoch(), -1);
        assert_eq!(
            millis.to_system_time(),
            Some(UNIX_EPOCH - Duration::from_millis(1))
        );
        let micros = TimestampMicros::from_system_time(time).unwrap();
        assert_eq!(micros.epoch(), -1_500);
        assert_eq!(micros.to_system_time(), Some(time));
    }

    #[test]
    fn nanoseconds_outside_an_i64_are_refused() {
        let far = UNIX_EPOCH + Duration::from_secs(300 * 365 * 24 * 3600);
        assert!(TimestampNanos::from_system_time(far).is_none());
        assert!(Timestamp::<Seconds>::from_system_time(far).is_some());
    }

    #[test]
    fn timestamps_order_as_time() {
        let earlier = TimestampMillis::from_epoch(999);
        let later = TimestampMillis::from_epoch(1_000);
        assert!(earlier < later);
        assert_eq!(format!("{later:?}"), "Timestamp<Millis>(1000)");
    }
}
