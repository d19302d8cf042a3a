//! Every rule a macro checks, each pushed to one `darling` accumulator per macro call, so all
//! mistakes are reported at once at the user's tokens; and the resolution of a table's keys and
//! indexes to fields. What failed comes back with whatever did parse, for the stubs of
//! [`crate::fallback`].
//!
//! Key *types* are checked by the compiler (the `KeyType` trait) in the generated code, where the
//! error can point at the field's type; so are the types of `#[version]` (`VersionType`) and
//! `#[ttl]` (`TtlType`) fields.

use darling::error::Accumulator;
use proc_macro2::{Span, TokenStream};
use syn::{DeriveInput, LitStr};

use crate::ast::{Index, Model, Projection, Table, UnitEnum};
use crate::attr::{self, IndexArgs, TableArgs};
use crate::names;

/// A `#[table]` that failed a check: the errors, and what parsed, for the stubs.
pub(crate) struct TableFailure {
    pub(crate) errors: darling::Error,
    /// The struct's fields, when it is a struct with named fields.
    pub(crate) model: Option<Model>,
    /// The key parts as far as they resolved: the hash key, then the range key when one is
    /// named; `None` for a part that names no field.
    pub(crate) keys: Vec<Option<usize>>,
    /// What resolved of the table: its name and the indexes whose keys and names passed.
    pub(crate) resolved: Resolved,
}

/// The parts of a table that resolved, whatever else failed.
#[derive(Default)]
pub(crate) struct Resolved {
    pub(crate) name: Option<LitStr>,
    pub(crate) global_indexes: Vec<Index>,
    pub(crate) local_indexes: Vec<Index>,
}

/// `#[table(..)]` on `input`: its fields, arguments and every rule.
pub(crate) fn table(
    input: &DeriveInput,
    args: TokenStream,
) -> Result<(Model, Table), Box<TableFailure>> {
    let mut errors = darling::Error::accumulator();
    let model = Model::from_input(input, &mut errors);
    let parsed = attr::table_args(args);
    let args = errors.handle(parsed.args);
    match &model {
        Some(model) => check_model(model, &mut errors),
        None => errors.push(not_named(input)),
    }
    let mut keys = Vec::new();
    let mut resolved = Resolved::default();
    let table = match (&model, args) {
        (Some(model), Some(args)) => check_table(
            model,
            args,
            Span::call_site(),
            &mut errors,
            &mut keys,
            &mut resolved,
        ),
        (model, _) => {
            // Only the markers are known: a part they do not name is unresolved.
            let marked = |marker: fn(&crate::ast::Field) -> Option<Span>| {
                model.as_ref().and_then(|model| {
                    model
                        .fields
                        .iter()
                        .position(|field| marker(field).is_some())
                })
            };
            keys.push(marked(|field| field.hash_marker));
            let range = marked(|field| field.range_marker);
            if range.is_some() || parsed.names_range_key {
                keys.push(range);
            }
            None
        }
    };
    match (errors.finish(), model, table) {
        (Ok(()), Some(model), Some(table)) => Ok((model, table)),
        (result, model, table) => Err(Box::new(TableFailure {
            errors: result.err().unwrap_or_else(|| {
                darling::Error::custom("invalid #[table]").with_span(&Span::call_site())
            }),
            model,
            keys,
            resolved: match table {
                Some(table) => Resolved {
                    name: Some(table.name),
                    global_indexes: table.global_indexes,
                    local_indexes: table.local_indexes,
                },
                None => resolved,
            },
        })),
    }
}

/// `#[derive(Document)]` on `input`: the model, or the errors with the model where it parsed.
pub(crate) fn document(input: &DeriveInput) -> Result<Model, Box<(darling::Error, Option<Model>)>> {
    let mut errors = darling::Error::accumulator();
    let model = Model::from_input(input, &mut errors);
    match &model {
        Some(model) => {
            check_model(model, &mut errors);
            for field in &model.fields {
                if let Some(span) = field.hash_marker.or(field.range_marker) {
                    errors.push(
                        darling::Error::custom(
                            "keys belong to a #[table] model, not to a Document",
                        )
                        .with_span(&span),
                    );
                }
            }
        }
        None => errors.push(not_named(input)),
    }
    match (errors.finish(), model) {
        (Ok(()), Some(model)) => Ok(model),
        (result, model) => Err(Box::new((
            result.err().unwrap_or_else(|| not_named(input)),
            model,
        ))),
    }
}

