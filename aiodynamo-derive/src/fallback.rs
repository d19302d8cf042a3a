//! What a macro emits when a check failed, beside the errors (thiserror's `fallback.rs` does the
//! same): every item the user's code may name (`…Fields` with its paths, `…Key`, `key(..)`, the
//! `Model`, `Document` and `HasShape` impls, the table's type with `partition(..)`, and each
//! index whose keys and name resolved), so one mistake gives one error and not another at every
//! `attr!(User, name)`, `User::key(..)` or `User::partition(..)`.
//!
//! What parsed is generated as real code: the paths when the fields are known, the key when
//! every key part names a field. Only the rest is stubbed; a stub body is `unreachable!()`,
//! which never runs: it is emitted with a `compile_error!`, so the crate never builds.

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use crate::ast::{Field, Model, UnitEnum};
use crate::expand;
use crate::valid::TableFailure;

/// `#[table]` failed: the errors, and the table's items from what parsed.
pub(crate) fn table(input: &DeriveInput, failure: TableFailure) -> TokenStream {
    let TableFailure {
        errors,
        model,
        keys,
        resolved: parts,
    } = failure;
    let errors = errors.write_errors();
    // A generic struct cannot take these impls as written: its one error is enough.
    if !input.generics.params.is_empty() {
        return errors;
    }
    let ident = &input.ident;
    let vis = &input.vis;
    let resolved: Vec<usize> = keys.iter().flatten().copied().collect();
    // The first `#[version]` field that can be one: `if_version` and the managed path stay as
    // they would be, whatever else failed.
    let version = model.as_ref().and_then(|model| {
        model.stored().find_map(|(position, field)| {
            (field.version_marker.is_some() && !resolved.contains(&position)).then_some(position)
        })
    });
    let document = match &model {
        Some(model) => expand::document_code(model, &resolved, version, true),
        None => stub_document(input, true),
    };
    let versioned = model
        .as_ref()
        .zip(version)
        .map(|(model, position)| expand::versioned_code(model, position));
    // A schema that is never used: the crate does not build.
    let schema = quote! {
        ::aiodynamo::__private::table_schema(
            "",
            ::aiodynamo::__private::key_schema("", ::aiodynamo::ScalarType::S),
            ::core::option::Option::None,
            &[],
            &[],
            ::core::option::Option::None,
            ::core::option::Option::None,
        )
    };
    let key = match &model {
        Some(model) if keys.iter().all(Option::is_some) => {
            let fields: Vec<&Field> = resolved
                .iter()
                .map(|&position| &model.fields[position])
                .collect();
            expand::key_code(model, &fields, schema)
        }
        _ => {
            // Every part that names a field is a field of the key; `key(..)` takes one argument
            // per part, of any type where the part names no field.
            let fields: Vec<&Field> = model.as_ref().map_or_else(Vec::new, |model| {
                resolved
                    .iter()
                    .map(|&position| &model.fields[position])
                    .collect()
            });
            let key_struct = expand::key_struct(ident, vis, &fields);
            let key_ident = expand::key_ident(ident);
            let table_marker = expand::table_marker(ident);
            let parameters = keys.iter().map(|part| match (part, &model) {
                (Some(position), Some(model)) => {
                    let ty = &model.fields[*position].ty;
                    quote!(_: impl ::aiodynamo::__private::IntoValue<#ty>)
                }
                _ => quote!(_: impl ::core::marker::Sized),
            });
            quote! {
                #key_struct

                impl #ident {
                    #[allow(missing_docs)]
                    pub fn key(#(#parameters),*) -> #key_ident {
                        ::core::unreachable!()
                    }
                }

                const _: () = {
                    #[automatically_derived]
                    impl ::aiodynamo::ModelKey for #key_ident {
                        type Model = #ident;
                        fn to_item(&self) -> ::core::result::Result<::aiodynamo::RawItem, ::aiodynamo::EncodeError> {
                            ::core::unreachable!()
                        }
                    }

                    #[automatically_derived]
                    impl ::aiodynamo::Model for #ident {
                        type Key = #key_ident;
                        type Table = #table_marker;
                        const SCHEMA: ::aiodynamo::TableSchema = #schema;
                        fn key(&self) -> #key_ident {
                            ::core::unreachable!()
                        }
                    }
                };
            }
        }
    };
    // The table and index types, `partition` and the index consts, as far as they resolved.
    let query = match &model {
        Some(model) => expand::query_code(
            model,
            parts.name.as_ref(),
            &keys,
            &parts.global_indexes,
            &parts.local_indexes,
        ),
        None => {
            let table_marker = expand::table_marker(ident);
            let keyless = expand::keyless_index_members();
            quote! {
                #[allow(missing_docs)]
                #vis enum #table_marker {}

                #[automatically_derived]
                impl ::aiodynamo::Index for #table_marker {
                    type Model = #ident;
                    type Item = #ident;
                    const NAME: ::core::option::Option<&'static str> = ::core::option::Option::None;
                    #keyless
                }

                #[automatically_derived]
                impl ::aiodynamo::ConsistentRead for #table_marker {}

                impl #ident {
                    #[allow(missing_docs)]
                    pub fn partition(_: impl ::core::marker::Sized) -> ::aiodynamo::KeyCondition<#table_marker> {
                        ::core::unreachable!()
                    }
                }
            }
        }
    };
    quote! {
        #errors
        #document
        #key
        #query
        #versioned
    }
}

/// `#[derive(Document)]` failed: the errors, and the document's items from what parsed.
pub(crate) fn document(
    input: &DeriveInput,
    errors: darling::Error,
    model: Option<&Model>,
) -> TokenStream {
    let errors = errors.write_errors();
    if !input.generics.params.is_empty() {
        return errors;
    }
    let document = match model {
        Some(model) => expand::document_code(model, &[], None, false),
        None => stub_document(input, false),
    };
    quote! {
        #errors
        #document
    }
}

/// `#[derive(KeyType)]` failed: the errors, and the impls, which need nothing that failed.
pub(crate) fn key_type(errors: darling::Error, unit_enum: &UnitEnum) -> TokenStream {
    let errors = errors.write_errors();
    let impls = expand::key_type_code(unit_enum);
    quote! {
        #errors
        #impls
    }
}

/// The document items of a type whose fields are not known (not a struct with named fields): a
/// `…Fields` struct without paths.
fn stub_document(input: &DeriveInput, is_table: bool) -> TokenStream {
    let ident = &input.ident;
    let fields_ident = expand::fields_ident(ident);
    let fields_struct = expand::fields_struct(ident, &input.vis, is_table);
    quote! {
        #fields_struct

        const _: () = {
            #[automatically_derived]
            impl ::aiodynamo::__private::HasShape for #ident {
                const SHAPE: ::aiodynamo::__private::Shape = ::aiodynamo::__private::Shape::Plain;
            }

            #[automatically_derived]
            impl ::aiodynamo::Document for #ident {
                type Fields<M> = #fields_ident<M>;
                fn fields<M>(prefix: ::aiodynamo::__private::AttributePath) -> #fields_ident<M> {
                    #fields_ident { prefix, marker: ::core::marker::PhantomData }
                }
            }
        };
    }
}
