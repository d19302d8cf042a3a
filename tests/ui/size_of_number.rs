use aiodynamo::prelude::*;
use aiodynamo_tests::models::*;

fn main() {
    let _ = attr!(User, login_count).size().gt(3);
}
