//! Geometry of the career map and the salary chart: where each stage and side path sits in
//! the wide and tall layouts, the connectors between them, and the chart's bars and ticks.

use super::pay::PayWords;
use super::{CareerMap, ChartRow, Pay, SalaryChart, SidePath, Stage, Tick};

/// Width of the wide layout's view box.
const WIDE_WIDTH: f64 = 1200.0;
/// Vertical position of the stages in the wide layout.
const WIDE_STAGE_Y: f64 = 96.0;
/// Vertical position of the side paths in the wide layout.
const WIDE_SIDE_Y: f64 = 330.0;
/// Height of one row of the tall layout.
const TALL_ROW: f64 = 100.0;
/// Height of a side-path row of the tall layout.
const TALL_SIDE_ROW: f64 = 64.0;
/// Width of the salary chart's plot area (view-box units).
const CHART_PLOT: f64 = 560.0;

/// Places stages and side paths in both layouts and draws the connectors.
pub(super) fn lay_out(
    mut stages: Vec<Stage>,
    side: Vec<(usize, SidePath)>,
    words: &PayWords<'_>,
) -> CareerMap {
    let n = stages.len().max(1) as f64;
    let step = WIDE_WIDTH / n;
    for (i, s) in stages.iter_mut().enumerate() {
        s.wide_x = step * (i as f64 + 0.5);
        s.wide_y = WIDE_STAGE_Y;
    }
    // Tall: a stage row, then the rows of the side paths branching off it.
    let mut y = 48.0;
    let mut side_paths = Vec::new();
    let count = side.len().max(1) as f64;
    let mut side = side.into_iter().peekable();
    for (i, s) in stages.iter_mut().enumerate() {
        s.tall_y = y;
        y += TALL_ROW;
        while let Some((_, mut path)) = side.next_if(|(first, _)| *first == i) {
            let k = side_paths.len() as f64;
            path.tall_y = y - 24.0;
            path.tall_link = format!(
                "M28 {sy:.0} C28 {my:.0} 40 {py:.0} 64 {py:.0}",
                sy = s.tall_y + 22.0,
                my = path.tall_y,
                py = path.tall_y
            );
            path.wide_x = WIDE_WIDTH * (k + 0.5) / count;
            path.wide_y = WIDE_SIDE_Y;
            path.wide_link = format!(
                "M{sx:.0} {sy:.0} C{sx:.0} {my:.0} {px:.0} {my:.0} {px:.0} {py:.0}",
                sx = s.wide_x,
                sy = s.wide_y + 112.0,
                my = s.wide_y + 170.0,
                px = path.wide_x,
                py = WIDE_SIDE_Y - 26.0
            );
            y += TALL_SIDE_ROW;
            side_paths.push(path);
        }
    }
    let wide_path = polyline(stages.iter().map(|s| (s.wide_x, s.wide_y)));
    let tall_path = polyline(stages.iter().map(|s| (28.0, s.tall_y)));
    let chart = chart(&stages, words);
    CareerMap {
        wide_height: if side_paths.is_empty() {
            220.0
        } else {
            WIDE_SIDE_Y + 40.0
        },
        tall_height: y,
        stages,
        side_paths,
        wide_path,
        tall_path,
        chart,
    }
}

fn polyline(points: impl Iterator<Item = (f64, f64)>) -> String {
    let mut d = String::new();
    for (i, (x, y)) in points.enumerate() {
        d.push_str(&format!("{}{x:.0} {y:.0}", if i == 0 { "M" } else { " L" }));
    }
    d
}

/// Bars for the yearly bands, on an axis from 0 to the highest band rounded up to 10 000.
fn chart(stages: &[Stage], words: &PayWords<'_>) -> SalaryChart {
    let yearly: Vec<(&Stage, &Pay)> = stages
        .iter()
        .filter_map(|s| s.pay.as_ref().filter(|p| p.yearly).map(|p| (s, p)))
        .collect();
    let max = yearly.iter().filter_map(|(_, p)| p.high).max().unwrap_or(0);
    let top = ((max + 9_999) / 10_000).max(1) * 10_000;
    let scale = |v: i64| CHART_PLOT * v as f64 / top as f64;
    let rows: Vec<ChartRow> = yearly
        .iter()
        .enumerate()
        .map(|(i, (s, p))| {
            let (low, high) = (p.low.unwrap_or(0), p.high.unwrap_or(0));
            ChartRow {
                name: s.name.clone(),
                label: p.label.clone(),
                source: format!("{}, {}", p.source, p.year),
                x: scale(low),
                width: (scale(high) - scale(low)).max(2.0),
                y: 40.0 + 64.0 * i as f64,
            }
        })
        .collect();
    let ticks = (0..=top / 10_000)
        .step_by(if top > 50_000 { 2 } else { 1 })
        .map(|t| Tick {
            x: scale(t * 10_000),
            label: words.tick(t * 10),
        })
        .collect();
    SalaryChart {
        height: 40.0 + 64.0 * rows.len() as f64 + 20.0,
        rows,
        ticks,
    }
}
