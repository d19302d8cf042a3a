//! Checks a table's arguments against its fields and resolves every key to a field.
//!
//! Key *types* are checked by the compiler (the `KeyType` trait) in the generated code, where the
//! error can point at the field's type.

use proc_macro2::Span;
use syn::LitStr;

use crate::ast::{Index, Model, Projection, Table};
use crate::attr::{IndexArgs, TableArgs};

/// The field a key names: by Rust field name or by attribute name.
fn field(model: &Model, key: &LitStr, role: &str) -> darling::Result<usize> {
    let wanted = key.value();
    let found = model
        .fields
        .iter()
        .position(|field| field.ident == wanted || field.name == wanted);
    match found {
        Some(position) if model.fields[position].skip => Err(darling::Error::custom(format!(
            "the {role} `{wanted}` is skipped by serde, so it is not stored"
        ))
        .with_span(key)),
        Some(position) => Ok(position),
        None => {
            let names = model
                .stored()
                .map(|(_, field)| field.ident.to_string())
                .collect::<Vec<_>>();
            Err(darling::Error::custom(format!(
                "the {role} `{wanted}` is not a field of `{}` (fields: {})",
                model.ident,
                names.join(", ")
            ))
            .with_span(key))
        }
    }
}

/// A key from the arguments or from a field marker, but not both, and not two markers.
fn key(
    model: &Model,
    argument: Option<&LitStr>,
    marker: fn(&crate::ast::Field) -> Option<Span>,
    role: &str,
) -> darling::Result<Option<usize>> {
    let mut marked = model
        .fields
        .iter()
        .enumerate()
        .filter_map(|(position, field)| marker(field).map(|span| (position, span)));
    let first = marked.next();
    if let Some((_, span)) = marked.next() {
        return Err(
            darling::Error::custom(format!("two fields are marked as the {role}")).with_span(&span),
        );
    }
    match (argument, first) {
        (Some(_), Some((_, span))) => Err(darling::Error::custom(format!(
            "the {role} is given twice: in #[table(..)] and by this marker; keep one"
        ))
        .with_span(&span)),
        (Some(argument), None) => field(model, argument, role).map(Some),
        (None, Some((position, _))) => Ok(Some(position)),
        (None, None) => Ok(None),
    }
}

fn projection(index: &IndexArgs) -> darling::Result<Projection> {
    let kind = index.projection.as_ref().map(LitStr::value);
    match (kind.as_deref(), index.include.is_empty()) {
        (None | Some("all"), true) => Ok(Projection::All),
        (Some("keys_only"), true) => Ok(Projection::KeysOnly),
        (None | Some("include"), false) => Ok(Projection::Include(index.include.clone())),
        (Some("include"), true) => Err(darling::Error::custom(
            "`projection = \"include\"` needs `include = [\"attribute\", ..]`",
        )
        .with_span(&index.name)),
        (Some("all" | "keys_only"), false) => Err(darling::Error::custom(
            "`include` goes with `projection = \"include\"` only",
        )
        .with_span(&index.name)),
        (Some(other), _) => Err(darling::Error::custom(format!(
            "unknown projection `{other}`: expected \"all\", \"keys_only\" or \"include\""
        ))
        .with_span(index.projection.as_ref().unwrap_or(&index.name))),
    }
}

pub(crate) fn table(model: &Model, args: TableArgs, call_site: Span) -> darling::Result<Table> {
    let mut errors = darling::Error::accumulator();
    let name = args.name.clone();
    if name.is_none() {
        errors.push(
            darling::Error::custom(
                "#[table] needs the table name: #[table(\"users\", hash_key = \"id\")]",
            )
            .with_span(&call_site),
        );
    }
    let hash_key = match key(model, args.hash_key.as_ref(), |f| f.hash_marker, "hash key") {
        Ok(Some(position)) => Some(position),
        Ok(None) => {
            errors.push(
                darling::Error::custom("#[table] needs a hash key: add `hash_key = \"field\"` or mark a field with #[hash_key]")
                    .with_span(&call_site),
            );
            None
        }
        Err(error) => {
            errors.push(error);
            None
        }
    };
    let range_key = errors
        .handle(key(
            model,
            args.range_key.as_ref(),
            |f| f.range_marker,
            "range key",
        ))
        .flatten();
    if let (Some(hash), Some(range)) = (hash_key, range_key)
        && hash == range
    {
        errors.push(
            darling::Error::custom("the hash key and the range key are the same field")
                .with_span(&model.fields[range].ident),
        );
    }

    let mut global_indexes = Vec::new();
    for index in &args.gsi {
        let Some(hash) = &index.hash_key else {
            errors.push(
                darling::Error::custom("a global secondary index needs `hash_key = \"field\"`")
                    .with_span(&index.name),
            );
            continue;
        };
        let hash_key = errors.handle(field(model, hash, "index hash key"));
        let range_key = index
            .range_key
            .as_ref()
            .and_then(|range| errors.handle(field(model, range, "index range key")));
        let projection = errors.handle(projection(index));
        if let (Some(hash_key), Some(projection)) = (hash_key, projection) {
            global_indexes.push(Index {
                name: index.name.clone(),
                hash_key: Some(hash_key),
                range_key,
                projection,
            });
        }
    }
    let mut local_indexes = Vec::new();
    for index in &args.lsi {
        if let Some(hash) = &index.hash_key {
            errors.push(
                darling::Error::custom(
                    "a local secondary index shares the table's hash key: remove `hash_key`",
                )
                .with_span(hash),
            );
        }
        if range_key.is_none() && args.range_key.is_none() {
            errors.push(
                darling::Error::custom("local secondary indexes need a table with a range key")
                    .with_span(&index.name),
            );
        }
        let Some(range) = &index.range_key else {
            errors.push(
                darling::Error::custom("a local secondary index needs `range_key = \"field\"`")
                    .with_span(&index.name),
            );
            continue;
        };
        let range_key = errors.handle(field(model, range, "index range key"));
        let projection = errors.handle(projection(index));
        if let (Some(range_key), Some(projection)) = (range_key, projection) {
            local_indexes.push(Index {
                name: index.name.clone(),
                hash_key: None,
                range_key: Some(range_key),
                projection,
            });
        }
    }
    let all_names = args
        .gsi
        .iter()
        .chain(&args.lsi)
        .map(|index| &index.name)
        .collect::<Vec<_>>();
    for (position, name) in all_names.iter().enumerate() {
        if all_names[..position]
            .iter()
            .any(|other| other.value() == name.value())
        {
            errors.push(
                darling::Error::custom(format!("two indexes are named `{}`", name.value()))
                    .with_span(*name),
            );
        }
    }
    let table = match (name, hash_key) {
        (Some(name), Some(hash_key)) => Some(Table {
            name,
            hash_key,
            range_key,
            global_indexes,
            local_indexes,
        }),
        _ => None,
    };
    errors.finish()?;
    table.ok_or_else(|| darling::Error::custom("invalid #[table]").with_span(&call_site))
}
