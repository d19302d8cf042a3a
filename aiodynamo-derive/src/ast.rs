//! The model a macro works from, as written: a struct's fields with their attribute names, a
//! unit enum's variants, and for a table its keys and indexes resolved to fields. Parsing only:
//! every rule is checked in [`crate::valid`]; malformed attributes are pushed to its accumulator.

use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{Data, DeriveInput, Fields, Ident, LitStr, Type, Visibility};

use crate::{attr, names, serde_attr};

/// `ty` without the invisible groups a type passed through `macro_rules!` (`$ty:ty`) is wrapped
/// in: every inspection of a type's spelling looks through them.
pub(crate) fn ungroup(mut ty: &Type) -> &Type {
    while let Type::Group(group) = ty {
        ty = &group.elem;
    }
    ty
}

/// Whether `ty` is spelled `Option<..>` (a type alias for one is not seen).
pub(crate) fn is_option(ty: &Type) -> bool {
    matches!(ungroup(ty), Type::Path(path) if path.qself.is_none()
        && path.path.segments.last().is_some_and(|segment| segment.ident == "Option"))
}

/// `T` of a type spelled `Option<T>`: a sparse index's key field, whose key condition takes `T`.
pub(crate) fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ungroup(ty) else {
        return None;
    };
    let segment = path.path.segments.last()?;
    if path.qself.is_some() || segment.ident != "Option" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(arguments) = &segment.arguments else {
        return None;
    };
    match arguments.args.first() {
        Some(syn::GenericArgument::Type(inner)) if arguments.args.len() == 1 => Some(inner),
        _ => None,
    }
}

/// An enum for `#[derive(KeyType)]`, as written.
pub(crate) struct UnitEnum {
    pub(crate) ident: Ident,
    pub(crate) generics: syn::Generics,
    /// Whether the input is an enum at all.
    pub(crate) is_enum: bool,
    /// Variants that carry data, with their fields' span.
    pub(crate) data_variants: Vec<(Ident, Span)>,
    /// `tag`, `content` or `untagged`: serde does not store it as its variant names.
    pub(crate) representation: Option<Span>,
    /// The integer of `#[repr(u8)]` (or another integer type), if any.
    pub(crate) int_repr: Option<Ident>,
    /// Variants with an explicit discriminant (`High = 2`), and those without.
    pub(crate) with_discriminant: Vec<Ident>,
    pub(crate) without_discriminant: Vec<Ident>,
}

/// The integer types `#[repr(..)]` accepts on an enum.
const INTEGER_REPRS: &[&str] = &[
    "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
];

/// The integer of an enum's `#[repr(..)]` attributes (`#[repr(C, u8)]` too).
fn int_repr(attrs: &[syn::Attribute]) -> Option<Ident> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("repr"))
        .filter_map(|attr| {
            attr.parse_args_with(
                syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
            )
            .ok()
        })
        .flatten()
        .find_map(|meta| match meta {
            syn::Meta::Path(path) => path
                .get_ident()
                .filter(|ident| INTEGER_REPRS.iter().any(|int| *ident == int))
                .cloned(),
            _ => None,
        })
}

impl UnitEnum {
    /// Stored as its number (N): an integer `#[repr(..)]` and explicit discriminants, as
    /// `serde_repr` stores it. Otherwise stored as its variant names (S).
    pub(crate) fn is_numeric(&self) -> bool {
        self.int_repr.is_some() && !self.with_discriminant.is_empty()
    }
}

