//! Compile-time rules: each case in `ui/` must fail to compile with the reviewed message beside it.

#[test]
fn compile_errors() {
    trybuild::TestCases::new().compile_fail("ui/*.rs");
}
