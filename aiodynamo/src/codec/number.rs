//! A number's text read as DynamoDB reads it: `1`, `1.0`, `01`, `+1` and `10E-1` are one number.

/// A number as sign, significant digits and scale, the same for every spelling of its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Significant<'a> {
    /// Below zero (never for zero itself).
    pub negative: bool,
    /// The digits from the first non-zero one to the last, in order: their parts before and
    /// after the decimal point (either may be empty; both are for zero).
    pub digits: [&'a [u8]; 2],
    /// The power of ten of the first digit.
    pub power: i64,
    /// How many digits `digits` holds.
    pub len: usize,
}

impl Significant<'_> {
    /// The power of ten of the last significant digit.
    pub fn lowest_power(&self) -> i64 {
        self.power
            .saturating_sub(i64::try_from(self.len).unwrap_or(i64::MAX))
            .saturating_add(1)
    }

    /// A byte string equal for equal values only (for telling keys apart).
    pub fn canonical(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(self.len + 10);
        bytes.push(if self.negative { b'-' } else { b'+' });
        bytes.extend_from_slice(&self.power.to_be_bytes());
        bytes.extend_from_slice(self.digits[0]);
        bytes.extend_from_slice(self.digits[1]);
        bytes
    }
}

/// Reads a number's text; text that is not a number reads as its digits, whatever they are
/// (DynamoDB refuses it, and nothing here panics on it).
pub(crate) fn significant(text: &str) -> Significant<'_> {
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, exponent.parse::<i64>().unwrap_or(0)),
        None => (text, 0),
    };
    let negative = mantissa.starts_with('-');
    let mantissa = mantissa.trim_start_matches(['-', '+']);
    let (integer, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // The power of ten of the mantissa's first digit, zeros included.
    let first = i64::try_from(integer.len())
        .unwrap_or(i64::MAX)
        .saturating_sub(1)
        .saturating_add(exponent);
    let all = integer.len() + fraction.len();
    let digit_at = |position: usize| {
        if position < integer.len() {
            integer.as_bytes()[position]
        } else {
            fraction.as_bytes()[position - integer.len()]
        }
    };
    let Some(start) = (0..all).find(|&position| digit_at(position) != b'0') else {
        return Significant {
            negative: false,
            digits: [&[], &[]],
            power: 0,
            len: 0,
        };
    };
    let end = (start..all)
        .rev()
        .find(|&position| digit_at(position) != b'0')
        .map_or(start + 1, |last| last + 1);
    let split = integer.len();
    let digits = [
        integer
            .as_bytes()
            .get(start..end.min(split))
            .unwrap_or_default(),
        fraction
            .as_bytes()
            .get(start.max(split) - split..end.saturating_sub(split))
            .unwrap_or_default(),
    ];
    Significant {
        negative,
        digits,
        power: first.saturating_sub(i64::try_from(start).unwrap_or(i64::MAX)),
        len: end - start,
    }
}

#[cfg(test)]
mod tests {
    use super::significant;

    #[test]
    fn every_spelling_of_a_value_is_one_number() {
        let same = |a: &str, b: &str| significant(a).canonical() == significant(b).canonical();
        for (a, b) in [
            ("1", "1.0"),
            ("1", "01"),
            ("1", "+1"),
            ("1", "10E-1"),
            ("1.5", "1.50"),
            ("150", "1.5e2"),
            ("0", "-0.000"),
            ("-12.03", "-1203E-2"),
        ] {
            assert!(same(a, b), "{a} = {b}");
        }
        for (a, b) in [("1", "-1"), ("1", "10"), ("1.5", "1.05"), ("0", "1E-130")] {
            assert!(!same(a, b), "{a} != {b}");
        }
    }

    #[test]
    fn digits_and_powers() {
        let number = significant("-0120.0340");
        assert!(number.negative);
        assert_eq!(number.power, 2);
        assert_eq!(number.len, 6);
        assert_eq!(number.lowest_power(), -3);
        assert_eq!(number.digits.concat(), b"120034");
    }
}
