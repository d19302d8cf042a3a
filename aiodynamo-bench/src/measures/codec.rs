//! Writing and reading an order (3 and 50 line items) with aiodynamo's codec, the hand-written
//! codec and serde_dynamo. Reading takes items by value: each block decodes clones made before
//! its clock starts, and outputs are dropped after it stops.

use aiodynamo::RawItem;

use crate::order::{Order, SerdeDynamoOrder, check_codecs_agree, hand, order};
use crate::report::{Goal, Row, Unit};
use crate::sample::{Pairs, seconds_per_call, take_turns};

/// The goal against hand-written code, both ways.
const GOAL: Goal = Goal::AtMost(1.15);

pub fn rows(repeats: usize) -> Vec<Row> {
    let mut rows = Vec::new();
    for line_items in [3, 50] {
        let order = order(line_items);
        let item = check_codecs_agree(&order);
        let sd_order = SerdeDynamoOrder::from(order.clone());
        // About 50 ms a block.
        let iterations = 150_000 / (line_items + 10);

        let [ours, hand, theirs] = take_turns(
            repeats,
            &mut [
                &mut || seconds_per_call(iterations, || aiodynamo::codec::to_item(&order)),
                &mut || seconds_per_call(iterations, || hand::write_order(&order)),
                &mut || {
                    seconds_per_call(iterations, || -> Result<RawItem, _> {
                        serde_dynamo::aws_sdk_dynamodb_1::to_item(&sd_order)
                    })
                },
            ],
        );
        let name = format!("codec write, {line_items} line items");
        rows.extend(against(&name, ours, hand, theirs));

        let [ours, hand, theirs] = take_turns(
            repeats,
            &mut [
                &mut || read(&item, iterations, aiodynamo::codec::from_item::<Order>),
                &mut || read(&item, iterations, hand::read_order),
                &mut || {
                    read(
                        &item,
                        iterations,
                        serde_dynamo::aws_sdk_dynamodb_1::from_item::<SerdeDynamoOrder>,
                    )
                },
            ],
        );
        let name = format!("codec read, {line_items} line items");
        rows.extend(against(&name, ours, hand, theirs));
    }
    rows
}

/// Rows of aiodynamo against hand-written code (with the goal) and against serde_dynamo.
fn against(name: &str, ours: Vec<f64>, hand: Vec<f64>, theirs: Vec<f64>) -> [Row; 2] {
    let pairs = |baseline| Pairs {
        ours: ours.clone(),
        baseline,
    };
    [
        Row::new(name, "hand-written", Unit::Seconds, &pairs(hand), GOAL),
        Row::new(
            name,
            "serde_dynamo",
            Unit::Seconds,
            &pairs(theirs),
            Goal::None,
        ),
    ]
}

/// Seconds per decode of `item` by `decode`, over `iterations` clones made beforehand.
fn read<T, E: std::fmt::Debug>(
    item: &RawItem,
    iterations: usize,
    decode: impl Fn(RawItem) -> Result<T, E>,
) -> f64 {
    let mut inputs: Vec<RawItem> = (0..iterations).map(|_| item.clone()).collect();
    let mut outputs = Vec::with_capacity(iterations);
    let seconds = seconds_per_call(iterations, || {
        let item = inputs.pop().expect("one input per call");
        outputs.push(decode(item).expect("decodes"));
    });
    drop(outputs);
    seconds
}
