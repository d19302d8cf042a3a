//! `attr!(Model, a.b[1].c)`: parsing the path, then one typed step per segment, each spanned at
//! the segment so a wrong one is reported where it is written.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::{Expr, Ident, LitStr, Token, Type};

use crate::names;

/// One step of a path.
enum Segment {
    /// `.name` (or the first name).
    Field(Ident),
    /// A name in the string form, spanned at the literal: reached through the document's lookup
    /// by the key of the name, so a wrong one is reported with the document's attributes (a
    /// method call would get rustc's suggestion, which replaces the whole literal).
    Named(String, Span),
    /// `[1]`: a list index, an integer literal.
    Index(Expr, Span),
    /// `[expr]`, another expression: a list index or a map entry, by the value's type.
    Subscript(Expr, Span),
    /// `["key"]`: a map entry.
    Entry(LitStr, Span),
}

struct AttrPath {
    model: Type,
    segments: Vec<Segment>,
}

impl Parse for AttrPath {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let model: Type = input.parse()?;
        input.parse::<Token![,]>()?;
        let segments = if input.peek(LitStr) {
            let literal: LitStr = input.parse()?;
            parse_string(&literal)?
        } else {
            parse_tokens(input)?
        };
        input.parse::<Option<Token![,]>>()?;
        if !input.is_empty() {
            return Err(input.error("unexpected tokens after the path"));
        }
        Ok(AttrPath { model, segments })
    }
}

/// A field name in the token form: any identifier, a keyword too (`type` reaches `r#type`).
fn field(input: ParseStream) -> syn::Result<Segment> {
    let ident = input.call(Ident::parse_any)?;
    Ok(Segment::Field(names::method(
        &ident.unraw().to_string(),
        ident.span(),
    )))
}

/// `basket.items[1].qty`, `prices["eur"]`.
fn parse_tokens(input: ParseStream) -> syn::Result<Vec<Segment>> {
    let mut segments = vec![field(input)?];
    while !input.is_empty() && !input.peek(Token![,]) {
        if input.peek(Token![.]) {
            input.parse::<Token![.]>()?;
            segments.push(field(input)?);
        } else if input.peek(syn::token::Bracket) {
            let content;
            let bracket = syn::bracketed!(content in input);
            let span = bracket.span.join();
            if content.peek(LitStr) {
                segments.push(Segment::Entry(content.parse()?, span));
            } else {
                let expr: Expr = content.parse()?;
                let is_integer = matches!(
                    ungroup(&expr),
                    Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Int(_),
                        ..
                    })
                );
                segments.push(if is_integer {
                    Segment::Index(expr, span)
                } else {
                    Segment::Subscript(expr, span)
                });
            }
        } else {
            return Err(input.error("expected `.attribute`, `[index]` or `[\"key\"]`"));
        }
    }
    Ok(segments)
}

/// `expr` without the invisible groups `macro_rules!` wraps a `$e:expr` in.
fn ungroup(mut expr: &Expr) -> &Expr {
    while let Expr::Group(group) = expr {
        expr = &group.expr;
    }
    expr
}

