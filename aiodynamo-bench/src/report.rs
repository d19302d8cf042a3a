//! The suite's result: one row per measure, printed as a table and written as JSON and as an SVG
//! plot of the ratios against their goals.

use std::fmt::Write as _;
use std::path::Path;

use plotters::prelude::*;
use serde::Serialize;

use crate::sample::{Pairs, Spread};

/// What a measure's ratio (aiodynamo / baseline) should be.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", content = "ratio", rename_all = "snake_case")]
pub enum Goal {
    /// A cost: time, CPU, memory.
    AtMost(f64),
    /// A rate: operations or items per second.
    AtLeast(f64),
    /// Shown for comparison only.
    None,
}

impl Goal {
    fn met(self, ratio: f64) -> Option<bool> {
        match self {
            Goal::AtMost(goal) => Some(ratio <= goal),
            Goal::AtLeast(goal) => Some(ratio >= goal),
            Goal::None => None,
        }
    }

    fn text(self) -> String {
        match self {
            Goal::AtMost(goal) => format!("<= {goal}x"),
            Goal::AtLeast(goal) => format!(">= {goal}x"),
            Goal::None => "-".into(),
        }
    }
}

/// What a measure's values are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Seconds,
    PerSecond,
    KiB,
}

impl Unit {
    fn format(self, value: f64) -> String {
        match self {
            Unit::Seconds if value < 1e-6 => format!("{:.0} ns", value * 1e9),
            Unit::Seconds if value < 1e-3 => format!("{:.2} us", value * 1e6),
            Unit::Seconds if value < 1.0 => format!("{:.2} ms", value * 1e3),
            Unit::Seconds => format!("{value:.2} s"),
            Unit::PerSecond => format!("{value:.0}/s"),
            Unit::KiB => format!("{:.1} MiB", value / 1024.0),
        }
    }
}

/// One measure: aiodynamo's value, its baseline's, their ratio, each as a median and range over
/// the repeats.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub measure: String,
    pub baseline_name: String,
    pub unit: Unit,
    pub aiodynamo: Spread,
    pub baseline: Spread,
    pub ratio: Spread,
    pub goal: Goal,
    pub met: Option<bool>,
}

impl Row {
    pub fn new(
        measure: impl Into<String>,
        baseline_name: impl Into<String>,
        unit: Unit,
        pairs: &Pairs,
        goal: Goal,
    ) -> Row {
        let ratio = Spread::of(&pairs.ratios());
        Row {
            measure: measure.into(),
            baseline_name: baseline_name.into(),
            unit,
            aiodynamo: Spread::of(&pairs.ours),
            baseline: Spread::of(&pairs.baseline),
            ratio,
            goal,
            met: goal.met(ratio.median),
        }
    }

    /// One line of progress.
    pub fn summary(&self) -> String {
        format!(
            "{}: {:.3}x {} ({})",
            self.measure,
            self.ratio.median,
            self.baseline_name,
            self.goal.text()
        )
    }
}

