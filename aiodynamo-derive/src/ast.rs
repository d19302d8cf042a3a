//! The model a macro works from: a struct's fields with their attribute names, and for a table
//! its keys and indexes, resolved to fields.

use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{Data, DeriveInput, Fields, Ident, LitStr, Type, Visibility};

use crate::{attr, names, serde_attr};

/// An enum whose variants carry no data: stored as its serde variant name, so it can be a key.
pub(crate) struct UnitEnum {
    pub(crate) ident: Ident,
    pub(crate) generics: syn::Generics,
}

impl UnitEnum {
    /// Reads an enum, refusing a struct and every variant that carries data.
    pub(crate) fn from_input(input: &DeriveInput) -> darling::Result<UnitEnum> {
        let Data::Enum(data) = &input.data else {
            return Err(darling::Error::custom(
                "`#[derive(KeyType)]` is for enums whose variants carry no data; for another type, implement `aiodynamo::KeyType` by hand",
            )
            .with_span(&input.ident));
        };
        let mut errors = darling::Error::accumulator();
        let container = errors
            .handle(serde_attr::container(&input.attrs).map_err(darling::Error::from))
            .unwrap_or_default();
        if let Some(span) = container.enum_representation {
            errors.push(
                darling::Error::custom(
                    "a key enum is stored as its variant names: with `tag`, `content` or `untagged`, serde stores it otherwise",
                )
                .with_span(&span),
            );
        }
        for variant in &data.variants {
            if !matches!(variant.fields, Fields::Unit) {
                errors.push(
                    darling::Error::custom(format!(
                        "variant `{}` carries data: a key is one string, so every variant of a key enum must be a unit variant",
                        variant.ident
                    ))
                    .with_span(&variant.fields),
                );
            }
        }
        errors.finish_with(UnitEnum {
            ident: input.ident.clone(),
            generics: input.generics.clone(),
        })
    }
}

/// `ty` with `Self` spelled as the struct's name: generated code uses field types outside the
/// struct's own impls, where `Self` means something else or nothing.
fn without_self(ty: &Type, ident: &Ident) -> Type {
    struct ReplaceSelf<'a>(&'a Ident);
    impl VisitMut for ReplaceSelf<'_> {
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
    /// `#[hash_key]` on the field.
    pub(crate) hash_marker: Option<Span>,
    /// `#[range_key]` on the field.
    pub(crate) range_marker: Option<Span>,
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
    /// Reads a struct's fields and their serde names.
    pub(crate) fn from_input(input: &DeriveInput) -> darling::Result<Model> {
        if !input.generics.params.is_empty() {
            return Err(darling::Error::custom("aiodynamo models cannot be generic")
                .with_span(&input.generics));
        }
        let named = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => named,
                _ => return Err(not_named(input)),
            },
            _ => return Err(not_named(input)),
        };
        let mut errors = darling::Error::accumulator();
        let container = errors
            .handle(serde_attr::container(&input.attrs).map_err(darling::Error::from))
            .unwrap_or_default();
        let rule = container
            .rename_all
            .as_ref()
            .map(|rule| (rule.value(), rule.span()));
        if let Some((rule, span)) = &rule
            && names::rename_all(rule, "x").is_none()
        {
            errors.push(
                darling::Error::custom(format!("unknown serde rename_all rule `{rule}`"))
                    .with_span(span),
            );
        }
        let mut fields = Vec::new();
        for field in &named.named {
            let Some(ident) = field.ident.clone() else {
                continue;
            };
            let Some(serde) =
                errors.handle(serde_attr::field(&field.attrs).map_err(darling::Error::from))
            else {
                continue;
            };
            if let Some(span) = serde.flatten {
                errors.push(
                    darling::Error::custom(
                        "aiodynamo does not support `#[serde(flatten)]`: typed paths could not see the flattened attributes; use a `Document` field instead",
                    )
                    .with_span(&span),
                );
            }
            let rust_name = ident.unraw().to_string();
            let name = match (&serde.rename, &rule) {
                (Some(rename), _) => rename.value(),
                (None, Some((rule, _))) => names::rename_all(rule, &rust_name).unwrap_or(rust_name),
                (None, None) => rust_name,
            };
            fields.push(Field {
                ident,
                ty: without_self(&field.ty, &input.ident),
                name,
                skip: serde.skip,
                hash_marker: attr::marker(&field.attrs, "hash_key").map(|a| a.meta.span()),
                range_marker: attr::marker(&field.attrs, "range_key").map(|a| a.meta.span()),
                serialize_with: serde.serialize_with,
                deserialize_with: serde.deserialize_with,
            });
        }
        for (position, field) in fields.iter().enumerate() {
            if field.skip {
                continue;
            }
            if fields[..position]
                .iter()
                .any(|other| !other.skip && other.name == field.name)
            {
                errors.push(
                    darling::Error::custom(format!(
                        "two fields are stored as the attribute `{}`",
                        field.name
                    ))
                    .with_span(&field.ident),
                );
            }
        }
        errors.finish_with(Model {
            ident: input.ident.clone(),
            vis: input.vis.clone(),
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

fn not_named(input: &DeriveInput) -> darling::Error {
    darling::Error::custom("aiodynamo models and documents are structs with named fields")
        .with_span(&input.ident)
}
