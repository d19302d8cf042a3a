//! Parsing `#[table(..)]`'s arguments and the `#[hash_key]`/`#[range_key]` field markers.

use darling::FromMeta;
use darling::ast::NestedMeta;
use proc_macro2::TokenStream;
use syn::{Lit, LitStr};

/// `#[table("name", hash_key = .., range_key = .., gsi(..).., lsi(..)..)]` as written.
#[derive(Default, FromMeta)]
pub(crate) struct TableArgs {
    /// Set from the leading string literal, or `name = ".."`.
    pub(crate) name: Option<LitStr>,
    pub(crate) hash_key: Option<LitStr>,
    pub(crate) range_key: Option<LitStr>,
    #[darling(multiple)]
    pub(crate) gsi: Vec<IndexArgs>,
    #[darling(multiple)]
    pub(crate) lsi: Vec<IndexArgs>,
}

/// `gsi(name = .., hash_key = .., range_key = .., projection = "all" | "keys_only", include = [..])`
/// and `lsi(name = .., range_key = .., ..)`.
#[derive(FromMeta)]
pub(crate) struct IndexArgs {
    pub(crate) name: LitStr,
    pub(crate) hash_key: Option<LitStr>,
    pub(crate) range_key: Option<LitStr>,
    pub(crate) projection: Option<LitStr>,
    #[darling(default)]
    pub(crate) include: Vec<LitStr>,
}

pub(crate) fn table_args(args: TokenStream) -> syn::Result<TableArgs> {
    let mut items = NestedMeta::parse_meta_list(args)?;
    let positional_name = match items.first() {
        Some(NestedMeta::Lit(Lit::Str(name))) => Some(name.clone()),
        _ => None,
    };
    if positional_name.is_some() {
        items.remove(0);
    }
    let mut args = TableArgs::from_list(&items).map_err(syn::Error::from)?;
    match (positional_name, &args.name) {
        (Some(name), Some(_)) => {
            return Err(syn::Error::new(
                name.span(),
                "the table name is given twice",
            ));
        }
        (Some(name), None) => args.name = Some(name),
        _ => {}
    }
    Ok(args)
}

/// Whether a field carries the marker `#[name]`.
pub(crate) fn marker<'a>(attrs: &'a [syn::Attribute], name: &str) -> Option<&'a syn::Attribute> {
    attrs.iter().find(|attr| attr.path().is_ident(name))
}
