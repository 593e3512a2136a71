//! Numbers as the source wrote them: `82.0` keeps its `.0`, `45` gets none.
//!
//! A report states 73.0% and 45% side by side; printing them with one shared precision
//! (`45.0%`) or as parsed floats (`73%`) would publish figures no document gave. YAML
//! parsers hand over only the float, so numbers are read from the scalar's text.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::{Deserialize, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    pub value: f64,
    /// Digits written after the decimal point.
    pub decimals: u8,
}

impl Number {
    /// Reads `74.2`, `-5`, `82.0`, and the same typed in full width (`７４．２`,
    /// `－５`), as a Japanese keyboard writes them; refuses anything else, such
    /// as `1,080`, `4割` or `1e3`.
    pub fn parse(text: &str) -> Option<Number> {
        let text = half_width(text);
        let (text, unsigned) = match text.strip_prefix('+') {
            Some(positive) => (positive, positive),
            None => (&*text, text.strip_prefix('-').unwrap_or(&text)),
        };
        let (whole, fraction) = match unsigned.split_once('.') {
            Some((whole, fraction)) if !fraction.is_empty() => (whole, fraction),
            Some(_) => return None,
            None => (unsigned, ""),
        };
        let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(fraction) {
            return None;
        }
        Some(Number {
            value: text.parse().ok()?,
            decimals: u8::try_from(fraction.len()).ok()?,
        })
    }
}

/// Full-width letters, digits, signs and points (`７４．２`, `ｋｍ`, `％`) as
/// their ASCII forms; anything else as it is. An input method in Japanese mode
/// types `７４．２` for 74.2, and staff see no difference: taking it as text
/// would silently drop the achievement rate, the grade check and the
/// open-data value.
fn half_width(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                // The minus sign an input method offers beside the full-width hyphen-minus.
                '−' => '-',
                other => other,
            })
            .collect(),
    )
}

/// A computed value, shown with the digits of its shortest exact form.
impl From<f64> for Number {
    fn from(value: f64) -> Number {
        let text = value.to_string();
        let decimals = text.split_once('.').map_or(0, |(_, f)| f.len());
        Number {
            value,
            decimals: u8::try_from(decimals).unwrap_or(u8::MAX),
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.*}", usize::from(self.decimals), self.value)
    }
}

/// Whether two units are the same as a reader sees them: full-width `％` and
/// `ｋｍ` are `%` and `km`, as Japanese input methods write either.
pub fn same_unit(a: &str, b: &str) -> bool {
    half_width(a.trim()) == half_width(b.trim())
}

/// Whether serde's name for what it expected is a number type (`u32`, `f64`,
/// `a number`).
pub(crate) fn is_numeric_type(expected: &str) -> bool {
    let expected = expected.trim();
    matches!(
        expected,
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "f32" | "f64"
    ) || expected == "a number"
}

/// A YAML scalar as a number, or `None` for text; the visitor behind [`Number`] and
/// [`super::model::Measure`].
pub(crate) struct ScalarVisitor;

impl Visitor<'_> for ScalarVisitor {
    type Value = Result<Number, String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number or text")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Number::parse(text).ok_or_else(|| text.to_owned()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        Ok(Ok(Number::from(value)))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Ok(Number::from(value as f64)))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(Ok(Number::from(value as f64)))
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_str(ScalarVisitor)?
            .map_err(|text| de::Error::invalid_value(Unexpected::Str(&text), &"a number"))
    }
}

/// Written back as a number: `50` for a whole number written without a point, else a float
/// (`82.0` keeps its one decimal; a second trailing zero, as in `45.10`, is lost).
impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        const EXACT_INTEGERS: f64 = 9_007_199_254_740_992.0;
        if self.decimals == 0 && self.value.fract() == 0.0 && self.value.abs() < EXACT_INTEGERS {
            serializer.serialize_i64(self.value as i64)
        } else {
            serializer.serialize_f64(self.value)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_written_digits() {
        assert_eq!(Number::parse("82.0").unwrap().decimals, 1);
        assert_eq!(Number::parse("45").unwrap().decimals, 0);
        assert_eq!(Number::parse("-5.25").unwrap().value, -5.25);
        assert_eq!(Number::parse("73.0").unwrap().to_string(), "73.0");
    }

    #[test]
    fn full_width_units_are_the_same_units() {
        assert!(same_unit("％", "%"));
        assert!(same_unit("ｋｍ", "km"));
        assert!(same_unit("件", "件"));
        assert!(!same_unit("件", "%"));
    }

    #[test]
    fn reads_full_width_digits_signs_and_points() {
        assert_eq!(Number::parse("７４．２"), Number::parse("74.2"));
        assert_eq!(Number::parse("－５").unwrap().value, -5.0);
        assert_eq!(Number::parse("−０．５").unwrap().value, -0.5);
        assert_eq!(Number::parse("８２．０").unwrap().decimals, 1);
        assert_eq!(Number::parse("＋３").unwrap().value, 3.0);
        assert_eq!(Number::parse("7４.２").unwrap().value, 74.2);
    }

    #[test]
    fn refuses_what_is_not_a_plain_number() {
        for text in [
            "1,080",
            "4割",
            "1e3",
            "",
            "-",
            ".5",
            "5.",
            "実施",
            ".inf",
            "NaN",
            "１，０８０",
            "+-5",
            "++5",
            "７４．２％",
        ] {
            assert_eq!(Number::parse(text), None, "{text}");
        }
    }
}
