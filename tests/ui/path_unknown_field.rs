use aiodynamo::prelude::*;
use aiodynamo_tests::models::*;

fn main() {
    let _ = attr!(User, nmae);
}
