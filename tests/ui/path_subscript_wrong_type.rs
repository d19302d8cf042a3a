// A runtime value in brackets is resolved by its type: a `usize` indexes a list, a string names
// a map entry. Anything else, or the other one, is refused at the value.
use aiodynamo::prelude::*;
use aiodynamo_tests::models::*;

fn main() {
    let ratio = 0.5_f64;
    let _ = attr!(ComplexOrder, prices[ratio]);
    let sku = "abc";
    let _ = attr!(ComplexOrder, basket.items[sku].qty);
    let n: u32 = 1;
    let _ = attr!(ComplexOrder, basket.items[n]);
}
