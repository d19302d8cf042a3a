//! The generated code, checked on its tokens: what the key type derives, that every trait impl is
//! `#[automatically_derived]`, that errors carry their message at the user's token, and that
//! stubs come with them.

use std::str::FromStr;

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::visit_mut::VisitMut;

use crate::expand;

fn tokens(source: &str) -> TokenStream {
    TokenStream::from_str(source).unwrap()
}

fn file(output: &TokenStream) -> syn::File {
    syn::parse2(output.clone()).unwrap_or_else(|error| panic!("{error}: {output}"))
}

/// Every `impl` in the output, also those inside `const _: () = { .. };` blocks.
fn impls(output: &TokenStream) -> Vec<syn::ItemImpl> {
    struct Impls(Vec<syn::ItemImpl>);
    impl VisitMut for Impls {
        fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
            self.0.push(item.clone());
            syn::visit_mut::visit_item_impl_mut(self, item);
        }
    }
    let mut impls = Impls(Vec::new());
    impls.visit_file_mut(&mut file(output));
    impls.0
}

fn trait_name(item: &syn::ItemImpl) -> Option<String> {
    item.trait_
        .as_ref()
        .map(|(_, path, _)| path.segments.last().unwrap().ident.to_string())
}

fn self_name(item: &syn::ItemImpl) -> String {
    item.self_ty.to_token_stream().to_string()
}

fn has_trait_impl(output: &TokenStream, trait_: &str, ty: &str) -> bool {
    impls(output)
        .iter()
        .any(|item| trait_name(item).as_deref() == Some(trait_) && self_name(item) == ty)
}

fn structure<'a>(file: &'a syn::File, name: &str) -> &'a syn::ItemStruct {
    file.items
        .iter()
        .find_map(|item| match item {
            syn::Item::Struct(item) if item.ident == name => Some(item),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no struct {name}"))
}

/// Every trait impl is `#[automatically_derived]`; inherent impls cannot be (rustc refuses it).
fn assert_automatically_derived(output: &TokenStream) {
    let impls = impls(output);
    assert!(!impls.is_empty());
    for item in impls {
        let marked = item
            .attrs
            .iter()
            .any(|attr| attr.path().is_ident("automatically_derived"));
        assert_eq!(marked, item.trait_.is_some(), "{}", item.to_token_stream());
    }
}

/// The `compile_error!`s in the output: each message with where it points (line, column).
fn compile_errors(output: &TokenStream) -> Vec<(String, (usize, usize))> {
    let mut found = Vec::new();
    let trees: Vec<TokenTree> = output.clone().into_iter().collect();
    for (position, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Ident(ident) if ident == "compile_error" => {
                let Some(TokenTree::Group(group)) = trees.get(position + 2) else {
                    continue;
                };
                let message: syn::LitStr = syn::parse2(group.stream()).unwrap();
                let start = ident.span().start();
                found.push((message.value(), (start.line, start.column)));
            }
            TokenTree::Group(group) => found.extend(compile_errors(&group.stream())),
            _ => {}
        }
    }
    found
}

/// Where `needle` starts in `source` (line from 1, column from 0, as spans count).
fn position_of(source: &str, needle: &str) -> (usize, usize) {
    let offset = source.find(needle).unwrap();
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |newline| newline + 1);
    (line, column)
}

const USER: &str = r#"
pub struct User {
    #[serde(with = "upper")]
    pub user_id: String,
    pub created_at: u64,
    pub name: String,
}
"#;

