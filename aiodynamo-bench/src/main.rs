//! `cargo run --release -p aiodynamo-bench [-- --repeats N] [--out DIR] [--only a,b]`: every
//! measure side by side in one run, one table of ratios; writes `benchmarks.{txt,json,svg}` to
//! `DIR` (default `target/bench-report`). Measures: codec, update, client, throughput, batch,
//! stream, compile.

use std::path::PathBuf;
use std::time::Instant;

use aiodynamo_bench::Bench;
use aiodynamo_bench::measures::{
    batch, client, codec, compile, stream, throughput, update_request,
};
use aiodynamo_bench::report::{self, Row};

const MEASURES: [&str; 7] = [
    "codec",
    "update",
    "client",
    "throughput",
    "batch",
    "stream",
    "compile",
];

struct Options {
    repeats: usize,
    out: PathBuf,
    only: Vec<String>,
}

fn options(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        repeats: 5,
        out: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench-report"),
        only: MEASURES.map(String::from).to_vec(),
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--repeats" => {
                options.repeats = value()?
                    .parse()
                    .ok()
                    .filter(|repeats| *repeats > 0)
                    .ok_or("--repeats takes a count above 0")?
            }
            "--out" => options.out = PathBuf::from(value()?),
            "--only" => {
                options.only = value()?.split(',').map(String::from).collect();
                if let Some(unknown) = options
                    .only
                    .iter()
                    .find(|m| !MEASURES.contains(&m.as_str()))
                {
                    return Err(format!(
                        "no measure `{unknown}`: the measures are {MEASURES:?}"
                    ));
                }
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(options)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some(stream::CHILD) {
        return stream::child(&args[1..]);
    }
    let options = options(&args)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let rows = runtime.block_on(run(&options))?;

    let table = report::table(&rows);
    println!("\n{table}");
    std::fs::create_dir_all(&options.out)?;
    std::fs::write(options.out.join("benchmarks.txt"), &table)?;
    let json = report::json(&rows, options.repeats);
    std::fs::write(
        options.out.join("benchmarks.json"),
        serde_json::to_string_pretty(&json)?,
    )?;
    report::plot(&rows, &options.out.join("benchmarks.svg"))?;
    eprintln!("written to {}", options.out.display());
    Ok(())
}

async fn run(options: &Options) -> Result<Vec<Row>, Box<dyn std::error::Error>> {
    let started = Instant::now();
    let wanted = |name: &str| options.only.iter().any(|m| m == name);
    let total = options.only.len();
    let mut step = 0;
    let mut announce = |name: &str| {
        step += 1;
        eprintln!(
            "[{step}/{total}, {:.0} s] {name} ({} repeats)...",
            started.elapsed().as_secs_f64(),
            options.repeats
        );
    };
    let progress = |row: &Row| eprintln!("    {}", row.summary());
    let shown = |rows: Vec<Row>| {
        rows.iter().for_each(progress);
        rows
    };
    let repeats = options.repeats;
    let mut rows = Vec::new();
    if wanted("codec") {
        announce("codec: write and read an order");
        rows.extend(shown(codec::rows(repeats)));
    }
    if wanted("update") {
        announce("building an update request");
        rows.extend(shown(update_request::rows(repeats)));
    }
    if ["client", "throughput", "batch", "stream"]
        .iter()
        .any(|name| wanted(name))
    {
        eprintln!("starting DynamoDB Local (the first run downloads it)...");
        let bench = Bench::start().await?;
        if wanted("client") {
            announce("client CPU per operation");
            rows.extend(client::rows(&bench, repeats, &progress).await);
        }
        if wanted("throughput") {
            announce("end-to-end throughput");
            rows.extend(throughput::rows(&bench, repeats, &progress).await);
        }
        if wanted("batch") {
            announce("batch_write of 10,000 items");
            rows.extend(batch::rows(&bench, repeats, &progress).await);
        }
        if wanted("stream") {
            announce("query stream memory");
            rows.extend(shown(stream::rows(&bench, repeats).await));
        }
    }
    if wanted("compile") {
        announce("compile time of 50 models");
        rows.extend(shown(compile::rows(repeats)?));
    }
    Ok(rows)
}
