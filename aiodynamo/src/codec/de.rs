//! serde `Deserializer` that reads `AttributeValue`s directly, moving strings out of them.

use std::collections::{HashMap, hash_map};
use std::str::FromStr;

use aws_sdk_dynamodb::types::AttributeValue;
use serde::de::value::StrDeserializer;
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use super::shape::AttributeShapes;
use super::{Shape, describe};
use crate::attribute_path::Segment;
use crate::error::DecodeError;

/// Decodes one attribute; `value: None` is an absent attribute.
pub(crate) struct AttributeDeserializer {
    pub(crate) value: Option<AttributeValue>,
    pub(crate) shape: Shape,
}

type Decoded<T> = Result<T, DecodeError>;

impl AttributeDeserializer {
    #[inline]
    fn present(self, expected: &str) -> Decoded<AttributeValue> {
        self.value
            .ok_or_else(|| DecodeError::mismatch(expected, "no attribute"))
    }

    fn number<T: FromStr>(self, type_name: &str) -> Decoded<T> {
        match self.present("number (N)")? {
            AttributeValue::N(text) => text
                .parse()
                .map_err(|_| DecodeError::new(format!("a number that does not fit {type_name}"))),
            other => Err(DecodeError::mismatch("number (N)", describe(&other))),
        }
    }
}

/// `deserialize_<number>` methods that parse with `self.$parse::<T>(type name)`.
macro_rules! numbers {
    ($parse:ident: $($method:ident => $visit:ident: $ty:ident),* $(,)?) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Decoded<V::Value> {
            visitor.$visit(self.$parse::<$ty>(stringify!($ty))?)
        })*
    };
}

impl<'de> de::Deserializer<'de> for AttributeDeserializer {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Decoded<V::Value> {
        let shape = self.shape;
        match self.present("an attribute")? {
            AttributeValue::S(s) => visitor.visit_string(s),
            AttributeValue::N(n) => visit_number(n, visitor),
            AttributeValue::Bool(b) => visitor.visit_bool(b),
            AttributeValue::Null(_) => visitor.visit_unit(),
            AttributeValue::B(b) => visitor.visit_byte_buf(b.into_inner()),
            AttributeValue::L(list) => visit_list(list, shape, visitor),
            AttributeValue::M(map) => visitor.visit_map(MapReader::new(map, shape)),
            AttributeValue::Ss(set) => visit_set(set, AttributeValue::S, visitor),
            AttributeValue::Ns(set) => visit_set(set, AttributeValue::N, visitor),
            AttributeValue::Bs(set) => visit_set(set, AttributeValue::B, visitor),
            other => Err(DecodeError::new(format!(
                "unsupported attribute {}",
                describe(&other)
            ))),
        }
    }

