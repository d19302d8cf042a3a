//! serde `Serializer` that builds `AttributeValue`s directly, guided by a [`Shape`].

use std::collections::HashMap;

use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::AttributeValue;
use serde::ser::{self, Impossible, Serialize};

use super::Shape;
use super::shape::AttributeShapes;
use crate::attribute_path::Segment;
use crate::error::EncodeError;

/// How deep DynamoDB lets documents nest: 32 levels, the item being the first.
const MAX_NESTING: usize = 32;

/// Encodes one value. `Ok(None)` means "no attribute": `None`, or an empty set.
pub(crate) struct AttributeSerializer {
    pub(crate) shape: Shape,
    /// How many levels hold this value: 0 for an item, 1 for a top-level attribute, 2 for
    /// an entry of a map attribute, ...
    pub(crate) nesting: usize,
}

impl AttributeSerializer {
    pub(crate) fn new(shape: Shape, nesting: usize) -> Self {
        AttributeSerializer { shape, nesting }
    }

    /// A list or map starts here: refused where DynamoDB would refuse it (the 32nd list or map
    /// inside an attribute, the item counting as the first level), which also bounds the
    /// recursion a self-referential value could drive.
    fn container(&self) -> Result<usize, EncodeError> {
        if self.nesting >= MAX_NESTING {
            return Err(EncodeError::new(format!(
                "a document nested deeper than the {MAX_NESTING} levels DynamoDB allows"
            )));
        }
        Ok(self.nesting + 1)
    }
}

type Encoded = Result<Option<AttributeValue>, EncodeError>;

#[inline]
fn number(text: String) -> Encoded {
    Ok(Some(AttributeValue::N(text)))
}

/// DynamoDB keeps 38 significant digits; only 128-bit integers can have more.
fn wide_integer(text: String) -> Encoded {
    if super::number::significant(&text).len > 38 {
        return Err(EncodeError::new(
            "a number with more than the 38 significant digits DynamoDB stores",
        ));
    }
    number(text)
}

/// The smallest magnitude of a number DynamoDB stores, other than zero.
const MIN_MAGNITUDE: f64 = 1e-130;
/// The magnitudes DynamoDB stores are below this one.
const MAX_MAGNITUDE: f64 = 1e126;

/// The shortest text that reads back as the same float. Very large and very small magnitudes use
/// an exponent: written out, they would exceed DynamoDB's 38 significant digits.
fn float<F: std::fmt::Display + std::fmt::LowerExp>(value: F, magnitude: f64) -> Encoded {
    if magnitude.is_nan() {
        Err(EncodeError::new("NaN: DynamoDB numbers are finite"))
    } else if magnitude.is_infinite() {
        Err(EncodeError::new(
            "an infinite number: DynamoDB numbers are finite",
        ))
    } else if magnitude != 0.0 && !(MIN_MAGNITUDE..MAX_MAGNITUDE).contains(&magnitude) {
        Err(EncodeError::new(
            "a number outside the magnitudes DynamoDB stores (1e-130 up to, not including, 1e126)",
        ))
    } else if magnitude == 0.0 || (1e-5..1e16).contains(&magnitude) {
        number(value.to_string())
    } else {
        number(format!("{value:e}"))
    }
}

/// A value inside a list or map: there, `None` is stored as NULL.
#[inline]
fn or_null(value: Option<AttributeValue>) -> AttributeValue {
    value.unwrap_or(AttributeValue::Null(true))
}

fn encode<T: Serialize + ?Sized>(value: &T, shape: Shape, nesting: usize) -> Encoded {
    value.serialize(AttributeSerializer { shape, nesting })
}

macro_rules! integers {
    ($($method:ident: $ty:ty => $encode:ident),* $(,)?) => {
        $(#[inline]
        fn $method(self, v: $ty) -> Encoded {
            $encode(v.to_string())
        })*
    };
}

