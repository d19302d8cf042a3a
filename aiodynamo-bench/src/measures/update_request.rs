//! Building the seed page's update request: aiodynamo against hand-written `format!`-free
//! constants and maps (see [`crate::update_request`]).

use std::hint::black_box;

use crate::report::{Goal, Row, Unit};
use crate::sample::{Pairs, seconds_per_call, take_turns};
use crate::update_request::{
    aiodynamo_request, check_builders_agree, hand_written_request, offline_db,
};

pub fn rows(repeats: usize) -> Vec<Row> {
    let db = offline_db();
    check_builders_agree(&db);
    let iterations = 30_000;
    let [ours, baseline] = take_turns(
        repeats,
        &mut [
            &mut || {
                seconds_per_call(iterations, || {
                    aiodynamo_request(
                        &db,
                        black_box("u1"),
                        black_box("Alice Smith"),
                        black_box("Alice"),
                    )
                })
            },
            &mut || {
                seconds_per_call(iterations, || {
                    hand_written_request(
                        black_box("u1"),
                        black_box("Alice Smith"),
                        black_box("Alice"),
                        black_box(1),
                    )
                })
            },
        ],
    );
    vec![Row::new(
        "update request build",
        "hand-written",
        Unit::Seconds,
        &Pairs { ours, baseline },
        Goal::AtMost(1.2),
    )]
}
