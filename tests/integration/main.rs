//! Integration tests against DynamoDB Local: one binary, so one JVM serves every test.

mod batch;
mod codec;
mod conditions;
mod crud;
mod faults;
mod hardening;
mod harness;
mod idempotent;
mod key_conditions;
mod keys;
mod limits;
mod observability;
mod proxied;
mod query;
mod render;
mod tables;
mod transactions;
mod types;
mod update;
mod versions;