/// `#[derive(KeyType)]` on `input`: a unit enum serde stores as its variant names, or, with an
/// integer `#[repr]` and discriminants, as its numbers.
pub(crate) fn key_type(input: &DeriveInput) -> Result<UnitEnum, Box<(darling::Error, UnitEnum)>> {
    let mut errors = darling::Error::accumulator();
    let unit_enum = UnitEnum::from_input(input, &mut errors);
    if !unit_enum.is_enum {
        errors.push(
            darling::Error::custom(
                "`#[derive(KeyType)]` is for enums whose variants carry no data; for another type, implement `aiodynamo::KeyType` by hand",
            )
            .with_span(&input.ident),
        );
    }
    if let Some(span) = unit_enum.representation {
        errors.push(
            darling::Error::custom(
                "a key enum is stored as its variant names: with `tag`, `content` or `untagged`, serde stores it otherwise",
            )
            .with_span(&span),
        );
    }
    if unit_enum.is_numeric() {
        for variant in &unit_enum.without_discriminant {
            errors.push(
                darling::Error::custom(format!(
                    "variant `{variant}` has no discriminant: a key enum with an integer `#[repr]` is stored as its numbers, so give every variant one (`{variant} = 3`)"
                ))
                .with_span(variant),
            );
        }
    }
    for (variant, span) in &unit_enum.data_variants {
        errors.push(
            darling::Error::custom(format!(
                "variant `{variant}` carries data: a key is one string, so every variant of a key enum must be a unit variant"
            ))
            .with_span(span),
        );
    }
    match errors.finish() {
        Ok(()) => Ok(unit_enum),
        Err(error) => Err(Box::new((error, unit_enum))),
    }
}

fn not_named(input: &DeriveInput) -> darling::Error {
    darling::Error::custom("aiodynamo models and documents are structs with named fields")
        .with_span(&input.ident)
}