impl ser::Serializer for AttributeSerializer {
    type Ok = Option<AttributeValue>;
    type Error = EncodeError;
    type SerializeSeq = SeqSerializer;
    type SerializeTuple = SeqSerializer;
    type SerializeTupleStruct = SeqSerializer;
    type SerializeTupleVariant = Variant<SeqSerializer>;
    type SerializeMap = MapSerializer;
    type SerializeStruct = MapSerializer;
    type SerializeStructVariant = Variant<MapSerializer>;

    #[inline]
    fn serialize_bool(self, v: bool) -> Encoded {
        Ok(Some(AttributeValue::Bool(v)))
    }
    integers!(
        serialize_i8: i8 => number, serialize_i16: i16 => number, serialize_i32: i32 => number,
        serialize_i64: i64 => number, serialize_i128: i128 => wide_integer,
        serialize_u8: u8 => number, serialize_u16: u16 => number, serialize_u32: u32 => number,
        serialize_u64: u64 => number, serialize_u128: u128 => wide_integer,
    );
    #[inline]
    fn serialize_f32(self, v: f32) -> Encoded {
        float(v, f64::from(v).abs())
    }
    #[inline]
    fn serialize_f64(self, v: f64) -> Encoded {
        float(v, v.abs())
    }
    #[inline]
    fn serialize_char(self, v: char) -> Encoded {
        Ok(Some(AttributeValue::S(v.to_string())))
    }
    #[inline]
    fn serialize_str(self, v: &str) -> Encoded {
        Ok(Some(AttributeValue::S(v.to_owned())))
    }
    #[inline]
    fn serialize_bytes(self, v: &[u8]) -> Encoded {
        Ok(Some(AttributeValue::B(Blob::new(v))))
    }
    #[inline]
    fn serialize_none(self) -> Encoded {
        Ok(None)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Encoded {
        value.serialize(self)
    }
    #[inline]
    fn serialize_unit(self) -> Encoded {
        Ok(Some(AttributeValue::Null(true)))
    }
    #[inline]
    fn serialize_unit_struct(self, _name: &'static str) -> Encoded {
        self.serialize_unit()
    }
    #[inline]
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Encoded {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Encoded {
        if name == super::NUMBER_TEXT {
            // A number written as its decimal text (an exact decimal): stored as N as it is.
            return match value.serialize(self)? {
                Some(AttributeValue::S(text)) => Ok(Some(AttributeValue::N(text))),
                _ => Err(EncodeError::new(
                    "a number written as text must be a string",
                )),
            };
        }
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Encoded {
        let nesting = self.container()?;
        let inner = encode(value, Shape::Plain, nesting)
            .map_err(|e| e.at(Segment::Name(variant.into())))?;
        let map = HashMap::from([(variant.to_owned(), or_null(inner))]);
        Ok(Some(AttributeValue::M(map)))
    }
    #[inline]
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqSerializer, EncodeError> {
        Ok(SeqSerializer {
            nesting: self.container()?,
            elements: Vec::with_capacity(len.unwrap_or(0)),
            shape: self.shape,
        })
    }
    #[inline]
    fn serialize_tuple(self, len: usize) -> Result<SeqSerializer, EncodeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<SeqSerializer, EncodeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Variant<SeqSerializer>, EncodeError> {
        let inner = AttributeSerializer {
            shape: Shape::Plain,
            nesting: self.container()?,
        }
        .serialize_seq(Some(len))?;
        Ok(Variant { variant, inner })
    }
    #[inline]
    fn serialize_map(self, len: Option<usize>) -> Result<MapSerializer, EncodeError> {
        Ok(MapSerializer::new(
            self.shape,
            self.container()?,
            len.unwrap_or(0),
            false,
        ))
    }
    #[inline]
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<MapSerializer, EncodeError> {
        Ok(MapSerializer::new(self.shape, self.container()?, len, true))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Variant<MapSerializer>, EncodeError> {
        let inner = AttributeSerializer {
            shape: Shape::Plain,
            nesting: self.container()?,
        }
        .serialize_struct(variant, len)?;
        Ok(Variant { variant, inner })
    }
}

/// A list (L), or a set (SS/NS/BS) when the shape says so.
pub(crate) struct SeqSerializer {
    elements: Vec<AttributeValue>,
    shape: Shape,
    /// The nesting of the elements.
    nesting: usize,
}

impl SeqSerializer {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        let index = self.elements.len();
        let element_shape = self.shape.element();
        let element =
            encode(value, element_shape, self.nesting).map_err(|e| e.at(Segment::Index(index)))?;
        self.elements.push(or_null(element));
        Ok(())
    }

    #[inline]
    fn finish(self) -> Encoded {
        match self.shape {
            Shape::Set => into_set(self.elements),
            _ => Ok(Some(AttributeValue::L(self.elements))),
        }
    }
}

/// Gathers encoded elements into one set; DynamoDB has no empty sets, so none is `None`.
fn into_set(elements: Vec<AttributeValue>) -> Encoded {
    let Some(first) = elements.first() else {
        return Ok(None);
    };
    let mismatch = |found: &AttributeValue| {
        EncodeError::new(format!(
            "a set: its members must all be strings, all numbers or all bytes, found {}",
            super::describe(found)
        ))
    };
    let set = match first {
        AttributeValue::S(_) => AttributeValue::Ss(
            elements
                .into_iter()
                .map(|e| match e {
                    AttributeValue::S(s) => Ok(s),
                    other => Err(mismatch(&other)),
                })
                .collect::<Result<_, _>>()?,
        ),
        AttributeValue::N(_) => AttributeValue::Ns(
            elements
                .into_iter()
                .map(|e| match e {
                    AttributeValue::N(n) => Ok(n),
                    other => Err(mismatch(&other)),
                })
                .collect::<Result<_, _>>()?,
        ),
        AttributeValue::B(_) => AttributeValue::Bs(
            elements
                .into_iter()
                .map(|e| match e {
                    AttributeValue::B(b) => Ok(b),
                    other => Err(mismatch(&other)),
                })
                .collect::<Result<_, _>>()?,
        ),
        other => return Err(mismatch(other)),
    };
    Ok(Some(set))
}

impl ser::SerializeSeq for SeqSerializer {
    type Ok = Option<AttributeValue>;
    type Error = EncodeError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        self.push(value)
    }
    #[inline]
    fn end(self) -> Encoded {
        self.finish()
    }
}

impl ser::SerializeTuple for SeqSerializer {
    type Ok = Option<AttributeValue>;
    type Error = EncodeError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        self.push(value)
    }
    #[inline]
    fn end(self) -> Encoded {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for SeqSerializer {
    type Ok = Option<AttributeValue>;
    type Error = EncodeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        self.push(value)
    }
    #[inline]
    fn end(self) -> Encoded {
        self.finish()
    }
}

/// A map (M): a struct's attributes (`None` omitted) or a map's entries (`None` stored as NULL).
pub(crate) struct MapSerializer {
    map: HashMap<String, AttributeValue>,
    attributes: AttributeShapes,
    /// The nesting of the attributes or entries.
    nesting: usize,
    is_struct: bool,
    key: Option<String>,
}

impl MapSerializer {
    #[inline]
    fn new(shape: Shape, nesting: usize, len: usize, is_struct: bool) -> Self {
        MapSerializer {
            map: HashMap::with_capacity(len),
            attributes: shape.attributes(),
            nesting,
            is_struct,
            key: None,
        }
    }

    /// `key` is owned only once the attribute is known to be stored (a struct field's name is
    /// a `&'static str`, a map key already a `String`).
    fn insert<K, T>(&mut self, key: K, value: &T) -> Result<(), EncodeError>
    where
        K: AsRef<str> + Into<String>,
        T: Serialize + ?Sized,
    {
        let shape = self.attributes.get(key.as_ref());
        match encode(value, shape, self.nesting) {
            Ok(Some(value)) => {
                self.map.insert(key.into(), value);
            }
            Ok(None) if self.is_struct => {}
            Ok(None) => {
                self.map.insert(key.into(), AttributeValue::Null(true));
            }
            Err(error) => return Err(error.at(Segment::Name(key.into().into()))),
        }
        Ok(())
    }
}

impl ser::SerializeMap for MapSerializer {
    type Ok = Option<AttributeValue>;
    type Error = EncodeError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), EncodeError> {
        self.key = Some(key.serialize(MapKeySerializer)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        match self.key.take() {
            Some(key) => self.insert(key, value),
            // serde's own impls never do this; a hand-written `Serialize` might.
            None => Err(EncodeError::new("a map value without its key")),
        }
    }
    #[inline]
    fn end(self) -> Encoded {
        Ok(Some(AttributeValue::M(self.map)))
    }
}

impl ser::SerializeStruct for MapSerializer {
    type Ok = Option<AttributeValue>;
    type Error = EncodeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), EncodeError> {
        self.insert(key, value)
    }
    #[inline]
    fn end(self) -> Encoded {
        Ok(Some(AttributeValue::M(self.map)))
    }
}

/// An enum variant with data: `{"Variant": data}` (serde's externally tagged form).
pub(crate) struct Variant<S> {
    variant: &'static str,
    inner: S,
}

impl<S> Variant<S> {
    fn wrap(variant: &'static str, inner: Encoded) -> Encoded {
        let inner = inner.map_err(|e| e.at(Segment::Name(variant.into())))?;
        let map = HashMap::from([(variant.to_owned(), or_null(inner))]);
        Ok(Some(AttributeValue::M(map)))
    }
}

impl ser::SerializeTupleVariant for Variant<SeqSerializer> {
    type Ok = Option<AttributeValue>;
    type Error = EncodeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        self.inner.push(value)
    }
    #[inline]
    fn end(self) -> Encoded {
        Self::wrap(self.variant, self.inner.finish())
    }
}

