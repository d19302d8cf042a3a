use aiodynamo::prelude::*;
use aiodynamo_tests::models::*;

fn main() {
    let _ = attr!(ComplexOrder, basket.items[1].qty).set("nine");
}
