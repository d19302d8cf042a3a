//! Peak resident memory while streaming a query of 2,000 and of 20,000 orders through
//! `.stream()`, each in a child process of its own (this binary, `--stream-child`), read from
//! its `VmHWM`: memory must not grow with the results.

use crate::order::{Order, numbered, order};
use crate::report::{Goal, Row, Unit};
use crate::sample::Pairs;
use crate::{Bench, raw_batch_write};

/// The argument that makes this binary a streaming child.
pub const CHILD: &str = "--stream-child";
const SIZES: [(&str, usize); 2] = [("stream-small", 2_000), ("stream-large", 20_000)];

pub async fn rows(bench: &Bench, repeats: usize) -> Vec<Row> {
    let template = order(3);
    for (partition, count) in SIZES {
        let orders: Vec<Order> = (0..count)
            .map(|i| numbered(&template, partition, i))
            .collect();
        raw_batch_write(&bench.db, &orders).await;
    }
    let mut pairs = Pairs::default();
    for _ in 0..repeats {
        let [small, large] =
            SIZES.map(|(partition, count)| peak_kib(bench.local.endpoint(), partition, count));
        pairs.push(large as f64, small as f64);
    }
    vec![Row::new(
        "query stream peak RSS, 20,000 items",
        "2,000 items",
        Unit::KiB,
        &pairs,
        Goal::AtMost(1.2),
    )]
}

/// Peak resident memory (KiB) of a child that streams `count` orders of `partition`.
fn peak_kib(endpoint: &str, partition: &str, count: usize) -> u64 {
    // The child finds the emulator as any program would: through the SDK's environment.
    let output = std::process::Command::new(std::env::current_exe().expect("this binary"))
        .args([CHILD, partition, &count.to_string()])
        .env("AWS_ENDPOINT_URL", endpoint)
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "aiodynamo")
        .env("AWS_SECRET_ACCESS_KEY", "aiodynamo")
        .output()
        .expect("the child runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .expect("the child prints its peak RSS")
}

/// In the child (DynamoDB Local named by `AWS_ENDPOINT_URL`): stream the partition, check the
/// count, print `VmHWM` (KiB).
pub fn child(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    use futures::TryStreamExt;

    let [partition, count] = args else {
        return Err(format!("usage: {CHILD} PARTITION COUNT").into());
    };
    let count: usize = count.parse()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let streamed = runtime.block_on(async {
        let db = aiodynamo::Db::from_env().await.with_table_prefix("bench-");
        db.query(Order::partition(partition.as_str()))
            .page_size(100)
            .stream()
            .try_fold(0usize, |seen, order: Order| async move {
                assert_eq!(order.order_id, *partition);
                Ok(seen + 1)
            })
            .await
    })?;
    if streamed != count {
        return Err(format!("streamed {streamed} orders of {count}").into());
    }
    let status = std::fs::read_to_string("/proc/self/status")?;
    let peak = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|kib| kib.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .ok_or("no VmHWM in /proc/self/status")?;
    println!("{peak}");
    Ok(())
}