impl ser::SerializeStructVariant for Variant<MapSerializer> {
    type Ok = Option<AttributeValue>;
    type Error = EncodeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), EncodeError> {
        self.inner.insert(key, value)
    }
    #[inline]
    fn end(self) -> Encoded {
        Self::wrap(self.variant, Ok(Some(AttributeValue::M(self.inner.map))))
    }
}

/// Map keys: DynamoDB map keys are strings; integers and chars are written as their text.
struct MapKeySerializer;

fn key_error() -> EncodeError {
    EncodeError::new("a map key: DynamoDB map keys must be strings")
}

macro_rules! key_as_text {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, v: $ty) -> Result<String, EncodeError> { Ok(v.to_string()) })*
    };
}

macro_rules! key_rejected {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, _: $ty) -> Result<String, EncodeError> { Err(key_error()) })*
    };
}

impl ser::Serializer for MapKeySerializer {
    type Ok = String;
    type Error = EncodeError;
    type SerializeSeq = Impossible<String, EncodeError>;
    type SerializeTuple = Impossible<String, EncodeError>;
    type SerializeTupleStruct = Impossible<String, EncodeError>;
    type SerializeTupleVariant = Impossible<String, EncodeError>;
    type SerializeMap = Impossible<String, EncodeError>;
    type SerializeStruct = Impossible<String, EncodeError>;
    type SerializeStructVariant = Impossible<String, EncodeError>;

    key_as_text!(
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128, serialize_char: char, serialize_str: &str
    );
    key_rejected!(serialize_bool: bool, serialize_f32: f32, serialize_f64: f64, serialize_bytes: &[u8]);

    fn serialize_none(self) -> Result<String, EncodeError> {
        Err(key_error())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<String, EncodeError> {
        Err(key_error())
    }
    fn serialize_unit(self) -> Result<String, EncodeError> {
        Err(key_error())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String, EncodeError> {
        Err(key_error())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<String, EncodeError> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<String, EncodeError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, EncodeError> {
        Err(key_error())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, EncodeError> {
        Err(key_error())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, EncodeError> {
        Err(key_error())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, EncodeError> {
        Err(key_error())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, EncodeError> {
        Err(key_error())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, EncodeError> {
        Err(key_error())
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, EncodeError> {
        Err(key_error())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, EncodeError> {
        Err(key_error())
    }
}
