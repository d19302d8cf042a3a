//! Parsing `#[table(..)]`'s arguments and the `#[hash_key]`/`#[range_key]` field markers with
//! darling. Parsing only: [`crate::valid`] checks what they say.

use darling::FromMeta;
use darling::ast::NestedMeta;
use proc_macro2::TokenStream;
use syn::{Lit, LitStr};

/// `#[table("name", hash_key = .., range_key = .., gsi(..).., lsi(..)..)]` as written.
#[derive(Default, FromMeta)]
pub(crate) struct TableArgs {
    /// `name = ".."`.
    pub(crate) name: Option<LitStr>,
    /// The leading string literal.
    #[darling(skip)]
    pub(crate) positional_name: Option<LitStr>,
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

/// What `#[table(..)]`'s arguments say, as far as they parse.
pub(crate) struct ParsedArgs {
    /// The arguments, when darling read them all.
    pub(crate) args: darling::Result<TableArgs>,
    /// Whether a `range_key = ..` argument is written (known even when the rest does not parse):
    /// the stub key constructor takes as many arguments as the key has parts.
    pub(crate) names_range_key: bool,
}

pub(crate) fn table_args(args: TokenStream) -> ParsedArgs {
    let mut items = match NestedMeta::parse_meta_list(args) {
        Ok(items) => items,
        Err(error) => {
            return ParsedArgs {
                args: Err(error.into()),
                names_range_key: false,
            };
        }
    };
    let names_range_key = items
        .iter()
        .any(|item| matches!(item, NestedMeta::Meta(meta) if meta.path().is_ident("range_key")));
    let positional_name = match items.first() {
        Some(NestedMeta::Lit(Lit::Str(name))) => Some(name.clone()),
        _ => None,
    };
    if positional_name.is_some() {
        items.remove(0);
    }
    let args = TableArgs::from_list(&items).map(|args| TableArgs {
        positional_name,
        ..args
    });
    ParsedArgs {
        args,
        names_range_key,
    }
}

/// The marker `#[name]` on a field, if it carries it.
pub(crate) fn marker<'a>(attrs: &'a [syn::Attribute], name: &str) -> Option<&'a syn::Attribute> {
    attrs.iter().find(|attr| attr.path().is_ident(name))
}