#[test]
fn key_type_derives_eq_hash_and_serde_under_the_attribute_names() {
    let output = expand::table(
        tokens(r#""users", hash_key = "user_id", range_key = "created_at""#),
        tokens(USER),
    );
    assert!(compile_errors(&output).is_empty(), "{output}");
    let file = file(&output);
    let key = structure(&file, "UserKey");
    let derives: Vec<String> = key
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("derive"))
        .map(|attr| attr.meta.to_token_stream().to_string().replace(' ', ""))
        .collect();
    assert_eq!(
        derives,
        [
            "derive(::core::fmt::Debug,::core::clone::Clone,::core::cmp::PartialEq,::aiodynamo::__private::serde::Serialize,::aiodynamo::__private::serde::Deserialize,)"
        ]
    );
    let serde_crate = quote!(#[serde(crate = "::aiodynamo::__private::serde")]).to_string();
    assert!(
        key.attrs
            .iter()
            .any(|attr| attr.to_token_stream().to_string() == serde_crate)
    );
    // Each field under its attribute name; the field's own serde functions come along.
    let field_attrs = |name: &str| -> Vec<String> {
        let field = key
            .fields
            .iter()
            .find(|field| field.ident.as_ref().unwrap() == name)
            .unwrap();
        field
            .attrs
            .iter()
            .map(|attr| attr.to_token_stream().to_string())
            .collect()
    };
    assert_eq!(
        field_attrs("user_id"),
        [
            "# [allow (missing_docs)]",
            "# [serde (rename = \"user_id\")]",
            "# [serde (serialize_with = \"upper :: serialize\")]",
            "# [serde (deserialize_with = \"upper :: deserialize\")]",
        ]
    );
    assert_eq!(
        field_attrs("created_at"),
        [
            "# [allow (missing_docs)]",
            "# [serde (rename = \"created_at\")]"
        ]
    );
    assert_eq!(key.fields.len(), 2);
    // Eq and Hash hold where the key types are key types.
    for trait_ in ["Eq", "Hash"] {
        let item = impls(&output)
            .into_iter()
            .find(|item| trait_name(item).as_deref() == Some(trait_))
            .unwrap();
        assert_eq!(self_name(&item), "UserKey");
        let bounds = item.generics.where_clause.to_token_stream().to_string();
        assert!(
            bounds.contains("String : :: aiodynamo :: KeyType")
                && bounds.contains("u64 : :: aiodynamo :: KeyType"),
            "{bounds}"
        );
    }
    assert!(has_trait_impl(&output, "ModelKey", "UserKey"));
    assert!(has_trait_impl(&output, "Model", "User"));
}

#[test]
fn a_renamed_key_field_is_serialized_under_its_attribute_name() {
    let output = expand::table(
        tokens(r#""users", hash_key = "user_id""#),
        tokens(r#"#[serde(rename_all = "camelCase")] struct User { user_id: String }"#),
    );
    let file = file(&output);
    let key = structure(&file, "UserKey");
    let field = key.fields.iter().next().unwrap();
    assert!(
        field
            .attrs
            .iter()
            .any(|attr| attr.to_token_stream().to_string() == "# [serde (rename = \"userId\")]")
    );
}

#[test]
fn every_trait_impl_is_automatically_derived() {
    let table = expand::table(
        tokens(r#""users", hash_key = "user_id", range_key = "created_at""#),
        tokens(USER),
    );
    let document = expand::document(tokens("struct Address { city: String }"));
    let key_type = expand::key_type(tokens("enum Status { Active, OnHold }"));
    let stubbed = expand::table(tokens(r#""users", hash_key = "nope""#), tokens(USER));
    let no_fields = expand::table(
        tokens(r#""users", hash_key = "id""#),
        tokens("struct T(u8);"),
    );
    for output in [table, document, key_type, stubbed, no_fields] {
        assert_automatically_derived(&output);
    }
}

#[test]
fn key_type_is_a_set_element_with_a_plain_shape_and_not_ordered() {
    let output = expand::key_type(tokens("enum Status { Active, OnHold }"));
    for trait_ in ["KeyType", "SetElement", "HasShape"] {
        assert!(has_trait_impl(&output, trait_, "Status"), "{trait_}");
    }
    assert!(!has_trait_impl(&output, "Ordered", "Status"));
    assert!(output.to_string().contains("Shape :: Plain"));
}

#[test]
fn an_integer_repr_enum_with_discriminants_is_a_number_and_ordered() {
    let output = expand::key_type(tokens(
        "#[repr(u8)] #[derive(Clone)] enum Priority { Low = 1, High = 2 }",
    ));
    assert!(compile_errors(&output).is_empty(), "{output}");
    assert!(output.to_string().contains("ScalarType :: N"), "{output}");
    for trait_ in ["KeyType", "SetElement", "Ordered", "HasShape"] {
        assert!(has_trait_impl(&output, trait_, "Priority"), "{trait_}");
    }
    // Without discriminants, or without an integer repr, the names are stored.
    for source in [
        "#[repr(u8)] enum Status { Active, OnHold }",
        "#[repr(C)] enum Status { Active = 1, OnHold = 2 }",
        "enum Status { Active = 1, OnHold = 2 }",
    ] {
        let output = expand::key_type(tokens(source));
        assert!(output.to_string().contains("ScalarType :: S"), "{source}");
        assert!(!has_trait_impl(&output, "Ordered", "Status"), "{source}");
    }
    let output = expand::key_type(tokens("#[repr(C, i32)] enum Level { Low = -1, High = 1 }"));
    assert!(output.to_string().contains("ScalarType :: N"), "{output}");
}

#[test]
fn an_integer_enum_variant_without_a_discriminant_is_an_error_at_it() {
    let output = expand::key_type(tokens(
        "#[repr(u8)] enum Priority { Low = 1, Middle, High = 3 }",
    ));
    let errors = compile_errors(&output);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].0.contains("variant `Middle` has no discriminant"),
        "{errors:?}"
    );
    assert!(has_trait_impl(&output, "KeyType", "Priority"));
}

#[test]
fn a_missing_key_field_is_one_error_at_the_argument_with_stubs() {
    let args = r#""users", hash_key = "user_idd""#;
    let output = expand::table(tokens(args), tokens(USER));
    let errors = compile_errors(&output);
    assert_eq!(
        errors,
        [(
            "the hash key `user_idd` is not a field of `User` (fields: user_id, created_at, name)"
                .to_owned(),
            position_of(args, "\"user_idd\"")
        )]
    );
    let file = file(&output);
    // The struct as written, its real paths, a key type and `key(..)` with one argument.
    structure(&file, "User");
    structure(&file, "UserFields");
    assert_eq!(structure(&file, "UserKey").fields.len(), 0);
    for (trait_, ty) in [
        ("Model", "User"),
        ("Document", "User"),
        ("HasShape", "User"),
        ("ModelKey", "UserKey"),
    ] {
        assert!(has_trait_impl(&output, trait_, ty), "{trait_} for {ty}");
    }
    let methods: Vec<String> = impls(&output)
        .iter()
        .filter(|item| item.trait_.is_none())
        .flat_map(|item| item.items.clone())
        .filter_map(|item| match item {
            syn::ImplItem::Fn(method) => {
                Some(format!("{}/{}", method.sig.ident, method.sig.inputs.len()))
            }
            _ => None,
        })
        .collect();
    for method in ["fields/0", "key/1", "user_id/1", "created_at/1", "name/1"] {
        assert!(
            methods.contains(&method.to_owned()),
            "{method} in {methods:?}"
        );
    }
}

#[test]
fn a_wrong_index_still_generates_the_real_key() {
    let args = r#""users", hash_key = "user_id", gsi(name = "by_name", hash_key = "nam")"#;
    let output = expand::table(tokens(args), tokens(USER));
    let errors = compile_errors(&output);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].1, position_of(args, "\"nam\""));
    let file = file(&output);
    assert_eq!(structure(&file, "UserKey").fields.len(), 1);
    assert!(!output.to_string().contains("unreachable"));
}

#[test]
fn every_mistake_is_reported_at_once() {
    let source = r#"
#[serde(rename_all = "Title Case")]
struct Doc {
    #[hash_key]
    a: String,
    #[serde(rename = "a")]
    b: String,
    #[serde(flatten)]
    c: Other,
}
"#;
    let output = expand::document(tokens(source));
    let errors = compile_errors(&output);
    let messages: Vec<&str> = errors.iter().map(|(message, _)| message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "unknown serde rename_all rule `Title Case`",
            "aiodynamo does not support `#[serde(flatten)]`: typed paths could not see the flattened attributes; use a `Document` field instead",
            "two fields are stored as the attribute `a`",
            "keys belong to a #[table] model, not to a Document",
        ]
    );
    assert_eq!(errors[0].1, position_of(source, "\"Title Case\""));
    assert_eq!(errors[1].1, position_of(source, "flatten"));
    assert_eq!(errors[2].1, position_of(source, "b: String"));
    assert_eq!(errors[3].1, position_of(source, "hash_key"));
    // The paths are still generated, without a second `a` method.
    assert!(has_trait_impl(&output, "Document", "Doc"));
    let text = output.to_string();
    assert_eq!(text.matches("pub fn a (").count(), 1, "{text}");
}

#[test]
fn a_key_type_on_a_struct_is_an_error_at_its_name_with_the_impls() {
    let source = "struct Code { value: String }";
    let output = expand::key_type(tokens(source));
    let errors = compile_errors(&output);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].1, position_of(source, "Code"));
    assert!(has_trait_impl(&output, "KeyType", "Code"));
}

