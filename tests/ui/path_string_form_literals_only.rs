// The string form takes literals only: a variable in brackets, or brackets left open, is an
// error at the literal saying what it expected.
use aiodynamo::prelude::*;

fn main() {
    let _ = attr!(ComplexOrder, "basket.items[i].qty");
    let _ = attr!(ComplexOrder, "basket.items[1");
}
