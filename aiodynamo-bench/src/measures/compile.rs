//! Compile time of 50 models: a generated crate of 50 `#[table]` models (each with a nested
//! `Document`) against the same crate with serde's derives alone. Each build recompiles only
//! that crate (its dependencies are built once first), without incremental compilation.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::report::{Goal, Row, Unit};
use crate::sample::{Pairs, take_turns};

const MODELS: usize = 50;

pub fn rows(repeats: usize) -> Result<Vec<Row>, Box<dyn std::error::Error>> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or("no workspace above the bench crate")?;
    // The workspace's own target folder: the dependencies it has built are reused.
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace.join("target"));
    let root = target.join("bench-compile");
    let with_table = generate(&root.join("table"), workspace, true)?;
    let serde_only = generate(&root.join("serde"), workspace, false)?;
    // Dependencies first, untimed.
    build(&with_table, &target)?;
    build(&serde_only, &target)?;
    // A failed build ends the measure; its error is kept to return.
    let failure = RefCell::new(None);
    let timed = |dir: &Path| {
        build(dir, &target).unwrap_or_else(|error| {
            failure.borrow_mut().get_or_insert(error);
            f64::NAN
        })
    };
    let [ours, baseline] = take_turns(
        repeats,
        &mut [&mut || timed(&with_table), &mut || timed(&serde_only)],
    );
    if let Some(error) = failure.into_inner() {
        return Err(error);
    }
    Ok(vec![Row::new(
        format!("compile {MODELS} models"),
        "serde derive alone",
        Unit::Seconds,
        &Pairs { ours, baseline },
        Goal::AtMost(1.5),
    )])
}

/// Writes a crate of 50 models at `dir` (with `#[table]` and `Document`, or serde's derives
/// alone), using the workspace's lock file so it builds offline with the same versions.
fn generate(
    dir: &Path,
    workspace: &Path,
    table: bool,
) -> Result<PathBuf, Box<dyn std::error::Error>> {
    std::fs::create_dir_all(dir.join("src"))?;
    let manifest = format!(
        r#"[package]
name = "bench-models-{kind}"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
aiodynamo = {{ path = {aiodynamo:?} }}
serde = {{ version = "1", features = ["derive"] }}

[workspace]
"#,
        kind = if table { "table" } else { "serde" },
        aiodynamo = workspace.join("aiodynamo"),
    );
    std::fs::write(dir.join("Cargo.toml"), manifest)?;
    std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock"))?;
    std::fs::write(dir.join("src/lib.rs"), models(table))?;
    Ok(dir.to_owned())
}

/// The source of the 50 models.
fn models(table: bool) -> String {
    let mut source = String::from(
        "#![allow(dead_code)]\nuse serde::{Deserialize, Serialize};\nuse std::collections::BTreeSet;\n",
    );
    for i in 0..MODELS {
        let (table_attr, document) = if table {
            (
                format!(
                    "#[aiodynamo::table(\"orders_{i}\", hash_key = \"order_id\", range_key = \"created_at\")]\n"
                ),
                ", aiodynamo::Document",
            )
        } else {
            (String::new(), "")
        };
        let _ = write!(
            source,
            r#"
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize{document})]
pub struct Line{i} {{
    pub sku: String,
    pub qty: u32,
    pub price_cents: u64,
}}

{table_attr}#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Order{i} {{
    pub order_id: String,
    pub created_at: String,
    pub customer_id: String,
    pub status: String,
    pub total: u64,
    pub note: Option<String>,
    pub tags: BTreeSet<String>,
    pub lines: Vec<Line{i}>,
}}
"#
        );
    }
    source
}

/// Seconds to build the crate at `dir` after touching its source: only it recompiles.
fn build(dir: &Path, target: &Path) -> Result<f64, Box<dyn std::error::Error>> {
    let lib = dir.join("src/lib.rs");
    let source = std::fs::read(&lib)?;
    std::fs::write(&lib, source)?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let start = Instant::now();
    let output = Command::new(cargo)
        .args(["build", "--offline", "--quiet"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .output()?;
    let seconds = start.elapsed().as_secs_f64();
    if !output.status.success() {
        return Err(format!(
            "building {}: {}",
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(seconds)
}
