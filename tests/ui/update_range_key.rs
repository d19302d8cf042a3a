use aiodynamo::prelude::*;
use aiodynamo_tests::models::*;

fn main() {
    let _ = attr!(ComplexOrder, created_at).set("2027-01-01");
}
