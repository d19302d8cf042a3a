//! Code generation for `#[table]`, `#[derive(Document)]` and `#[derive(KeyType)]`, from a checked
//! model; [`crate::fallback`] generates the stubs when a check failed.
//!
//! Generated code names everything by absolute path (`::aiodynamo::…`); the items it needs that
//! are not public API live in `::aiodynamo::__private`. Every trait impl is
//! `#[automatically_derived]` (rustc refuses the attribute on inherent impls).

use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{DeriveInput, Fields, Ident, LitStr, Type};

use crate::ast::{Field, Index, Model, Projection, Table, UnitEnum, is_option, option_inner};
use crate::{fallback, names, valid};

/// `#[table(..)]`: the struct as written (without the key markers), plus its model code. The
/// struct is emitted even when the arguments are wrong, with stubs for the generated items, so
/// one mistake gives one error.
pub(crate) fn table(args: TokenStream, input: TokenStream) -> TokenStream {
    let mut input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    let checked = valid::table(&input, args);
    strip_key_markers(&mut input);
    let generated = match checked {
        Ok((model, table)) => table_code(&model, &table),
        Err(failure) => fallback::table(&input, *failure),
    };
    quote! { #input #generated }
}

/// `#[derive(KeyType)]`: a unit enum is stored as a string (S), in sets too (SS); one with an
/// integer `#[repr]` and discriminants as a number (N, NS).
pub(crate) fn key_type(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    match valid::key_type(&input) {
        Ok(unit_enum) => key_type_code(&unit_enum),
        Err(failed) => fallback::key_type(failed.0, &failed.1),
    }
}

/// `#[derive(Document)]`.
pub(crate) fn document(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    match valid::document(&input) {
        Ok(model) => document_code(&model, &[], None, false),
        Err(failed) => fallback::document(&input, failed.0, failed.1.as_ref()),
    }
}

/// The impls of `#[derive(KeyType)]`. A name enum (S) is not `Ordered`: DynamoDB orders strings
/// by their bytes, so `lt`/`between` would compare variant names, not the order the enum
/// declares. An integer enum (N) is: DynamoDB orders it by its discriminants.
pub(crate) fn key_type_code(unit_enum: &UnitEnum) -> TokenStream {
    let ident = &unit_enum.ident;
    let (impl_generics, type_generics, where_clause) = unit_enum.generics.split_for_impl();
    let (scalar, ordered) = if unit_enum.is_numeric() {
        let ordered = quote! {
            #[automatically_derived]
            impl #impl_generics ::aiodynamo::kinds::Ordered for #ident #type_generics #where_clause {}
        };
        (quote!(N), ordered)
    } else {
        (quote!(S), TokenStream::new())
    };
    quote! {
        #[automatically_derived]
        impl #impl_generics ::aiodynamo::KeyType for #ident #type_generics #where_clause {
            const SCALAR: ::aiodynamo::ScalarType = ::aiodynamo::ScalarType::#scalar;
        }
        #[automatically_derived]
        impl #impl_generics ::aiodynamo::kinds::SetElement for #ident #type_generics #where_clause {}
        #ordered
        #[automatically_derived]
        impl #impl_generics ::aiodynamo::__private::HasShape for #ident #type_generics #where_clause {
            const SHAPE: ::aiodynamo::__private::Shape = ::aiodynamo::__private::Shape::Plain;
        }
    }
}

fn strip_key_markers(input: &mut DeriveInput) {
    if let syn::Data::Struct(data) = &mut input.data
        && let Fields::Named(named) = &mut data.fields
    {
        for field in &mut named.named {
            field.attrs.retain(|attr| {
                !["hash_key", "range_key", "version", "ttl"]
                    .iter()
                    .any(|marker| attr.path().is_ident(marker))
            });
        }
    }
}