#[test]
fn types_from_macro_rules_are_seen_through_their_group() {
    // `macro_rules!` hands a `$ty:ty` over wrapped in an invisible group.
    let grouped = |ty: TokenStream| TokenTree::Group(Group::new(Delimiter::None, ty));
    let option = grouped(quote!(Option<String>));
    let with_self = grouped(quote!(Vec<Self>));
    let input = quote! {
        struct Node {
            #[serde(deserialize_with = "read_nick")]
            nick: #option,
            children: #with_self,
        }
    };
    let parsed: syn::DeriveInput = syn::parse2(input.clone()).unwrap();
    let syn::Data::Struct(data) = &parsed.data else {
        unreachable!()
    };
    let first = &data.fields.iter().next().unwrap().ty;
    assert!(matches!(first, syn::Type::Group(_)));
    assert!(crate::ast::is_option(first));

    let mut errors = darling::Error::accumulator();
    let model = crate::ast::Model::from_input(&parsed, &mut errors).unwrap();
    errors.finish().unwrap();
    assert!(matches!(model.fields[0].ty, syn::Type::Path(_)));
    assert_eq!(
        model.fields[1].ty.to_token_stream().to_string(),
        "Vec < Node >"
    );

    let output = expand::document(input);
    assert!(
        output.to_string().contains("optional_with : & [\"nick\"]"),
        "{output}"
    );
}