impl UnitEnum {
    pub(crate) fn from_input(
        input: &DeriveInput,
        errors: &mut darling::error::Accumulator,
    ) -> UnitEnum {
        let container = errors
            .handle(serde_attr::container(&input.attrs).map_err(darling::Error::from))
            .unwrap_or_default();
        let data_variants = match &input.data {
            Data::Enum(data) => data
                .variants
                .iter()
                .filter(|variant| !matches!(variant.fields, Fields::Unit))
                .map(|variant| (variant.ident.clone(), variant.fields.span()))
                .collect(),
            _ => Vec::new(),
        };
        let (with_discriminant, without_discriminant) = match &input.data {
            Data::Enum(data) => data
                .variants
                .iter()
                .partition::<Vec<_>, _>(|variant| variant.discriminant.is_some()),
            _ => (Vec::new(), Vec::new()),
        };
        let names = |variants: Vec<&syn::Variant>| {
            variants
                .into_iter()
                .map(|variant| variant.ident.clone())
                .collect()
        };
        UnitEnum {
            ident: input.ident.clone(),
            generics: input.generics.clone(),
            is_enum: matches!(input.data, Data::Enum(_)),
            data_variants,
            representation: container.enum_representation,
            int_repr: int_repr(&input.attrs),
            with_discriminant: names(with_discriminant),
            without_discriminant: names(without_discriminant),
        }
    }
}

/// `ty` with `Self` spelled as the struct's name: generated code uses field types outside the
/// struct's own impls, where `Self` means something else or nothing.
pub(crate) fn without_self(ty: &Type, ident: &Ident) -> Type {
    struct ReplaceSelf<'a>(&'a Ident);
    impl VisitMut for ReplaceSelf<'_> {
        fn visit_type_mut(&mut self, ty: &mut Type) {
            // A group (from `macro_rules!`) is transparent: look at what it holds.
            // A trait object keeps its bounds apart in parentheses (`&(dyn A + Send)`).
            if let Type::Group(group) = ty {
                let inner = std::mem::replace(&mut *group.elem, Type::Verbatim(Default::default()));
                *ty = match inner {
                    Type::TraitObject(_) | Type::ImplTrait(_) => Type::Paren(syn::TypeParen {
                        paren_token: Default::default(),
                        elem: Box::new(inner),
                    }),
                    inner => inner,
                };
            }
            visit_mut::visit_type_mut(self, ty);
        }
        fn visit_path_mut(&mut self, path: &mut syn::Path) {
            if let Some(first) = path.segments.first_mut()
                && first.ident == "Self"
            {
                let mut ident = self.0.clone();
                ident.set_span(first.ident.span());
                first.ident = ident;
            }
            visit_mut::visit_path_mut(self, path);
        }
    }
    let mut ty = ty.clone();
    ReplaceSelf(ident).visit_type_mut(&mut ty);
    ty
}

/// A struct with named fields: a document or a table.
pub(crate) struct Model {
    pub(crate) ident: Ident,
    pub(crate) vis: Visibility,
    pub(crate) generics: syn::Generics,
    /// serde's `rename_all` as written (an unknown rule leaves the Rust names).
    pub(crate) rename_all: Option<LitStr>,
    pub(crate) fields: Vec<Field>,
}

/// One field and the attribute it is stored as.
pub(crate) struct Field {
    pub(crate) ident: Ident,
    pub(crate) ty: Type,
    /// The attribute name, after serde's `rename`/`rename_all`.
    pub(crate) name: String,
    /// Not stored (`#[serde(skip)]`): no path reaches it.
    pub(crate) skip: bool,
    /// `#[serde(flatten)]` on the field.
    pub(crate) flatten: Option<Span>,
    /// `#[hash_key]` on the field.
    pub(crate) hash_marker: Option<Span>,
    /// `#[range_key]` on the field.
    pub(crate) range_marker: Option<Span>,
    /// `#[version]` on the field.
    pub(crate) version_marker: Option<Span>,
    /// `#[ttl]` on the field.
    pub(crate) ttl_marker: Option<Span>,
    /// The field's own serde functions, where it has them.
    pub(crate) serialize_with: Option<syn::ExprPath>,
    pub(crate) deserialize_with: Option<syn::ExprPath>,
}

