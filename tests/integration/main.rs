//! Integration tests against DynamoDB Local: one binary, so one JVM serves every test.

mod codec;
mod crud;
mod tables;
mod update;
