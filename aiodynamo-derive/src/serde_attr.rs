//! The serde attributes that decide attribute names (`rename`, `rename_all`, `skip`, `flatten`)
//! and how a field's values are encoded (`with`, `serialize_with`, `deserialize_with`). Other
//! serde attributes are left to serde.

use syn::{Attribute, LitStr, Token};

/// What the serde attributes of a struct or enum say about names and representation.
#[derive(Default)]
pub(crate) struct Container {
    pub(crate) rename_all: Option<LitStr>,
    /// `tag`, `content` or `untagged`: an enum not stored as its variant names.
    pub(crate) enum_representation: Option<proc_macro2::Span>,
}

/// What the serde attributes of a field say about its name.
#[derive(Default)]
pub(crate) struct Field {
    pub(crate) rename: Option<LitStr>,
    pub(crate) skip: bool,
    pub(crate) flatten: Option<proc_macro2::Span>,
    /// `serialize_with`, or `with`'s `serialize`.
    pub(crate) serialize_with: Option<syn::ExprPath>,
    /// `deserialize_with`, or `with`'s `deserialize`.
    pub(crate) deserialize_with: Option<syn::ExprPath>,
}

fn serde_attrs(attrs: &[Attribute]) -> impl Iterator<Item = &Attribute> {
    attrs.iter().filter(|attr| attr.path().is_ident("serde"))
}

/// `rename = "x"`, or `rename(serialize = "x", deserialize = "y")`, which must agree: a typed path
/// names one attribute.
fn rename(meta: &syn::meta::ParseNestedMeta) -> syn::Result<LitStr> {
    if meta.input.peek(Token![=]) {
        return meta.value()?.parse();
    }
    let mut names: Vec<LitStr> = Vec::new();
    meta.parse_nested_meta(|inner| {
        names.push(inner.value()?.parse()?);
        Ok(())
    })?;
    match names.as_slice() {
        [one] => Ok(one.clone()),
        [first, second] if first.value() == second.value() => Ok(first.clone()),
        [_, second] => Err(syn::Error::new(
            second.span(),
            "aiodynamo needs one attribute name: serialize and deserialize names differ",
        )),
        _ => Err(meta.error("expected `rename = \"name\"`")),
    }
}

/// Skips whatever value a serde attribute we do not read has (`= expr` or `(...)`).
fn ignore(meta: &syn::meta::ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<syn::Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        meta.parse_nested_meta(|inner| ignore(&inner))?;
    }
    Ok(())
}

pub(crate) fn container(attrs: &[Attribute]) -> syn::Result<Container> {
    let mut container = Container::default();
    for attr in serde_attrs(attrs) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename_all") {
                container.rename_all = Some(rename(&meta)?);
                Ok(())
            } else if ["tag", "content", "untagged"]
                .iter()
                .any(|name| meta.path.is_ident(name))
            {
                container.enum_representation = Some(syn::spanned::Spanned::span(&meta.path));
                ignore(&meta)
            } else {
                ignore(&meta)
            }
        })?;
    }
    Ok(container)
}

pub(crate) fn field(attrs: &[Attribute]) -> syn::Result<Field> {
    let mut field = Field::default();
    for attr in serde_attrs(attrs) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                field.rename = Some(rename(&meta)?);
            } else if meta.path.is_ident("skip") || meta.path.is_ident("skip_serializing") {
                field.skip = true;
            } else if meta.path.is_ident("with") {
                let module: syn::ExprPath = meta.value()?.parse::<LitStr>()?.parse()?;
                field.serialize_with = Some(syn::parse_quote!(#module::serialize));
                field.deserialize_with = Some(syn::parse_quote!(#module::deserialize));
            } else if meta.path.is_ident("serialize_with") {
                field.serialize_with = Some(meta.value()?.parse::<LitStr>()?.parse()?);
            } else if meta.path.is_ident("deserialize_with") {
                field.deserialize_with = Some(meta.value()?.parse::<LitStr>()?.parse()?);
            } else if meta.path.is_ident("flatten") {
                field.flatten = Some(
                    meta.path
                        .get_ident()
                        .map_or_else(proc_macro2::Span::call_site, |i| i.span()),
                );
            } else {
                ignore(&meta)?;
            }
            Ok(())
        })?;
    }
    Ok(field)
}