/// A table: name, keys and indexes, each key a field index into [`Model::fields`].
pub(crate) struct Table {
    pub(crate) name: LitStr,
    pub(crate) hash_key: usize,
    pub(crate) range_key: Option<usize>,
    pub(crate) global_indexes: Vec<Index>,
    pub(crate) local_indexes: Vec<Index>,
    /// The `#[version]` field.
    pub(crate) version: Option<usize>,
    /// The `#[ttl]` field.
    pub(crate) ttl: Option<usize>,
}

impl Table {
    /// The key fields: the hash key, then the range key if any.
    pub(crate) fn keys(&self) -> Vec<usize> {
        std::iter::once(self.hash_key)
            .chain(self.range_key)
            .collect()
    }
}

/// A secondary index; a local one has no hash key of its own.
pub(crate) struct Index {
    pub(crate) name: LitStr,
    pub(crate) hash_key: Option<usize>,
    pub(crate) range_key: Option<usize>,
    pub(crate) projection: Projection,
}

pub(crate) enum Projection {
    All,
    KeysOnly,
    Include(Vec<LitStr>),
}

impl Model {
    /// Reads a struct's fields and their serde names; `None` for anything but a struct with named
    /// fields. Malformed serde attributes are pushed to `errors`.
    pub(crate) fn from_input(
        input: &DeriveInput,
        errors: &mut darling::error::Accumulator,
    ) -> Option<Model> {
        let Data::Struct(data) = &input.data else {
            return None;
        };
        let Fields::Named(named) = &data.fields else {
            return None;
        };
        let container = errors
            .handle(serde_attr::container(&input.attrs).map_err(darling::Error::from))
            .unwrap_or_default();
        let rule = container.rename_all.as_ref().map(LitStr::value);
        let mut fields = Vec::new();
        for field in &named.named {
            let Some(ident) = field.ident.clone() else {
                continue;
            };
            let serde = errors
                .handle(serde_attr::field(&field.attrs).map_err(darling::Error::from))
                .unwrap_or_default();
            for name in ["hash_key", "range_key", "version", "ttl"] {
                let markers = field.attrs.iter().filter(|attr| attr.path().is_ident(name));
                for (position, marker) in markers.enumerate() {
                    if position > 0 {
                        errors.push(
                            darling::Error::custom(format!(
                                "`#[{name}]` is repeated: a field carries each marker once"
                            ))
                            .with_span(&marker.meta),
                        );
                    } else if !matches!(marker.meta, syn::Meta::Path(_)) {
                        errors.push(
                            darling::Error::custom(format!("`#[{name}]` takes no arguments"))
                                .with_span(&marker.meta),
                        );
                    }
                }
            }
            let rust_name = ident.unraw().to_string();
            let name = match (&serde.rename, &rule) {
                (Some(rename), _) => rename.value(),
                (None, Some(rule)) => names::rename_all(rule, &rust_name).unwrap_or(rust_name),
                (None, None) => rust_name,
            };
            fields.push(Field {
                ident,
                ty: without_self(&field.ty, &input.ident),
                name,
                skip: serde.skip,
                flatten: serde.flatten,
                hash_marker: attr::marker(&field.attrs, "hash_key").map(|a| a.meta.span()),
                range_marker: attr::marker(&field.attrs, "range_key").map(|a| a.meta.span()),
                version_marker: attr::marker(&field.attrs, "version").map(|a| a.meta.span()),
                ttl_marker: attr::marker(&field.attrs, "ttl").map(|a| a.meta.span()),
                serialize_with: serde.serialize_with,
                deserialize_with: serde.deserialize_with,
            });
        }
        Some(Model {
            ident: input.ident.clone(),
            vis: input.vis.clone(),
            generics: input.generics.clone(),
            rename_all: container.rename_all,
            fields,
        })
    }

    /// The fields stored as attributes, with their positions.
    pub(crate) fn stored(&self) -> impl Iterator<Item = (usize, &Field)> {
        self.fields
            .iter()
            .enumerate()
            .filter(|(_, field)| !field.skip)
    }
}
