use aiodynamo::prelude::*;
use criterion::{Criterion, criterion_group, criterion_main};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::hint::black_box;

#[table("users", hash_key = "user_id")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub user_id: String,
    pub name: String,
    pub email: Option<String>,
    pub login_count: u64,
    pub roles: BTreeSet<String>,
}

fn db() -> Db {
    Db::new(aws_sdk_dynamodb::Client::from_conf(
        aws_sdk_dynamodb::Config::builder()
            .behavior_version_latest()
            .build(),
    ))
}

fn bench(c: &mut Criterion) {
    let db = db();
    let mut g = c.benchmark_group("stages");
    g.bench_function("paths", |b| {
        b.iter(|| {
            (
                attr!(User, name),
                attr!(User, email),
                attr!(User, login_count),
                attr!(User, name),
            )
        })
    });
    g.bench_function("actions", |b| {
        b.iter(|| {
            (
                [
                    attr!(User, name).set(black_box("Alice Smith")),
                    attr!(User, email).remove(),
                    attr!(User, login_count).add(1),
                ],
                attr!(User, name).eq(black_box("Alice")),
            )
        })
    });
    g.bench_function("key", |b| b.iter(|| User::key(black_box("u1")).to_item()));
    let update = || {
        db.update(
            User::key(black_box("u1")),
            [
                attr!(User, name).set(black_box("Alice Smith")),
                attr!(User, email).remove(),
                attr!(User, login_count).add(1),
            ],
        )
        .condition(attr!(User, name).eq(black_box("Alice")))
    };
    g.bench_function("builder", |b| b.iter(update));
    g.bench_function("prepare", |b| b.iter(|| update().prepare()));
    g.bench_function("input", |b| {
        b.iter(|| update().prepare().unwrap().into_input())
    });
    g.bench_function("build", |b| {
        b.iter(|| update().prepare().unwrap().into_input().build())
    });
    g.bench_function("table_name", |b| b.iter(|| db.table_name::<User>()));
    g.finish();
}
criterion_group!(benches, bench);
criterion_main!(benches);