/// The Python spelling: `"basket.items[1].qty"`, `"prices['eur']"`. Every segment is spanned at
/// the literal.
fn parse_string(literal: &LitStr) -> syn::Result<Vec<Segment>> {
    let text = literal.value();
    let span = literal.span();
    let error = |message: String| syn::Error::new(span, message);
    let mut segments = Vec::new();
    let mut rest = text.as_str();
    let mut expect_name = true;
    while !rest.is_empty() || expect_name {
        if expect_name {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            let name = &rest[..end];
            if name.is_empty() {
                return Err(error(format!("`{text}`: an attribute name is missing")));
            }
            segments.push(Segment::Named(name.to_owned(), span));
            rest = &rest[end..];
            expect_name = false;
        } else if let Some(after) = rest.strip_prefix('.') {
            rest = after;
            expect_name = true;
        } else if let Some(after) = rest.strip_prefix('[') {
            let end = after
                .find(']')
                .ok_or_else(|| error(format!("`{text}`: `[` is not closed")))?;
            let inner = after[..end].trim();
            let quoted = inner
                .strip_prefix('"')
                .and_then(|s| s.strip_suffix('"'))
                .or_else(|| inner.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')));
            segments.push(match quoted {
                Some(key) => Segment::Entry(LitStr::new(key, span), span),
                None => {
                    let index: usize = inner.parse().map_err(|_| {
                        error(format!(
                            "`{text}`: `[{inner}]` is neither a list index nor a quoted map key (the string form takes literals only; a runtime value goes in the token form, `attr!(Model, a.b[value])`)"
                        ))
                    })?;
                    Segment::Index(syn::parse_quote_spanned!(span=> #index), span)
                }
            });
            rest = &after[end + 1..];
        } else {
            return Err(error(format!(
                "`{text}`: expected `.` or `[` before `{rest}`"
            )));
        }
    }
    Ok(segments)
}

pub(crate) fn expand(input: TokenStream) -> syn::Result<TokenStream> {
    let AttrPath { model, segments } = syn::parse2(input)?;
    // The variable is named with each segment's span too, so a failed step is reported once,
    // at its segment.
    let var = |span: Span| Ident::new("__aiodynamo_path", span);
    let mut steps = Vec::new();
    for (position, segment) in segments.iter().enumerate() {
        let (span, step) = match (position, segment) {
            (0, Segment::Field(name)) => (
                name.span(),
                quote_spanned!(name.span()=> ::aiodynamo::__private::root::<#model>().#name()),
            ),
            (0, Segment::Named(name, span)) => {
                let key = proc_macro2::Literal::u128_suffixed(names::key(name));
                (
                    *span,
                    quote_spanned!(*span=> ::aiodynamo::__private::root::<#model>().__aiodynamo_attribute::<#key>()),
                )
            }
            (_, Segment::Named(name, span)) => {
                let key = proc_macro2::Literal::u128_suffixed(names::key(name));
                let previous = var(*span);
                (
                    *span,
                    quote_spanned!(*span=> ::aiodynamo::__private::fields(&#previous).__aiodynamo_attribute::<#key>()),
                )
            }
            (
                0,
                Segment::Index(_, span) | Segment::Subscript(_, span) | Segment::Entry(_, span),
            ) => {
                return Err(syn::Error::new(
                    *span,
                    "a path starts with an attribute name",
                ));
            }
            (_, Segment::Field(name)) => {
                let previous = var(name.span());
                (
                    name.span(),
                    quote_spanned!(name.span()=> ::aiodynamo::__private::fields(&#previous).#name()),
                )
            }
            (_, Segment::Index(index, span)) => {
                let previous = var(*span);
                (
                    *span,
                    quote_spanned!(*span=> ::aiodynamo::__private::index(&#previous, #index)),
                )
            }
            (_, Segment::Subscript(key, span)) => {
                let previous = var(*span);
                (
                    *span,
                    // The value is bound first, so a wrong type is reported once, at the brackets.
                    quote_spanned!(*span=> {
                        let __aiodynamo_key = #key;
                        ::aiodynamo::__private::subscript(&#previous, __aiodynamo_key)
                    }),
                )
            }
            (_, Segment::Entry(key, span)) => {
                let previous = var(*span);
                (
                    *span,
                    quote_spanned!(*span=> ::aiodynamo::__private::entry(&#previous, #key)),
                )
            }
        };
        let binding = var(span);
        steps.push(quote_spanned!(span=> let #binding = #step;));
    }
    let result = var(Span::call_site());
    Ok(quote! {{
        #(#steps)*
        #result
    }})
}

/// The string form against arbitrary input: never a panic, only an error at the literal; and a
/// path written out from its parts parses back to exactly those parts.
#[cfg(test)]
mod fuzz {
    use proptest::prelude::*;

    use super::{Segment, expand, parse_string};

    /// A comparable spelling of the parsed segments.
    fn spelled(segments: &[Segment]) -> Vec<String> {
        segments
            .iter()
            .map(|segment| match segment {
                Segment::Named(name, _) => format!("name {name}"),
                Segment::Index(index, _) => format!("index {}", quote::quote!(#index)),
                Segment::Entry(key, _) => format!("entry {}", key.value()),
                Segment::Field(_) | Segment::Subscript(..) => "token form".to_owned(),
            })
            .collect()
    }

    /// Characters that matter to the parser, mixed with any others.
    fn path_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                3 => proptest::sample::select(vec!['.', '[', ']', '"', '\'', '0', '7', ' ', 'a', '_']),
                1 => any::<char>(),
            ],
            0..24,
        )
        .prop_map(|chars| chars.into_iter().collect())
    }

    #[derive(Debug)]
    enum Part {
        Name(String),
        Index(usize),
        Key(String),
    }

    fn part() -> impl Strategy<Value = Part> {
        prop_oneof![
            "[^.\\[]{1,8}".prop_map(Part::Name),
            any::<usize>().prop_map(Part::Index),
            "[^\\]\"]{0,8}".prop_map(Part::Key),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]

        #[test]
        fn any_text_parses_or_is_an_error_never_a_panic(text in path_text()) {
            let literal = syn::LitStr::new(&text, proc_macro2::Span::call_site());
            if let Ok(segments) = parse_string(&literal) {
                prop_assert!(matches!(segments.first(), Some(Segment::Named(..))));
            }
            // The whole macro too: an error or a path expression, whatever the text.
            let _ = expand(quote::quote!(Model, #literal));
        }

        #[test]
        fn a_written_out_path_parses_back_to_its_parts(
            first in "[^.\\[]{1,8}",
            rest in proptest::collection::vec(part(), 0..6),
        ) {
            let mut text = first.clone();
            let mut expected = vec![format!("name {first}")];
            for part in &rest {
                match part {
                    Part::Name(name) => {
                        text.push_str(&format!(".{name}"));
                        expected.push(format!("name {name}"));
                    }
                    Part::Index(index) => {
                        text.push_str(&format!("[{index}]"));
                        expected.push(format!("index {index}usize"));
                    }
                    Part::Key(key) => {
                        text.push_str(&format!("[\"{key}\"]"));
                        expected.push(format!("entry {key}"));
                    }
                }
            }
            let literal = syn::LitStr::new(&text, proc_macro2::Span::call_site());
            let segments = parse_string(&literal).map_err(|error| {
                TestCaseError::fail(format!("{text}: {error}"))
            })?;
            prop_assert_eq!(spelled(&segments), expected);
        }
    }
}