/// The rows as a fixed-width text table (also valid Markdown).
pub fn table(rows: &[Row]) -> String {
    let header = [
        "measure",
        "aiodynamo",
        "baseline",
        "ratio (median, range)",
        "goal",
        "met",
    ];
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|row| {
            [
                row.measure.clone(),
                row.unit.format(row.aiodynamo.median),
                format!(
                    "{} ({})",
                    row.unit.format(row.baseline.median),
                    row.baseline_name
                ),
                format!(
                    "{:.3}x ({:.3}-{:.3})",
                    row.ratio.median, row.ratio.min, row.ratio.max
                ),
                row.goal.text(),
                match row.met {
                    Some(true) => "yes".into(),
                    Some(false) => "NO".into(),
                    None => "-".into(),
                },
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|column| {
            cells
                .iter()
                .map(|row| row[column].chars().count())
                .chain([header[column].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    let mut line = |cells: &[&str]| {
        out.push('|');
        for (cell, width) in cells.iter().zip(&widths) {
            let _ = write!(out, " {cell:<width$} |");
        }
        out.push('\n');
    };
    line(&header);
    let rule: Vec<String> = widths.iter().map(|width| "-".repeat(*width)).collect();
    line(&rule.iter().map(String::as_str).collect::<Vec<_>>());
    for row in &cells {
        line(&row.iter().map(String::as_str).collect::<Vec<_>>());
    }
    out
}

/// The run as JSON: where it ran, how often each measure repeated, and the rows.
pub fn json(rows: &[Row], repeats: usize) -> serde_json::Value {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|line| line.strip_prefix("model name"))
                .map(|name| name.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_default();
    serde_json::json!({
        "machine": {
            "cpu": cpu,
            "cores": std::thread::available_parallelism().map(usize::from).unwrap_or(1),
        },
        "repeats": repeats,
        "rows": rows,
    })
}

/// A horizontal bar per measure (its median ratio, a line for its range), with its goal marked;
/// bars meeting their goal are green, those missing it red, those without one grey.
pub fn plot(rows: &[Row], path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let height = 80 + 28 * rows.len() as u32;
    let root = SVGBackend::new(path, (1000, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let largest = rows
        .iter()
        .flat_map(|row| {
            let goal = match row.goal {
                Goal::AtMost(goal) | Goal::AtLeast(goal) => goal,
                Goal::None => 0.0,
            };
            [row.ratio.max, goal]
        })
        .fold(1.5, f64::max)
        .min(10.0);
    let count = rows.len() as i32;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "aiodynamo / baseline (median, range over repeats)",
            ("sans-serif", 18),
        )
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(330)
        .build_cartesian_2d(0.0..largest * 1.05, (0..count).into_segmented())?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(rows.len())
        .y_label_formatter(&|segment| match segment {
            SegmentValue::CenterOf(index) => rows
                .get(*index as usize)
                .map(|row| format!("{} vs {}", row.measure, row.baseline_name))
                .unwrap_or_default(),
            _ => String::new(),
        })
        .x_desc("ratio")
        .draw()?;
    for (index, row) in rows.iter().enumerate() {
        let index = index as i32;
        let color = match row.met {
            Some(true) => RGBColor(46, 160, 67),
            Some(false) => RGBColor(207, 34, 46),
            None => RGBColor(140, 140, 140),
        };
        let bar = Rectangle::new(
            [
                (0.0, SegmentValue::Exact(index)),
                (
                    row.ratio.median.min(largest),
                    SegmentValue::Exact(index + 1),
                ),
            ],
            color.mix(0.7).filled(),
        );
        let range = PathElement::new(
            vec![
                (row.ratio.min.min(largest), SegmentValue::CenterOf(index)),
                (row.ratio.max.min(largest), SegmentValue::CenterOf(index)),
            ],
            BLACK.stroke_width(2),
        );
        chart.draw_series([bar])?;
        chart.draw_series([range])?;
        if let Goal::AtMost(goal) | Goal::AtLeast(goal) = row.goal {
            let mark = PathElement::new(
                vec![
                    (goal, SegmentValue::Exact(index)),
                    (goal, SegmentValue::Exact(index + 1)),
                ],
                BLUE.stroke_width(3),
            );
            chart.draw_series([mark])?;
        }
    }
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(goal: Goal, ours: f64, baseline: f64) -> Row {
        let mut pairs = Pairs::default();
        pairs.push(ours, baseline);
        Row::new("put", "raw SDK", Unit::Seconds, &pairs, goal)
    }

    #[test]
    fn goals_are_judged_on_the_median_ratio() {
        assert_eq!(row(Goal::AtMost(1.05), 1.04, 1.0).met, Some(true));
        assert_eq!(row(Goal::AtMost(1.05), 1.2, 1.0).met, Some(false));
        assert_eq!(row(Goal::AtLeast(0.97), 0.9, 1.0).met, Some(false));
        assert_eq!(row(Goal::None, 3.0, 1.0).met, None);
    }

    #[test]
    fn the_table_aligns_its_columns() {
        let text = table(&[row(Goal::AtMost(1.05), 2e-6, 1e-6)]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines.iter().all(|line| line.len() == lines[0].len()));
        assert!(lines[2].contains("2.00 us"), "{text}");
        assert!(lines[2].contains("2.000x"), "{text}");
        assert!(lines[2].contains("NO"), "{text}");
    }
}