#[test]
fn unparsed_arguments_still_give_a_key_constructor_with_one_argument_per_part() {
    let args = r#""users", hash_kye = "user_id", range_key = "created_at""#;
    let output = expand::table(tokens(args), tokens(USER));
    let errors = compile_errors(&output);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].0.starts_with("Unknown field: `hash_kye`"),
        "{errors:?}"
    );
    assert_eq!(errors[0].1, position_of(args, "hash_kye"));
    let key = impls(&output)
        .into_iter()
        .filter(|item| item.trait_.is_none())
        .flat_map(|item| item.items)
        .find_map(|item| match item {
            syn::ImplItem::Fn(method) if method.sig.ident == "key" => Some(method),
            _ => None,
        })
        .unwrap();
    assert_eq!(key.sig.inputs.len(), 2);
    assert!(has_trait_impl(&output, "Model", "User"));
}

const ORDER: &str = r#"
pub(crate) struct Order {
    pub order_id: String,
    #[serde(rename = "createdAt")]
    pub created_at: String,
    pub customer_id: String,
    #[serde(with = "upper_option")]
    pub status: Option<String>,
    pub total: u64,
}
"#;

const ORDER_ARGS: &str = r#""orders", hash_key = "order_id", range_key = "created_at",
    gsi(name = "by_customer", hash_key = "customer_id", projection = "keys_only"),
    gsi(name = "status-index", hash_key = "status", range_key = "created_at"),
    lsi(name = "byTotal", range_key = "total")"#;