/// The shape of a field's type, found by autoref specialisation on the concrete type.
fn shape(ty: &Type) -> TokenStream {
    quote! {{
        #[allow(unused_imports)]
        use ::aiodynamo::__private::{KnownShape as _, UnknownShape as _};
        (&::aiodynamo::__private::ShapeProbe::<#ty>(::core::marker::PhantomData)).shape()
    }}
}

/// `value` (an expression of type `&T`) encoded as the model stores the field: through its own
/// `serialize_with` function if it has one, with the field's shape. Paths and keys use it.
fn encode_field(field: &Field, value: TokenStream) -> TokenStream {
    let serialize = field.serialize_with.as_ref().map_or_else(
        || quote!(::aiodynamo::__private::serde::Serialize::serialize),
        |path| quote!(#path),
    );
    let shape = shape(&field.ty);
    quote!(#serialize(#value, ::aiodynamo::__private::serializer(#shape)))
}

/// For a field with its own serde functions, a path encodes and decodes values with them too.
fn codec(field: &Field) -> Option<TokenStream> {
    if field.serialize_with.is_none() && field.deserialize_with.is_none() {
        return None;
    }
    let encode = encode_field(field, quote!(value));
    let deserialize = field.deserialize_with.as_ref().map_or_else(
        || quote!(::aiodynamo::__private::serde::Deserialize::deserialize),
        |path| quote!(#path),
    );
    // The field's shape, as the model's own serialization hands it to these functions.
    let shape = shape(&field.ty);
    Some(quote! {
        ::aiodynamo::__private::Codec {
            encode: |value| #encode,
            decode: |value| #deserialize(::aiodynamo::__private::deserializer(value, #shape)),
        }
    })
}

pub(crate) fn fields_ident(ident: &Ident) -> Ident {
    format_ident!("{}Fields", ident)
}

/// The `…Fields<M>` struct of typed paths, and the `HasShape` and `Document` impls; for a table
/// (`is_table`) also `fields()`. `keys` are the key fields and `version` the `#[version]` field,
/// whose paths cannot be updated.
pub(crate) fn document_code(
    model: &Model,
    keys: &[usize],
    version: Option<usize>,
    is_table: bool,
) -> TokenStream {
    let ident = &model.ident;
    let vis = &model.vis;
    let fields_ident = fields_ident(ident);
    let mut taken: std::collections::HashSet<String> = model
        .fields
        .iter()
        .map(|field| field.ident.to_string())
        .collect();

    let mut methods = Vec::new();
    // The string form of `attr!` reaches each attribute by the key of its name (and of the
    // field's Rust name), through this document's own lookup trait.
    let mut lookups = Vec::new();
    let mut looked_up = std::collections::HashSet::new();
    for (position, field) in model.stored() {
        let Field {
            ident: field_ident,
            ty,
            name,
            ..
        } = field;
        let member = if keys.contains(&position) {
            quote!(KeyMember)
        } else if version == Some(position) {
            quote!(VersionMember)
        } else {
            quote!(Member)
        };
        let shape = shape(ty);
        let codec = codec(field);
        let doc = format!(
            "The attribute `{name}` (`{}`).",
            quote!(#ty).to_string().replace(' ', "")
        );
        let path = quote! {{
            static SEGMENT: ::aiodynamo::__private::Segment =
                ::aiodynamo::__private::Segment::Name(::std::borrow::Cow::Borrowed(#name));
            ::aiodynamo::__private::member(&self.prefix, &SEGMENT, #shape)
        }};
        let path = match codec {
            Some(codec) => quote!(::aiodynamo::__private::with_codec(#path, #codec)),
            None => path,
        };
        let body = quote! {
            -> ::aiodynamo::Path<M, #ty, ::aiodynamo::__private::#member> {
                #path
            }
        };
        // The field's own name, whatever its case: the user chose it for the struct already.
        methods.push(quote! {
            #[doc = #doc]
            #[allow(non_snake_case)]
            pub fn #field_ident(&self) #body
        });
        // The attribute name reaches the field too (the string form of `attr!` uses it), unless
        // it is the Rust name or another field's (or, in a model that failed its checks, another
        // field's attribute name too).
        let alias = names::method(name, field_ident.span());
        if field_ident != name && taken.insert(alias.to_string()) {
            methods.push(quote! {
                #[doc(hidden)]
                #[allow(non_snake_case)]
                pub fn #alias(&self) #body
            });
        }
        for spelling in [name.clone(), field_ident.unraw().to_string()] {
            if !looked_up.insert(spelling.clone()) {
                continue;
            }
            let key = proc_macro2::Literal::u128_suffixed(names::key(&spelling));
            lookups.push(quote! {
                // Not listed in the error of a wrong name: the keys say nothing to a reader.
                #[automatically_derived]
                #[diagnostic::do_not_recommend]
                impl<M> Attribute<#key> for #fields_ident<M> {
                    type Path = ::aiodynamo::Path<M, #ty, ::aiodynamo::__private::#member>;
                    fn path(&self) -> Self::Path {
                        self.#field_ident()
                    }
                }
            });
        }
    }
    let attribute_list = model
        .stored()
        .map(|(_, field)| format!("`{}`", field.name))
        .collect::<Vec<_>>()
        .join(", ");
    let lookup_message = format!("`{ident}` has no attribute of the name in this path");
    let lookup_label = format!("not an attribute of `{ident}`");
    let lookup_note = if attribute_list.is_empty() {
        format!("`{ident}` has no attributes")
    } else {
        format!("the attributes of `{ident}` are {attribute_list}")
    };

    let stored_names: Vec<&String> = model.stored().map(|(_, field)| &field.name).collect();
    let optional_with: Vec<&String> = model
        .stored()
        .filter(|(_, field)| field.deserialize_with.is_some() && is_option(&field.ty))
        .map(|(_, field)| &field.name)
        .collect();
    let stored_shapes: Vec<TokenStream> =
        model.stored().map(|(_, field)| shape(&field.ty)).collect();
    let count = stored_names.len();
    let fields_struct = fields_struct(ident, vis, is_table);
    quote! {
        #fields_struct

        const _: () = {
            impl<M> #fields_ident<M> {
                #(#methods)*

                /// The attribute whose name has the key `NAME` (the string form of `attr!`).
                #[doc(hidden)]
                #[allow(private_bounds)]
                pub fn __aiodynamo_attribute<const NAME: u128>(&self) -> <Self as Attribute<NAME>>::Path
                where
                    Self: Attribute<NAME>,
                {
                    Attribute::path(self)
                }
            }

            #[diagnostic::on_unimplemented(
                message = #lookup_message,
                label = #lookup_label,
                note = #lookup_note,
            )]
            pub trait Attribute<const NAME: u128> {
                type Path;
                fn path(&self) -> Self::Path;
            }

            #(#lookups)*

            fn shaped() -> &'static [(&'static str, ::aiodynamo::__private::Shape)] {
                static SHAPED: ::aiodynamo::__private::OnceLock<
                    ::std::vec::Vec<(&'static str, ::aiodynamo::__private::Shape)>,
                > = ::aiodynamo::__private::OnceLock::new();
                SHAPED.get_or_init(|| {
                    let all: [(&'static str, ::aiodynamo::__private::Shape); #count] =
                        [#((#stored_names, #stored_shapes)),*];
                    all.into_iter()
                        .filter(|(_, shape)| !matches!(shape, ::aiodynamo::__private::Shape::Plain))
                        .collect()
                })
            }

            #[automatically_derived]
            impl ::aiodynamo::__private::HasShape for #ident {
                const SHAPE: ::aiodynamo::__private::Shape = ::aiodynamo::__private::Shape::Document(
                    &::aiodynamo::__private::DocumentShape {
                        shaped,
                        optional_with: &[#(#optional_with),*],
                    },
                );
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

/// The `…Fields<M>` struct (its methods are added apart), and for a table `fields()`.
pub(crate) fn fields_struct(ident: &Ident, vis: &syn::Visibility, is_table: bool) -> TokenStream {
    let fields_ident = fields_ident(ident);
    let fields_doc =
        format!("Typed paths to the attributes of [`{ident}`], below a path from the model `M`.");
    let inherent = is_table.then(|| {
        quote! {
            impl #ident {
                /// Typed paths to this model's attributes, e.g. `Self::fields().name()`.
                pub fn fields() -> #fields_ident<#ident> {
                    <#ident as ::aiodynamo::Document>::fields(::aiodynamo::__private::AttributePath::default())
                }
            }
        }
    });
    quote! {
        #[doc = #fields_doc]
        #vis struct #fields_ident<M> {
            prefix: ::aiodynamo::__private::AttributePath,
            marker: ::core::marker::PhantomData<fn() -> M>,
        }

        #inherent
    }
}

/// The key attribute `position` in a schema; `sparse` for an index key, which may be an `Option`
/// (items without it are not in the index), whose scalar type is the one inside.
fn key_schema(model: &Model, position: usize, sparse: bool) -> TokenStream {
    let field = &model.fields[position];
    let name = &field.name;
    let ty = condition_type(field, sparse);
    // Spanned at the field's type: a type that cannot be a key is reported there.
    let scalar = quote_spanned!(ty.span()=> <#ty as ::aiodynamo::KeyType>::SCALAR);
    quote!(::aiodynamo::__private::key_schema(#name, #scalar))
}

fn index_projection(projection: &Projection) -> TokenStream {
    match projection {
        Projection::All => quote!(::aiodynamo::IndexProjection::All),
        Projection::KeysOnly => quote!(::aiodynamo::IndexProjection::KeysOnly),
        Projection::Include(names) => quote!(::aiodynamo::IndexProjection::Include(&[#(#names),*])),
    }
}

fn option(value: Option<TokenStream>) -> TokenStream {
    match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    }
}

fn global_index(model: &Model, index: &Index) -> TokenStream {
    let name = &index.name;
    let hash_key = index
        .hash_key
        .map(|position| key_schema(model, position, true));
    let range_key = option(
        index
            .range_key
            .map(|position| key_schema(model, position, true)),
    );
    let projection = index_projection(&index.projection);
    quote!(::aiodynamo::__private::global_index(#name, #hash_key, #range_key, #projection))
}

fn local_index(model: &Model, index: &Index) -> TokenStream {
    let name = &index.name;
    let range_key = index
        .range_key
        .map(|position| key_schema(model, position, true));
    let projection = index_projection(&index.projection);
    quote!(::aiodynamo::__private::local_index(#name, #range_key, #projection))
}

/// Everything `#[table]` adds: the document code, the key type, `key(..)` and the `Model` impl.
fn table_code(model: &Model, table: &Table) -> TokenStream {
    let keys: Vec<&Field> = table
        .keys()
        .into_iter()
        .map(|position| &model.fields[position])
        .collect();
    let table_name = &table.name;
    let hash_key = key_schema(model, table.hash_key, false);
    let range_key = option(
        table
            .range_key
            .map(|position| key_schema(model, position, false)),
    );
    let global_indexes = table
        .global_indexes
        .iter()
        .map(|index| global_index(model, index));
    let local_indexes = table
        .local_indexes
        .iter()
        .map(|index| local_index(model, index));
    let version = option(table.version.map(|position| {
        let field = &model.fields[position];
        let (name, ty) = (&field.name, &field.ty);
        // Spanned at the field's type: a type that cannot be a version is reported there, once.
        quote_spanned!(ty.span()=> ::aiodynamo::__private::version::<#ty>(#name))
    }));
    let ttl = option(table.ttl.map(|position| {
        let name = &model.fields[position].name;
        quote!(#name)
    }));
    let schema = quote! {
        ::aiodynamo::__private::table_schema(
            #table_name,
            #hash_key,
            #range_key,
            &[#(#global_indexes),*],
            &[#(#local_indexes),*],
            #version,
            #ttl,
        )
    };
    let document = document_code(model, &table.keys(), table.version, true);
    let versioned = table
        .version
        .map(|position| versioned_code(model, position));
    let ttl_check = table.ttl.map(|position| {
        let ty = &model.fields[position].ty;
        // Spanned at the field's type: a type TTL cannot read is reported there.
        quote_spanned!(ty.span()=> const _: () = ::aiodynamo::__private::ttl_type::<#ty>();)
    });
    let key = key_code(model, &keys, schema);
    let table_keys: Vec<Option<usize>> = table.keys().into_iter().map(Some).collect();
    let query = query_code(
        model,
        Some(&table.name),
        &table_keys,
        &table.global_indexes,
        &table.local_indexes,
    );
    quote! {
        #document
        #key
        #query
        #versioned
        #ttl_check
    }
}

/// The `Versioned` impl of a model whose `#[version]` field is `position`; a type that cannot be
/// a version is reported at the field's type.
pub(crate) fn versioned_code(model: &Model, position: usize) -> TokenStream {
    let ident = &model.ident;
    let field = &model.fields[position];
    let field_ident = &field.ident;
    let ty = &field.ty;
    let version_type = quote_spanned!(ty.span()=> type Version = #ty;);
    quote! {
        #[automatically_derived]
        impl ::aiodynamo::Versioned for #ident {
            #version_type
            fn version_path() -> ::aiodynamo::Path<#ident, #ty, ::aiodynamo::__private::VersionMember> {
                #ident::fields().#field_ident()
            }
        }
    }
}

/// The key members of an `Index` whose keys did not resolve: nothing can be keyed on it (so an
/// erroneous model is one error, not one per query).
pub(crate) fn keyless_index_members() -> TokenStream {
    quote! {
        type Hash = ::aiodynamo::NoSortKey;
        type Range = ::aiodynamo::NoSortKey;
        const HASH_KEY: &'static str = "";
        const RANGE_KEY: ::core::option::Option<&'static str> = ::core::option::Option::None;
        fn encode_hash(value: ::aiodynamo::NoSortKey) -> ::core::result::Result<::aiodynamo::__private::AttributeValue, ::aiodynamo::EncodeError> {
            match value {}
        }
        fn encode_range(value: ::aiodynamo::NoSortKey) -> ::core::result::Result<::aiodynamo::__private::AttributeValue, ::aiodynamo::EncodeError> {
            match value {}
        }
    }
}

/// The type a key condition takes for `field`: its own, or for a sparse index key (`sparse`)
/// spelled `Option<T>`, `T`.
fn condition_type(field: &Field, sparse: bool) -> &Type {
    match option_inner(&field.ty) {
        Some(inner) if sparse => inner,
        _ => &field.ty,
    }
}

/// The marker type of a model's table (`OrderTable`).
pub(crate) fn table_marker(ident: &Ident) -> Ident {
    format_ident!("{}Table", ident)
}

/// The marker type of the index `name` of a model (`OrderByCustomerIndex`).
pub(crate) fn index_marker(ident: &Ident, name: &str) -> Ident {
    format_ident!("{}{}", ident, names::index_marker(name))
}

/// The associated const of the index `name` (`BY_CUSTOMER`), spanned at the name; `None` where
/// the name gives no identifier (reported by [`crate::valid`]).
pub(crate) fn index_const(name: &LitStr) -> Option<Ident> {
    syn::parse_str::<Ident>(&names::index_const(&name.value()))
        .ok()
        .map(|mut ident| {
            ident.set_span(name.span());
            ident
        })
}

fn quoted_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One key of a table or index, as its `Index` impl and key condition take it.
struct QueryKey<'a> {
    field: &'a Field,
    /// An index key spelled `Option<T>`: the condition takes `T`, encoded as `Some(value)`.
    sparse: bool,
}

impl QueryKey<'_> {
    fn ty(&self) -> &Type {
        condition_type(self.field, self.sparse)
    }

    /// `fn encode_…(value: Self::…)`'s body: `value` encoded as the model stores the field.
    fn encode(&self) -> TokenStream {
        let value = if self.sparse && option_inner(&self.field.ty).is_some() {
            quote!(&::core::option::Option::Some(value))
        } else {
            quote!(&value)
        };
        let name = &self.field.name;
        let encoded = encode_field(self.field, value);
        quote!(::aiodynamo::__private::key_value(#name, #encoded))
    }
}

/// A table or index marker type with its `Index` impl (and `ConsistentRead` if `consistent`,
/// `HasSortKey` if it has one);
/// `keys` are `None` in the stubs of a model whose keys did not resolve.
fn index_type(
    model: &Model,
    marker: &Ident,
    doc: &str,
    name: Option<&LitStr>,
    keys: Option<(QueryKey, Option<QueryKey>)>,
    item: TokenStream,
    consistent: bool,
) -> TokenStream {
    let ident = &model.ident;
    let vis = &model.vis;
    let name = option(name.map(|name| quote!(#name)));
    let sort_key = matches!(keys, Some((_, Some(_)))).then(|| {
        quote! {
            #[automatically_derived]
            impl ::aiodynamo::HasSortKey for #marker {}
        }
    });
    let members = match keys {
        Some((hash, range)) => {
            let hash_type = hash.ty();
            let hash_name = &hash.field.name;
            let encode_hash = hash.encode();
            let (range_type, range_name, encode_range) = match range {
                Some(range) => {
                    let range_name = &range.field.name;
                    (
                        range.ty().to_token_stream(),
                        option(Some(quote!(#range_name))),
                        range.encode(),
                    )
                }
                None => (
                    quote!(::aiodynamo::NoSortKey),
                    option(None),
                    quote!(match value {}),
                ),
            };
            quote! {
                type Hash = #hash_type;
                type Range = #range_type;
                const HASH_KEY: &'static str = #hash_name;
                const RANGE_KEY: ::core::option::Option<&'static str> = #range_name;
                fn encode_hash(value: #hash_type) -> ::core::result::Result<::aiodynamo::__private::AttributeValue, ::aiodynamo::EncodeError> {
                    #encode_hash
                }
                fn encode_range(value: #range_type) -> ::core::result::Result<::aiodynamo::__private::AttributeValue, ::aiodynamo::EncodeError> {
                    #encode_range
                }
            }
        }
        None => keyless_index_members(),
    };
    let consistent = consistent.then(|| {
        quote! {
            #[automatically_derived]
            impl ::aiodynamo::ConsistentRead for #marker {}
        }
    });
    quote! {
        #[doc = #doc]
        #vis enum #marker {}

        #[automatically_derived]
        impl ::aiodynamo::Index for #marker {
            type Model = #ident;
            type Item = #item;
            const NAME: ::core::option::Option<&'static str> = #name;
            #members
        }

        #consistent
        #sort_key
    }
}

/// The table and each index as a type implementing `Index`, `Model::partition(..)` and an
/// associated const per index. `keys` are the table's key parts as far as they resolved (the hash
/// key, then the range key if one is named); where one did not (in the stubs of a model that
/// failed its checks), the table's type takes no key and `partition` any argument.
pub(crate) fn query_code(
    model: &Model,
    table_name: Option<&LitStr>,
    keys: &[Option<usize>],
    global_indexes: &[Index],
    local_indexes: &[Index],
) -> TokenStream {
    let ident = &model.ident;
    let table_marker = table_marker(ident);
    let table_name = table_name.map_or_else(String::new, LitStr::value);
    let field = |position: usize| &model.fields[position];
    let table_keys = match keys {
        [Some(hash)] => Some((field(*hash), None)),
        [Some(hash), Some(range)] => Some((field(*hash), Some(field(*range)))),
        _ => None,
    };
    let key_names = |hash: &Field, range: Option<&Field>| match range {
        Some(range) => format!("partition key `{}`, sort key `{}`", hash.name, range.name),
        None => format!("partition key `{}`, no sort key", hash.name),
    };
    let table_doc = format!(
        "The table `{table_name}` of [`{ident}`] as a type, the `I` of its key conditions \
         ([`{ident}::partition`]){}.",
        table_keys.map_or_else(String::new, |(hash, range)| format!(
            ": {}",
            key_names(hash, range)
        ))
    );
    let table_type = index_type(
        model,
        &table_marker,
        &table_doc,
        None,
        table_keys.map(|(hash, range)| {
            let key = |field| QueryKey {
                field,
                sparse: false,
            };
            (key(hash), range.map(key))
        }),
        quote!(#ident),
        true,
    );
    let partition = match table_keys {
        Some((hash, range)) => {
            let hash_ident = &hash.ident;
            let hash_type = &hash.ty;
            // A value of the wrong type is reported as required by the key field's type.
            let bound = quote_spanned!(hash_type.span()=> impl ::aiodynamo::__private::IntoValue<#hash_type>);
            let doc = match range {
                Some(range) => format!(
                    "The key condition of the partition `{}` of the table `{table_name}`; a condition \
                     on the sort key `{}` may follow (`range_eq`, `range_between`, ..).",
                    hash.name, range.name
                ),
                None => format!(
                    "The key condition of the partition `{}` of the table `{table_name}`.",
                    hash.name
                ),
            };
            quote! {
                #[doc = #doc]
                #[allow(non_snake_case)]
                pub fn partition(
                    #hash_ident: #bound,
                ) -> ::aiodynamo::KeyCondition<#table_marker> {
                    ::aiodynamo::KeyCondition::partition(::aiodynamo::__private::IntoValue::into_value(#hash_ident))
                }
            }
        }
        None => quote! {
            #[allow(missing_docs)]
            pub fn partition(_: impl ::core::marker::Sized) -> ::aiodynamo::KeyCondition<#table_marker> {
                ::core::unreachable!()
            }
        },
    };

    let mut index_types = Vec::new();
    let mut index_consts = Vec::new();
    let table_hash = keys.first().copied().flatten();
    let indexes = global_indexes
        .iter()
        .map(|index| (index, false))
        .chain(local_indexes.iter().map(|index| (index, true)));
    for (index, local) in indexes {
        let (Some(constant), Some(hash)) = (
            index_const(&index.name),
            if local { table_hash } else { index.hash_key },
        ) else {
            continue;
        };
        let name = index.name.value();
        let marker = index_marker(ident, &name);
        let hash = field(hash);
        let range = index.range_key.map(field);
        let kind = if local { "local" } else { "global" };
        let projection = match &index.projection {
            Projection::All => "every attribute".to_owned(),
            Projection::KeysOnly => "the keys only".to_owned(),
            Projection::Include(names) => {
                let names: Vec<String> = names.iter().map(LitStr::value).collect();
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                format!("the keys and {}", quoted_list(&names))
            }
        };
        let item = match index.projection {
            Projection::All => quote!(#ident),
            _ => quote!(::aiodynamo::Partial<#ident>),
        };
        let keys = key_names(hash, range);
        let doc = format!(
            "The {kind} secondary index `{name}` of [`{ident}`] as a type ({keys}; it projects \
             {projection}): the `I` of its key conditions ([`{ident}::{constant}`])."
        );
        index_types.push(index_type(
            model,
            &marker,
            &doc,
            Some(&index.name),
            Some((
                QueryKey {
                    field: hash,
                    sparse: !local,
                },
                range.map(|field| QueryKey {
                    field,
                    sparse: true,
                }),
            )),
            item,
            local,
        ));
        let read = if local {
            "strongly consistent reads allowed"
        } else {
            "eventually consistent reads only"
        };
        let const_doc = format!(
            "The {kind} secondary index `{name}`: {keys}; projects {projection}; {read}. Query it \
             with `{ident}::{constant}.partition(..)`."
        );
        index_consts.push(quote! {
            #[doc = #const_doc]
            pub const #constant: ::aiodynamo::SecondaryIndex<#marker> = ::aiodynamo::SecondaryIndex::new();
        });
    }
    quote! {
        #table_type
        #(#index_types)*

        impl #ident {
            #partition
            #(#index_consts)*
        }
    }
}

/// The key type of a model whose key fields are `keys`, `key(..)`, and the `ModelKey` and
/// `Model` impls with `schema`.
pub(crate) fn key_code(model: &Model, keys: &[&Field], schema: TokenStream) -> TokenStream {
    let ident = &model.ident;
    let key_ident = key_ident(ident);
    let table_marker = table_marker(ident);
    let key_fields: Vec<&Ident> = keys.iter().map(|field| &field.ident).collect();
    let key_types: Vec<&Type> = keys.iter().map(|field| &field.ty).collect();
    let key_names: Vec<&String> = keys.iter().map(|field| &field.name).collect();
    // A key is encoded as the item stores it, through the field's own serde function if it has one.
    let key_encodings: Vec<TokenStream> = keys
        .iter()
        .map(|field| {
            let field_ident = &field.ident;
            encode_field(field, quote!(&self.#field_ident))
        })
        .collect();
    let constructor_doc = format!(
        "The key of the {} item with {}.",
        ident,
        key_names
            .iter()
            .map(|name| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(" and ")
    );
    let key_count = keys.len();
    let key_struct = key_struct(ident, &model.vis, keys);

    quote! {
        #key_struct

        impl #ident {
            #[doc = #constructor_doc]
            #[allow(non_snake_case)]
            pub fn key(#(#key_fields: impl ::aiodynamo::__private::IntoValue<#key_types>),*) -> #key_ident {
                #key_ident { #(#key_fields: ::aiodynamo::__private::IntoValue::into_value(#key_fields)),* }
            }
        }

        const _: () = {
            #[automatically_derived]
            impl ::aiodynamo::ModelKey for #key_ident {
                type Model = #ident;
                fn to_item(&self) -> ::core::result::Result<::aiodynamo::RawItem, ::aiodynamo::EncodeError> {
                    let mut item = ::aiodynamo::RawItem::with_capacity(#key_count);
                    #(::aiodynamo::__private::key_attribute(&mut item, #key_names, #key_encodings)?;)*
                    ::core::result::Result::Ok(item)
                }
            }

            #[automatically_derived]
            impl ::aiodynamo::Model for #ident {
                type Key = #key_ident;
                type Table = #table_marker;
                const SCHEMA: ::aiodynamo::TableSchema = #schema;
                fn key(&self) -> #key_ident {
                    #key_ident { #(#key_fields: ::core::clone::Clone::clone(&self.#key_fields)),* }
                }
            }
        };
    }
}

pub(crate) fn key_ident(ident: &Ident) -> Ident {
    format_ident!("{}Key", ident)
}

/// The key struct with the `keys` fields: `Debug`, `Clone`, `PartialEq`, `Eq`, `Hash`, and serde's
/// `Serialize`/`Deserialize` with each field under its attribute name and with its own serde
/// functions (and a plain `HasShape`, for `aiodynamo::codec::to_attribute`). `Eq` and `Hash` hold where every key type is a `KeyType` (which implies them), so a
/// field type that cannot be a key is reported once, as that, not again as a missing `Hash`.
pub(crate) fn key_struct(ident: &Ident, vis: &syn::Visibility, keys: &[&Field]) -> TokenStream {
    let key_ident = key_ident(ident);
    let key_doc = format!("The key of an item of [`{ident}`]; build it with [`{ident}::key`].");
    let fields = keys.iter().map(|field| {
        let Field {
            ident, ty, name, ..
        } = field;
        let serialize_with = field.serialize_with.as_ref().map(|path| {
            let path = quote!(#path).to_string();
            quote!(#[serde(serialize_with = #path)])
        });
        let deserialize_with = field.deserialize_with.as_ref().map(|path| {
            let path = quote!(#path).to_string();
            quote!(#[serde(deserialize_with = #path)])
        });
        quote! {
            #[allow(missing_docs)]
            #[serde(rename = #name)]
            #serialize_with
            #deserialize_with
            pub #ident: #ty,
        }
    });
    let key_fields: Vec<&Ident> = keys.iter().map(|field| &field.ident).collect();
    let bounds: Vec<TokenStream> = keys
        .iter()
        .map(|field| {
            let ty = &field.ty;
            quote!(for<'__aiodynamo> #ty: ::aiodynamo::KeyType)
        })
        .collect();
    quote! {
        #[doc = #key_doc]
        #[derive(
            ::core::fmt::Debug,
            ::core::clone::Clone,
            ::core::cmp::PartialEq,
            ::aiodynamo::__private::serde::Serialize,
            ::aiodynamo::__private::serde::Deserialize,
        )]
        #[serde(crate = "::aiodynamo::__private::serde")]
        // Field names are the model's, whatever their case.
        #[allow(non_snake_case)]
        #vis struct #key_ident {
            #(#fields)*
        }

        #[automatically_derived]
        impl ::core::cmp::Eq for #key_ident where #(#bounds),* {}

        // Its parts are scalars: the codec encodes a key as serde describes it.
        #[automatically_derived]
        impl ::aiodynamo::__private::HasShape for #key_ident {
            const SHAPE: ::aiodynamo::__private::Shape = ::aiodynamo::__private::Shape::Plain;
        }

        #[automatically_derived]
        impl ::core::hash::Hash for #key_ident where #(#bounds),* {
            fn hash<__H: ::core::hash::Hasher>(&self, state: &mut __H) {
                #(::core::hash::Hash::hash(&self.#key_fields, state);)*
            }
        }
    }
}
