use aiodynamo::prelude::*;
use aiodynamo_tests::models::*;

fn main() {
    let _ = attr!(ComplexOrder, "basket.itemz[1].qty");
}