/// The rules of a struct's fields, for tables and documents alike.
fn check_model(model: &Model, errors: &mut Accumulator) {
    if !model.generics.params.is_empty() {
        errors.push(
            darling::Error::custom("aiodynamo models cannot be generic").with_span(&model.generics),
        );
    }
    if let Some(rule) = &model.rename_all
        && names::rename_all(&rule.value(), "x").is_none()
    {
        errors.push(
            darling::Error::custom(format!("unknown serde rename_all rule `{}`", rule.value()))
                .with_span(&rule.span()),
        );
    }
    for field in &model.fields {
        if let Some(span) = field.flatten {
            errors.push(
                darling::Error::custom(
                    "aiodynamo does not support `#[serde(flatten)]`: typed paths could not see the flattened attributes; use a `Document` field instead",
                )
                .with_span(&span),
            );
        }
    }
    for (position, field) in model.stored() {
        if model.fields[..position]
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
}

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
        (None, Some((position, span))) if model.fields[position].skip => {
            Err(darling::Error::custom(format!(
                "the {role} `{}` is skipped by serde, so it is not stored",
                model.fields[position].ident
            ))
            .with_span(&span))
        }
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

/// A table's arguments against its fields; `keys` gets the key parts as far as they resolve,
/// `resolved` the name and the indexes that resolved (for the stubs when a check failed).
fn check_table(
    model: &Model,
    args: TableArgs,
    call_site: Span,
    errors: &mut Accumulator,
    keys: &mut Vec<Option<usize>>,
    resolved: &mut Resolved,
) -> Option<Table> {
    if let (Some(positional), Some(_)) = (&args.positional_name, &args.name) {
        errors.push(darling::Error::custom("the table name is given twice").with_span(positional));
    }
    let name = args.positional_name.clone().or_else(|| args.name.clone());
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
    keys.push(hash_key);
    let range_named =
        args.range_key.is_some() || model.fields.iter().any(|f| f.range_marker.is_some());
    let range_key = errors
        .handle(key(
            model,
            args.range_key.as_ref(),
            |f| f.range_marker,
            "range key",
        ))
        .flatten();
    if range_named {
        keys.push(range_key);
    }
    if let (Some(hash), Some(range)) = (hash_key, range_key)
        && hash == range
    {
        errors.push(
            darling::Error::custom("the hash key and the range key are the same field")
                .with_span(&model.fields[range].ident),
        );
    }

    let table_keys = [hash_key, range_key];
    let version = marked_field(
        model,
        |f| f.version_marker,
        "version",
        errors,
        |position| {
            table_keys.contains(&Some(position)).then_some(
            "a key cannot be the `#[version]` attribute: aiodynamo changes the version on every write, and DynamoDB never changes a key",
        )
        },
    );
    let ttl = marked_field(model, |f| f.ttl_marker, "ttl", errors, |_| None);

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
    // Each name once (the first index of a name), and only names that give its items.
    let mut named = check_index_names(model, &all_names, errors);
    global_indexes.retain(|index| named.remove(&index.name.value()));
    local_indexes.retain(|index| named.remove(&index.name.value()));
    match (name, hash_key) {
        (Some(name), Some(hash_key)) => Some(Table {
            name,
            hash_key,
            range_key,
            global_indexes,
            local_indexes,
            version,
            ttl,
        }),
        (name, _) => {
            *resolved = Resolved {
                name,
                global_indexes,
                local_indexes,
            };
            None
        }
    }
}

/// The one field carrying the marker `#[name]` (`marker` gives a field's), if any: a second
/// marked field, a field serde skips, or one `refuse` gives a reason against, is an error.
pub(crate) fn marked_field(
    model: &Model,
    marker: fn(&crate::ast::Field) -> Option<Span>,
    name: &str,
    errors: &mut Accumulator,
    refuse: impl Fn(usize) -> Option<&'static str>,
) -> Option<usize> {
    let mut found = None;
    let mut seen = false;
    for (position, field) in model.fields.iter().enumerate() {
        let Some(span) = marker(field) else {
            continue;
        };
        let error = if seen {
            Some(format!(
                "two fields are marked `#[{name}]`: a model has one {name} attribute"
            ))
        } else if field.skip {
            Some(format!(
                "the `#[{name}]` field is skipped by serde, so it is not stored"
            ))
        } else {
            refuse(position).map(str::to_owned)
        };
        seen = true;
        match error {
            Some(message) => errors.push(darling::Error::custom(message).with_span(&span)),
            None => found = Some(position),
        }
    }
    found
}

/// What the model's trait consts would be shadowed by: `Model::SCHEMA` and `HasShape::SHAPE`
/// (an inherent const of the same name wins over them silently).
const RESERVED_CONSTS: [&str; 2] = ["SCHEMA", "SHAPE"];

/// The names generated for each index (its associated const and marker type) against each other
/// and the model's other items; returns the index names that passed. Field names do not collide
/// with the consts: fields are not associated items, and the field paths are methods of
/// `…Fields`, not of the model.
fn check_index_names(
    model: &Model,
    names: &[&LitStr],
    errors: &mut Accumulator,
) -> std::collections::HashSet<String> {
    let ident = &model.ident;
    let mut passed = std::collections::HashSet::new();
    let mut consts: Vec<(String, String)> = Vec::new();
    // The generated types a marker type could meet.
    let mut types: Vec<(String, String)> = [
        (crate::expand::key_ident(ident), "the key type"),
        (crate::expand::fields_ident(ident), "the typed paths"),
        (crate::expand::table_marker(ident), "the table's type"),
    ]
    .into_iter()
    .map(|(ty, what)| (ty.to_string(), what.to_owned()))
    .collect();
    for (position, name) in names.iter().enumerate() {
        let value = name.value();
        if names[..position].iter().any(|other| other.value() == value) {
            // Reported as two indexes with one name.
            continue;
        }
        let allowed = |ch: char| ch.is_ascii_alphanumeric() || matches!(ch, '_' | '-' | '.');
        if !(3..=255).contains(&value.len()) || !value.chars().all(allowed) {
            errors.push(
                darling::Error::custom(format!(
                    "`{value}` is no DynamoDB index name: 3 to 255 ASCII letters, digits, `_`, `-` and `.`"
                ))
                .with_span(*name),
            );
            continue;
        }
        let constant = names::index_const(&value);
        let marker = crate::expand::index_marker(ident, &value).to_string();
        let mut ok = true;
        if syn::parse_str::<syn::Ident>(&constant).is_err() {
            let why = if constant.is_empty() {
                "it has no letters or digits".to_owned()
            } else {
                format!("`{constant}` is not a Rust identifier")
            };
            errors.push(
                darling::Error::custom(format!(
                    "the index `{value}` cannot be named as an associated const of `{ident}`: {why}; start the index name with a letter"
                ))
                .with_span(*name),
            );
            ok = false;
        } else if let Some((_, other)) = consts.iter().find(|(taken, _)| *taken == constant) {
            errors.push(
                darling::Error::custom(format!(
                    "the indexes `{other}` and `{value}` would both be the associated const `{ident}::{constant}`: rename one"
                ))
                .with_span(*name),
            );
            ok = false;
        } else if RESERVED_CONSTS.contains(&constant.as_str()) {
            errors.push(
                darling::Error::custom(format!(
                    "the index `{value}` would be the associated const `{ident}::{constant}`, which would hide `{ident}`'s own `{constant}`: rename the index"
                ))
                .with_span(*name),
            );
            ok = false;
        } else if let Some((_, other)) = types.iter().find(|(taken, _)| *taken == marker) {
            errors.push(
                darling::Error::custom(format!(
                    "the index `{value}` would be the type `{marker}` (the model's name, the index name in PascalCase without a last word `index`, then `Index`), which is already {other}: rename one"
                ))
                .with_span(*name),
            );
            ok = false;
        }
        consts.push((constant, value.clone()));
        types.push((marker, format!("the type of the index `{value}`")));
        if ok {
            passed.insert(value);
        }
    }
    passed
}
