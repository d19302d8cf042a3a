//! The seed page's multi-action update, built as the SDK's `UpdateItemInput`: with aiodynamo
//! (typed paths, `db.update(..).condition(..).prepare()`, then the SDK input, as `send` does),
//! and by hand (the same placeholders, the same maps). Both produce an equal `UpdateItemInput`
//! (asserted once before timing).
//!
//! Also counts heap allocations per request for each, with a counting global allocator, over
//! many requests outside criterion's timing, and prints them.
//!
//! `cargo bench -p aiodynamo-bench --bench expression -- --warm-up-time 1 --measurement-time 3`

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use aiodynamo::prelude::*;
use aiodynamo_bench::update_request::{
    User, aiodynamo_request, check_builders_agree, hand_written_request, offline_db, seed_update,
};
use criterion::{Criterion, criterion_group, criterion_main};

/// `System`, counting allocation calls (`alloc`, `alloc_zeroed`), reallocations and bytes asked
/// while `COUNTING` is on: off while criterion times, so the counters' atomics are not timed.
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static REALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is forwarded unchanged to `System`; the counters have no effect on memory.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(1, layout.size());
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, which `System` shares.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(1, layout.size());
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with `layout` (every allocation goes there).
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            REALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            BYTES.fetch_add(
                new_size.saturating_sub(layout.size()) as u64,
                Ordering::Relaxed,
            );
        }
        // SAFETY: as for `dealloc`; the caller upholds `realloc`'s contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

fn count(allocations: u64, bytes: usize) {
    if COUNTING.load(Ordering::Relaxed) {
        ALLOCATIONS.fetch_add(allocations, Ordering::Relaxed);
        BYTES.fetch_add(bytes as u64, Ordering::Relaxed);
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocation calls (and reallocations, bytes) per call of `f`, over `n` calls.
fn allocations_per_call<T>(n: u64, mut f: impl FnMut() -> T) -> (f64, f64, f64) {
    // One call first, so one-time initialisation (thread-local hash keys, `OnceLock`s) is not
    // counted.
    drop(black_box(f()));
    COUNTING.store(true, Ordering::Relaxed);
    let (a0, r0, b0) = counters();
    for _ in 0..n {
        drop(black_box(f()));
    }
    let (a1, r1, b1) = counters();
    COUNTING.store(false, Ordering::Relaxed);
    let per = |before: u64, after: u64| (after - before) as f64 / n as f64;
    (per(a0, a1), per(r0, r1), per(b0, b1))
}

fn counters() -> (u64, u64, u64) {
    (
        ALLOCATIONS.load(Ordering::Relaxed),
        REALLOCATIONS.load(Ordering::Relaxed),
        BYTES.load(Ordering::Relaxed),
    )
}

fn report_allocations(db: &Db) {
    const N: u64 = 10_000;
    let ours = allocations_per_call(N, || {
        aiodynamo_request(
            db,
            black_box("u1"),
            black_box("Alice Smith"),
            black_box("Alice"),
        )
    });
    let hand = allocations_per_call(N, || {
        hand_written_request(
            black_box("u1"),
            black_box("Alice Smith"),
            black_box("Alice"),
            black_box(1),
        )
    });
    println!(
        "allocations per request: aiodynamo {}, hand-written {}",
        ours.0, hand.0
    );
    println!(
        "reallocations per request: aiodynamo {}, hand-written {}; bytes allocated per request: \
         aiodynamo {}, hand-written {}",
        ours.1, hand.1, ours.2, hand.2
    );

    // Where aiodynamo's allocations go, stage by stage (each line includes the ones above it).
    let paths = allocations_per_call(N, || {
        (
            attr!(User, name),
            attr!(User, email),
            attr!(User, login_count),
            attr!(User, name),
        )
    });
    let actions = allocations_per_call(N, || {
        (
            [
                attr!(User, name).set(black_box("Alice Smith")),
                attr!(User, email).remove(),
                attr!(User, login_count).add(1),
            ],
            attr!(User, name).eq(black_box("Alice")),
        )
    });
    let update = || {
        seed_update(
            db,
            black_box("u1"),
            black_box("Alice Smith"),
            black_box("Alice"),
        )
    };
    let built = allocations_per_call(N, update);
    let prepared = allocations_per_call(N, || update().prepare());
    println!(
        "aiodynamo allocations, cumulative: 4 typed paths {}, + 3 actions and the condition {}, \
         + db.update (key, action list) {}, + prepare (table name, rendering) {} (reallocations \
         {}), + UpdateItemInput {}",
        paths.0, actions.0, built.0, prepared.0, prepared.1, ours.0
    );
}

fn bench(c: &mut Criterion) {
    let db = offline_db();
    check_builders_agree(&db);
    let rendered = seed_update(&db, "u1", "Alice Smith", "Alice")
        .render()
        .expect("a valid request");
    println!("aiodynamo renders: {rendered:?}");
    report_allocations(&db);

    let mut group = c.benchmark_group("update_request");
    group.bench_function("aiodynamo", |b| {
        b.iter(|| {
            aiodynamo_request(
                &db,
                black_box("u1"),
                black_box("Alice Smith"),
                black_box("Alice"),
            )
        })
    });
    group.bench_function("hand_written", |b| {
        b.iter(|| {
            hand_written_request(
                black_box("u1"),
                black_box("Alice Smith"),
                black_box("Alice"),
                black_box(1),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