    numbers!(number:
        deserialize_i8 => visit_i8: i8, deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32, deserialize_i64 => visit_i64: i64,
        deserialize_i128 => visit_i128: i128, deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16, deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64, deserialize_u128 => visit_u128: u128,
        deserialize_f32 => visit_f32: f32, deserialize_f64 => visit_f64: f64,
    );

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Decoded<V::Value> {
        match self.present("boolean (BOOL)")? {
            AttributeValue::Bool(b) => visitor.visit_bool(b),
            other => Err(DecodeError::mismatch("boolean (BOOL)", describe(&other))),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Decoded<V::Value> {
        self.deserialize_string(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Decoded<V::Value> {
        self.deserialize_string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Decoded<V::Value> {
        match self.present("string (S)")? {
            AttributeValue::S(s) => visitor.visit_string(s),
            other => Err(DecodeError::mismatch("string (S)", describe(&other))),
        }
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Decoded<V::Value> {
        self.deserialize_byte_buf(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Decoded<V::Value> {
        match self.present("binary (B)")? {
            AttributeValue::B(b) => visitor.visit_byte_buf(b.into_inner()),
            other => Err(DecodeError::mismatch("binary (B)", describe(&other))),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Decoded<V::Value> {
        match self.value {
            None | Some(AttributeValue::Null(_)) => visitor.visit_none(),
            Some(_) => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Decoded<V::Value> {
        match self.present("null (NULL)")? {
            AttributeValue::Null(_) => visitor.visit_unit(),
            other => Err(DecodeError::mismatch("null (NULL)", describe(&other))),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Decoded<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Decoded<V::Value> {
        if name == super::NUMBER_TEXT {
            // An exact decimal reads the number's text as stored.
            return match self.present("number (N)")? {
                AttributeValue::N(text) => visitor.visit_string(text),
                other => Err(DecodeError::mismatch("number (N)", describe(&other))),
            };
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Decoded<V::Value> {
        let shape = self.shape;
        let value = match (self.value, shape) {
            // DynamoDB has no empty set: an absent set attribute is an empty set, and so is the
            // NULL an empty set inside a list or map is written as.
            (None | Some(AttributeValue::Null(_)), Shape::Set) => {
                return visitor.visit_seq(ListReader::new(Vec::new().into_iter(), shape));
            }
            (value, _) => AttributeDeserializer { value, shape }.present("list (L) or set")?,
        };
        match value {
            AttributeValue::L(list) => visit_list(list, shape, visitor),
            AttributeValue::Ss(set) => visit_set(set, AttributeValue::S, visitor),
            AttributeValue::Ns(set) => visit_set(set, AttributeValue::N, visitor),
            AttributeValue::Bs(set) => visit_set(set, AttributeValue::B, visitor),
            other => Err(DecodeError::mismatch(
                if matches!(shape, Shape::Set) {
                    "set (SS, NS or BS)"
                } else {
                    "list (L)"
                },
                describe(&other),
            )),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Decoded<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Decoded<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Decoded<V::Value> {
        let shape = self.shape;
        match self.present("map (M)")? {
            AttributeValue::M(map) => visitor.visit_map(MapReader::new(map, shape)),
            other => Err(DecodeError::mismatch("map (M)", describe(&other))),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Decoded<V::Value> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Decoded<V::Value> {
        match self.present("string (S) or map (M)")? {
            AttributeValue::S(variant) => visitor.visit_enum(variant.into_deserializer()),
            AttributeValue::M(map) if map.len() == 1 => {
                let (variant, value) = map.into_iter().next().expect("one entry");
                visitor.visit_enum(EnumReader { variant, value })
            }
            other => Err(DecodeError::mismatch(
                "an enum: string (S) or map (M) of one entry",
                describe(&other),
            )),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Decoded<V::Value> {
        self.deserialize_string(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Decoded<V::Value> {
        visitor.visit_unit()
    }
}

fn visit_number<'de, V: Visitor<'de>>(text: String, visitor: V) -> Decoded<V::Value> {
    let integer = !text.contains(['.', 'e', 'E']);
    if integer {
        if let Ok(n) = text.parse::<u64>() {
            return visitor.visit_u64(n);
        }
        if let Ok(n) = text.parse::<i64>() {
            return visitor.visit_i64(n);
        }
        if let Ok(n) = text.parse::<u128>() {
            return visitor.visit_u128(n);
        }
        if let Ok(n) = text.parse::<i128>() {
            return visitor.visit_i128(n);
        }
    }
    match text.parse::<f64>() {
        Ok(n) => visitor.visit_f64(n),
        Err(_) => Err(DecodeError::new("a malformed number")),
    }
}

fn visit_list<'de, V: Visitor<'de>>(
    list: Vec<AttributeValue>,
    shape: Shape,
    visitor: V,
) -> Decoded<V::Value> {
    visitor.visit_seq(ListReader::new(list.into_iter(), shape.element()))
}

fn visit_set<'de, T, V: Visitor<'de>>(
    set: Vec<T>,
    wrap: fn(T) -> AttributeValue,
    visitor: V,
) -> Decoded<V::Value> {
    visitor.visit_seq(ListReader::new(set.into_iter().map(wrap), Shape::Plain))
}

struct ListReader<I> {
    elements: I,
    index: usize,
    shape: Shape,
}

impl<I> ListReader<I> {
    fn new(elements: I, shape: Shape) -> Self {
        ListReader {
            elements,
            index: 0,
            shape,
        }
    }
}

impl<'de, I: ExactSizeIterator<Item = AttributeValue>> de::SeqAccess<'de> for ListReader<I> {
    type Error = DecodeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Decoded<Option<T::Value>> {
        let Some(value) = self.elements.next() else {
            return Ok(None);
        };
        let index = self.index;
        self.index += 1;
        let element = AttributeDeserializer {
            value: Some(value),
            shape: self.shape,
        };
        seed.deserialize(element)
            .map(Some)
            .map_err(|e| e.at(Segment::Index(index)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.elements.len())
    }
}

/// A map or struct. Attributes the item lacks but that read something when absent (sets, `Option`
/// fields with their own serde functions) are visited as absent.
struct MapReader {
    entries: hash_map::IntoIter<String, AttributeValue>,
    absent: std::vec::IntoIter<&'static str>,
    attributes: AttributeShapes,
    key: String,
    value: Option<AttributeValue>,
}

impl MapReader {
    #[inline]
    fn new(map: HashMap<String, AttributeValue>, shape: Shape) -> Self {
        let attributes = shape.attributes();
        let absent: Vec<_> = attributes
            .read_when_absent()
            .filter(|name| !map.contains_key(*name))
            .collect();
        MapReader {
            entries: map.into_iter(),
            absent: absent.into_iter(),
            attributes,
            key: String::new(),
            value: None,
        }
    }
}

impl<'de> de::MapAccess<'de> for MapReader {
    type Error = DecodeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Decoded<Option<K::Value>> {
        if let Some((key, value)) = self.entries.next() {
            self.key = key;
            self.value = Some(value);
        } else if let Some(name) = self.absent.next() {
            name.clone_into(&mut self.key);
            self.value = None;
        } else {
            return Ok(None);
        }
        seed.deserialize(MapKey(&self.key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Decoded<V::Value> {
        let value = AttributeDeserializer {
            value: self.value.take(),
            shape: self.attributes.get(&self.key),
        };
        seed.deserialize(value)
            .map_err(|e| e.at(Segment::Name(std::mem::take(&mut self.key).into())))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len() + self.absent.len())
    }
}

/// A map key or attribute name: a string, which an integer-keyed map (written as the integers'
/// text) parses back.
struct MapKey<'a>(&'a str);

impl MapKey<'_> {
    fn text(&self) -> StrDeserializer<'_, DecodeError> {
        self.0.into_deserializer()
    }

    fn integer<T: FromStr>(&self, type_name: &str) -> Decoded<T> {
        self.0
            .parse()
            .map_err(|_| DecodeError::new(format!("a map key that is not a {type_name}")))
    }
}

impl<'de> de::Deserializer<'de> for MapKey<'_> {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Decoded<V::Value> {
        self.text().deserialize_any(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Decoded<V::Value> {
        self.text().deserialize_enum(name, variants, visitor)
    }

    /// A newtype key (`struct UserId(u64)`) was written as its inner value.
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Decoded<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    numbers!(integer:
        deserialize_i8 => visit_i8: i8, deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32, deserialize_i64 => visit_i64: i64,
        deserialize_i128 => visit_i128: i128, deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16, deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64, deserialize_u128 => visit_u128: u128,
    );

    serde::forward_to_deserialize_any! {
        bool f32 f64 char str string bytes byte_buf option unit unit_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

struct EnumReader {
    variant: String,
    value: AttributeValue,
}

impl<'de> de::EnumAccess<'de> for EnumReader {
    type Error = DecodeError;
    type Variant = AttributeDeserializer;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Decoded<(V::Value, AttributeDeserializer)> {
        let variant = seed.deserialize(self.variant.into_deserializer())?;
        Ok((
            variant,
            AttributeDeserializer {
                value: Some(self.value),
                shape: Shape::Plain,
            },
        ))
    }
}

impl<'de> de::VariantAccess<'de> for AttributeDeserializer {
    type Error = DecodeError;

    fn unit_variant(self) -> Decoded<()> {
        Ok(())
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Decoded<T::Value> {
        seed.deserialize(self)
    }
    fn tuple_variant<V: Visitor<'de>>(self, _: usize, visitor: V) -> Decoded<V::Value> {
        de::Deserializer::deserialize_seq(self, visitor)
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        visitor: V,
    ) -> Decoded<V::Value> {
        de::Deserializer::deserialize_map(self, visitor)
    }
}