/// The `impl <trait_> for <ty>` in the output.
fn trait_impl(output: &TokenStream, trait_: &str, ty: &str) -> syn::ItemImpl {
    impls(output)
        .into_iter()
        .find(|item| trait_name(item).as_deref() == Some(trait_) && self_name(item) == ty)
        .unwrap_or_else(|| panic!("no impl {trait_} for {ty}"))
}

/// An `Index` impl's members, each as `name = tokens` (types, consts and fn bodies).
fn members(item: &syn::ItemImpl) -> std::collections::BTreeMap<String, String> {
    item.items
        .iter()
        .map(|member| match member {
            syn::ImplItem::Type(ty) => (ty.ident.to_string(), ty.ty.to_token_stream().to_string()),
            syn::ImplItem::Const(constant) => (
                constant.ident.to_string(),
                constant.expr.to_token_stream().to_string(),
            ),
            syn::ImplItem::Fn(function) => (
                function.sig.ident.to_string(),
                function.block.to_token_stream().to_string(),
            ),
            other => panic!("{}", other.to_token_stream()),
        })
        .collect()
}

/// The marker enums (`enum X {}`) of the output, with their visibility.
fn markers(file: &syn::File) -> Vec<(String, String)> {
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Enum(item) if item.variants.is_empty() => Some((
                item.ident.to_string(),
                item.vis.to_token_stream().to_string(),
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn the_table_and_each_index_are_marker_types_implementing_index() {
    let output = expand::table(tokens(ORDER_ARGS), tokens(ORDER));
    assert!(compile_errors(&output).is_empty(), "{output}");
    assert_automatically_derived(&output);
    let file = file(&output);
    assert_eq!(
        markers(&file),
        [
            ("OrderTable".to_owned(), "pub (crate)".to_owned()),
            ("OrderByCustomerIndex".to_owned(), "pub (crate)".to_owned()),
            ("OrderStatusIndex".to_owned(), "pub (crate)".to_owned()),
            ("OrderByTotalIndex".to_owned(), "pub (crate)".to_owned()),
        ]
    );

    let table = members(&trait_impl(&output, "Index", "OrderTable"));
    assert_eq!(table["Model"], "Order");
    assert_eq!(table["Hash"], "String");
    assert_eq!(table["Range"], "String");
    assert_eq!(table["Item"], "Order");
    assert_eq!(table["NAME"], ":: core :: option :: Option :: None");
    assert_eq!(table["HASH_KEY"], r#""order_id""#);
    assert_eq!(
        table["RANGE_KEY"],
        r#":: core :: option :: Option :: Some ("createdAt")"#
    );
    assert!(
        table["encode_hash"].contains(r#"key_value ("order_id""#),
        "{}",
        table["encode_hash"]
    );

    // keys_only: the items are partial; no sort key: `NoSortKey`, which has no value to encode.
    let by_customer = members(&trait_impl(&output, "Index", "OrderByCustomerIndex"));
    assert_eq!(by_customer["Hash"], "String");
    assert_eq!(by_customer["Range"], ":: aiodynamo :: NoSortKey");
    assert_eq!(by_customer["Item"], ":: aiodynamo :: Partial < Order >");
    assert_eq!(
        by_customer["NAME"],
        r#":: core :: option :: Option :: Some ("by_customer")"#
    );
    assert_eq!(by_customer["HASH_KEY"], r#""customer_id""#);
    assert_eq!(
        by_customer["RANGE_KEY"],
        ":: core :: option :: Option :: None"
    );
    assert_eq!(by_customer["encode_range"], "{ match value { } }");

    // Sparse: the key condition takes the type inside the `Option`, encoded as `Some(value)`
    // through the field's own serde function.
    let status = members(&trait_impl(&output, "Index", "OrderStatusIndex"));
    assert_eq!(status["Hash"], "String");
    assert_eq!(status["Range"], "String");
    assert_eq!(status["Item"], "Order");
    let encode = &status["encode_hash"];
    assert!(
        encode.contains("upper_option :: serialize (& :: core :: option :: Option :: Some (value)"),
        "{encode}"
    );

    // A local index: the table's partition key.
    let by_total = members(&trait_impl(&output, "Index", "OrderByTotalIndex"));
    assert_eq!(by_total["Hash"], "String");
    assert_eq!(by_total["HASH_KEY"], r#""order_id""#);
    assert_eq!(by_total["Range"], "u64");
    assert_eq!(
        by_total["NAME"],
        r#":: core :: option :: Option :: Some ("byTotal")"#
    );

    // Consistent reads: the table and local indexes only.
    let consistent: Vec<String> = impls(&output)
        .iter()
        .filter(|item| trait_name(item).as_deref() == Some("ConsistentRead"))
        .map(self_name)
        .collect();
    assert_eq!(consistent, ["OrderTable", "OrderByTotalIndex"]);

    let model = members(&trait_impl(&output, "Model", "Order"));
    assert_eq!(model["Table"], "OrderTable");
}

#[test]
fn the_model_has_partition_and_a_const_per_index() {
    let output = expand::table(tokens(ORDER_ARGS), tokens(ORDER));
    let inherent: Vec<syn::ImplItem> = impls(&output)
        .into_iter()
        .filter(|item| item.trait_.is_none() && self_name(item) == "Order")
        .flat_map(|item| item.items)
        .collect();
    let partition = inherent
        .iter()
        .find_map(|item| match item {
            syn::ImplItem::Fn(function) if function.sig.ident == "partition" => Some(function),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        partition.sig.to_token_stream().to_string(),
        "pub fn partition (order_id : impl :: aiodynamo :: __private :: IntoValue < String > ,) -> :: aiodynamo :: KeyCondition < OrderTable >"
            .replace("pub fn", "fn")
    );
    let consts: Vec<(String, String)> = inherent
        .iter()
        .filter_map(|item| match item {
            syn::ImplItem::Const(constant) => Some((
                constant.ident.to_string(),
                constant.ty.to_token_stream().to_string(),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        consts,
        [
            (
                "BY_CUSTOMER".to_owned(),
                ":: aiodynamo :: SecondaryIndex < OrderByCustomerIndex >".to_owned()
            ),
            (
                "STATUS_INDEX".to_owned(),
                ":: aiodynamo :: SecondaryIndex < OrderStatusIndex >".to_owned()
            ),
            (
                "BY_TOTAL".to_owned(),
                ":: aiodynamo :: SecondaryIndex < OrderByTotalIndex >".to_owned()
            ),
        ]
    );
}

#[test]
fn a_dashed_index_name_is_a_screaming_snake_const_and_a_type_without_a_second_index() {
    let args = r#""orders", hash_key = "order_id", gsi(name = "customer-index", hash_key = "customer_id")"#;
    let output = expand::table(tokens(args), tokens(ORDER));
    assert!(compile_errors(&output).is_empty(), "{output}");
    let text = output.to_string();
    assert!(
        text.contains(
            "pub const CUSTOMER_INDEX : :: aiodynamo :: SecondaryIndex < OrderCustomerIndex >"
        ),
        "{text}"
    );
    assert!(has_trait_impl(&output, "Index", "OrderCustomerIndex"));
}

#[test]
fn index_names_that_give_no_const_or_collide_are_errors_at_the_name() {
    let args = r#""orders", hash_key = "order_id",
        gsi(name = "by_customer", hash_key = "customer_id"),
        gsi(name = "byCustomer", hash_key = "customer_id"),
        gsi(name = "9lives", hash_key = "customer_id"),
        gsi(name = "shape", hash_key = "customer_id"),
        gsi(name = "customer", hash_key = "customer_id"),
        gsi(name = "customer_index", hash_key = "customer_id")"#;
    let output = expand::table(tokens(args), tokens(ORDER));
    let errors = compile_errors(&output);
    let messages: Vec<&str> = errors.iter().map(|(message, _)| message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "the indexes `by_customer` and `byCustomer` would both be the associated const `Order::BY_CUSTOMER`: rename one",
            "the index `9lives` cannot be named as an associated const of `Order`: `9LIVES` is not a Rust identifier; start the index name with a letter",
            "the index `shape` would be the associated const `Order::SHAPE`, which would hide `Order`'s own `SHAPE`: rename the index",
            "the index `customer_index` would be the type `OrderCustomerIndex` (the model's name, the index name in PascalCase without a last word `index`, then `Index`), which is already the type of the index `customer`: rename one",
        ]
    );
    assert_eq!(errors[0].1, position_of(args, "\"byCustomer\""));
    assert_eq!(errors[1].1, position_of(args, "\"9lives\""));
    assert_eq!(errors[2].1, position_of(args, "\"shape\""));
    assert_eq!(errors[3].1, position_of(args, "\"customer_index\""));
    // The stubs keep the table's items and the indexes whose names passed, once each.
    let text = output.to_string();
    assert!(text.contains("type Table = OrderTable"), "{text}");
    assert!(text.contains("pub fn partition"), "{text}");
    assert_eq!(text.matches("pub const BY_CUSTOMER").count(), 1, "{text}");
    assert_eq!(text.matches("pub const CUSTOMER :").count(), 1, "{text}");
    assert!(!text.contains("pub const SHAPE"), "{text}");
}

#[test]
fn a_model_whose_keys_do_not_resolve_still_has_its_table_type_and_partition() {
    let args = r#""orders", hash_key = "missing""#;
    let output = expand::table(tokens(args), tokens(ORDER));
    assert_eq!(compile_errors(&output).len(), 1);
    assert!(has_trait_impl(&output, "Index", "OrderTable"));
    assert!(has_trait_impl(&output, "ConsistentRead", "OrderTable"));
    let model = members(&trait_impl(&output, "Model", "Order"));
    assert_eq!(model["Table"], "OrderTable");
    let text = output.to_string();
    assert!(
        text.contains("pub fn partition (_ : impl :: core :: marker :: Sized)"),
        "{text}"
    );
}

const ACCOUNT: &str = r#"
pub struct Account {
    pub account_id: String,
    pub balance: i64,
    #[version]
    pub version: u64,
    #[ttl]
    pub expires_at: Option<aiodynamo::Timestamp>,
}
"#;

#[test]
fn version_and_ttl_are_in_the_schema_with_a_managed_path_and_a_versioned_impl() {
    let output = expand::table(
        tokens(r#""accounts", hash_key = "account_id""#),
        tokens(ACCOUNT),
    );
    assert!(compile_errors(&output).is_empty());
    assert_automatically_derived(&output);
    let text = output.to_string();
    // The markers are taken off the struct as written.
    let file = file(&output);
    let account = structure(&file, "Account");
    assert!(account.fields.iter().all(|field| field.attrs.is_empty()));
    // The schema names both attributes.
    assert!(
        text.contains(r#"Some (:: aiodynamo :: __private :: version :: < u64 > ("version")) , :: core :: option :: Option :: Some ("expires_at") ,"#),
        "{text}"
    );
    // The version's path ends in `VersionMember`; the others do not.
    assert_eq!(
        text.matches("__private :: VersionMember").count(),
        3,
        "{text}"
    );
    let versioned = trait_impl(&output, "Versioned", "Account");
    let members = members(&versioned);
    assert_eq!(members.get("Version").map(String::as_str), Some("u64"));
    // The TTL type is checked by a bound, at the field's type.
    assert!(text.contains("ttl_type :: < Option < aiodynamo :: Timestamp > >"));
}

#[test]
fn a_model_without_version_has_no_versioned_impl() {
    let output = expand::table(
        tokens(r#""users", hash_key = "user_id", range_key = "created_at""#),
        tokens(USER),
    );
    assert!(!has_trait_impl(&output, "Versioned", "User"));
    assert!(!output.to_string().contains("VersionMember"));
    assert!(!output.to_string().contains("ttl_type"));
}

#[test]
fn version_and_ttl_mistakes_are_each_one_error_at_the_marker() {
    let source = r#"
pub struct Account {
    #[version]
    pub account_id: String,
    #[ttl(days = 3)]
    pub a: Option<aiodynamo::Timestamp>,
    #[ttl]
    pub b: Option<aiodynamo::Timestamp>,
    #[version]
    pub c: u64,
    #[version]
    pub d: u64,
    #[serde(skip)]
    #[ttl]
    pub e: u64,
}
"#;
    let output = expand::table(
        tokens(r#""accounts", hash_key = "account_id""#),
        tokens(source),
    );
    let errors: Vec<String> = compile_errors(&output)
        .into_iter()
        .map(|(message, _)| message)
        .collect();
    assert_eq!(
        errors,
        [
            "`#[ttl]` takes no arguments",
            "a key cannot be the `#[version]` attribute: aiodynamo changes the version on every write, and DynamoDB never changes a key",
            "two fields are marked `#[version]`: a model has one version attribute",
            "two fields are marked `#[version]`: a model has one version attribute",
            "two fields are marked `#[ttl]`: a model has one ttl attribute",
            "two fields are marked `#[ttl]`: a model has one ttl attribute",
        ],
        "{output}"
    );
    // The stubs keep the first version field that can be one managed, with its `Versioned` impl.
    assert_automatically_derived(&output);
    let versioned = trait_impl(&output, "Versioned", "Account");
    assert!(versioned.to_token_stream().to_string().contains(". c ()"));
}

#[test]
fn an_index_name_dynamodb_refuses_is_one_error_at_it_never_a_panic() {
    for name in ["by²", "b", "by customer", "ünïcode"] {
        let args =
            format!(r#""users", hash_key = "user_id", gsi(name = "{name}", hash_key = "name")"#);
        let output = expand::table(tokens(&args), tokens(USER));
        let errors = compile_errors(&output);
        assert_eq!(errors.len(), 1, "{name}: {errors:?}");
        assert!(
            errors[0].0.contains("is no DynamoDB index name"),
            "{name}: {errors:?}"
        );
        assert_eq!(
            errors[0].1,
            position_of(&args, &format!("\"{name}\"")),
            "{name}"
        );
    }
}

#[test]
fn a_key_marker_on_a_field_serde_skips_is_an_error_at_the_marker() {
    let source = r#"#[derive(serde::Serialize)] struct User { #[hash_key] #[serde(skip)] user_id: String, name: String }"#;
    let output = expand::table(tokens(r#""users""#), tokens(source));
    let errors = compile_errors(&output);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        errors[0].0,
        "the hash key `user_id` is skipped by serde, so it is not stored"
    );
    assert_eq!(errors[0].1, position_of(source, "hash_key"));
}

#[test]
fn a_key_marker_with_arguments_is_an_error_at_it() {
    let source = r#"struct User { #[hash_key(sort)] user_id: String, #[range_key = "x"] at: u64 }"#;
    let output = expand::table(tokens(r#""users""#), tokens(source));
    let errors: Vec<String> = compile_errors(&output)
        .into_iter()
        .map(|(text, _)| text)
        .collect();
    assert_eq!(
        errors,
        [
            "`#[hash_key]` takes no arguments",
            "`#[range_key]` takes no arguments"
        ]
    );
}
