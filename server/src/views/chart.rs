//! Geometry of the overview's charts, drawn as SVG by the template: a heat map of findings
//! per area and source, and a timeline of findings per day, month or year. Everything is
//! computed here so that the charts appear without JavaScript.

use indexer::Date;

use crate::params::search_query_string;

/// Width of the row labels.
const LABEL_WIDTH: f32 = 232.0;
/// Size of a heat map cell.
const CELL_WIDTH: f32 = 150.0;
const CELL_HEIGHT: f32 = 36.0;
/// Room for the column heads (two lines).
const HEAD_HEIGHT: f32 = 52.0;
/// Width of the totals column.
const TOTAL_WIDTH: f32 = 72.0;
/// Gap between cells.
const GAP: f32 = 2.0;

/// Findings per area (rows) and source (columns).
#[derive(Debug)]
pub struct HeatMap {
    /// SVG width.
    pub width: f32,
    /// SVG height.
    pub height: f32,
    /// Column heads: sources.
    pub columns: Vec<ColumnHead>,
    /// Rows: areas.
    pub rows: Vec<HeatRow>,
    /// Centre of the totals column.
    pub total_x: f32,
}

/// A source heading a column.
#[derive(Debug)]
pub struct ColumnHead {
    /// Centre of the column.
    pub x: f32,
    /// The label, broken into at most two lines.
    pub lines: Vec<(f32, String)>,
    /// Its search.
    pub url: String,
}

/// An area and its cells.
#[derive(Debug)]
pub struct HeatRow {
    /// Baseline of the label and the total.
    pub text_y: f32,
    /// Swedish label.
    pub label: String,
    /// Its search.
    pub url: String,
    /// Findings in the area, any source (a finding with two areas counts in both rows).
    pub total: u64,
    /// One cell per source.
    pub cells: Vec<HeatCell>,
}

/// One area × source cell.
#[derive(Debug)]
pub struct HeatCell {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
    /// Number of findings.
    pub count: u64,
    /// Fill colour: darker for more findings.
    pub fill: String,
    /// Colour of the number, readable on the fill.
    pub ink: &'static str,
    /// The search for this cell; none for an empty cell.
    pub url: Option<String>,
    /// Tooltip and accessible name.
    pub title: String,
    /// Centre, for the number.
    pub text_x: f32,
    /// Baseline of the number.
    pub text_y: f32,
}

/// A labelled value of a taxonomy: slug and Swedish label.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Slug.
    pub slug: String,
    /// Swedish label.
    pub label: String,
}

impl HeatMap {
    /// The heat map of `matrix[area][source]`.
    pub fn new(areas: &[Entry], sources: &[Entry], matrix: &[Vec<u64>]) -> Self {
        let max = matrix.iter().flatten().copied().max().unwrap_or(0);
        let columns = sources
            .iter()
            .enumerate()
            .map(|(column, source)| {
                let x = LABEL_WIDTH + column as f32 * CELL_WIDTH + CELL_WIDTH / 2.0;
                let lines = wrap(&source.label, 20);
                let first_y = if lines.len() > 1 { 20.0 } else { 36.0 };
                ColumnHead {
                    x,
                    lines: lines
                        .into_iter()
                        .enumerate()
                        .map(|(index, line)| (first_y + index as f32 * 16.0, line))
                        .collect(),
                    url: search_url(&[], &[&source.slug]),
                }
            })
            .collect();
        let rows = areas
            .iter()
            .enumerate()
            .map(|(row, area)| {
                let top = HEAD_HEIGHT + row as f32 * CELL_HEIGHT;
                let counts = matrix.get(row).map(Vec::as_slice).unwrap_or_default();
                HeatRow {
                    text_y: top + CELL_HEIGHT / 2.0 + 5.0,
                    label: area.label.clone(),
                    url: search_url(&[&area.slug], &[]),
                    total: counts.iter().sum(),
                    cells: sources
                        .iter()
                        .enumerate()
                        .map(|(column, source)| {
                            let count = counts.get(column).copied().unwrap_or(0);
                            let x = LABEL_WIDTH + column as f32 * CELL_WIDTH;
                            let (fill, ink) = shade(count, max);
                            HeatCell {
                                x: x + GAP / 2.0,
                                y: top + GAP / 2.0,
                                width: CELL_WIDTH - GAP,
                                height: CELL_HEIGHT - GAP,
                                count,
                                fill,
                                ink,
                                url: (count > 0)
                                    .then(|| search_url(&[&area.slug], &[&source.slug])),
                                title: format!("{}, {}: {count} fynd", area.label, source.label),
                                text_x: x + CELL_WIDTH / 2.0,
                                text_y: top + CELL_HEIGHT / 2.0 + 5.0,
                            }
                        })
                        .collect(),
                }
            })
            .collect();
        Self {
            width: LABEL_WIDTH + sources.len() as f32 * CELL_WIDTH + TOTAL_WIDTH,
            height: HEAD_HEIGHT + areas.len() as f32 * CELL_HEIGHT + GAP,
            columns,
            rows,
            total_x: LABEL_WIDTH + sources.len() as f32 * CELL_WIDTH + TOTAL_WIDTH / 2.0,
        }
    }
}

/// A search filtered on areas and sources.
fn search_url(areas: &[&str], sources: &[&str]) -> String {
    let request = indexer::SearchRequest {
        areas: areas.iter().map(|slug| (*slug).to_owned()).collect(),
        sources: sources.iter().map(|slug| (*slug).to_owned()).collect(),
        ..indexer::SearchRequest::default()
    };
    format!("/?{}", search_query_string(&request, None))
}

/// The fill for a count, on a square-root scale from a pale wash to deep blue, and the ink
/// that stays readable on it.
fn shade(count: u64, max: u64) -> (String, &'static str) {
    if count == 0 || max == 0 {
        return ("#ffffff".to_owned(), "#545d6e");
    }
    let t = (count as f32 / max as f32).sqrt();
    let (from, to): ([u8; 3], [u8; 3]) = ([0xe8, 0xf0, 0xfa], [0x0b, 0x3d, 0x75]);
    let channel = |i: usize| {
        let value = f32::from(from[i]) + (f32::from(to[i]) - f32::from(from[i])) * t;
        value.round().clamp(0.0, 255.0) as u8
    };
    let fill = format!("#{:02x}{:02x}{:02x}", channel(0), channel(1), channel(2));
    (fill, if t > 0.5 { "#ffffff" } else { "#1d2330" })
}

/// Words into at most two lines of about `width` characters; a longer rest is shortened.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for word in text.split_whitespace() {
        let full = lines.len() == 2;
        let line = lines.last_mut().expect("lines is never empty");
        let fits = line.chars().count() + 1 + word.chars().count() <= width;
        if line.is_empty() {
            line.push_str(word);
        } else if fits || full {
            line.push(' ');
            line.push_str(word);
        } else {
            lines.push(word.to_owned());
        }
    }
    if let Some(last) = lines.get_mut(1)
        && last.chars().count() > width + 4
    {
        *last = last.chars().take(width).collect::<String>() + "…";
    }
    lines
}

/// Plot area of the timeline.
const TIMELINE_WIDTH: f32 = 760.0;
const TIMELINE_HEIGHT: f32 = 210.0;
const PLOT_LEFT: f32 = 60.0;
const PLOT_RIGHT: f32 = 12.0;
const PLOT_TOP: f32 = 14.0;
const PLOT_BOTTOM: f32 = 34.0;
/// The widest a bar gets, so that one bar does not fill the chart.
const MAX_BAR: f32 = 48.0;
/// The lowest a bar with findings gets: the chart shrinks to a third on a phone, and a
/// two-finding bar beside a hundred-finding one must still be seen (its count is written
/// above it too).
const MIN_BAR: f32 = 8.0;
/// Up to this many bars, each has its count written above it.
const COUNTED_BARS: usize = 40;
/// About this many axis labels.
const TICKS: usize = 8;

/// Findings per period.
#[derive(Debug)]
pub struct Timeline {
    /// SVG width.
    pub width: f32,
    /// SVG height.
    pub height: f32,
    /// Left edge of the plot.
    pub left: f32,
    /// Right edge of the plot.
    pub right: f32,
    /// Top of the plot (where the largest bar ends).
    pub top: f32,
    /// Baseline of the bars.
    pub baseline: f32,
    /// The largest count, labelled on the axis.
    pub max: u64,
    /// "dag", "månad" or "år".
    pub unit: &'static str,
    /// The bars, oldest first.
    pub bars: Vec<Bar>,
    /// Whether each bar's count is written above it (few bars).
    pub counted: bool,
    /// Axis labels.
    pub ticks: Vec<Tick>,
}

/// One period's bar.
#[derive(Debug)]
pub struct Bar {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
    /// Findings in the period.
    pub count: u64,
    /// Centre of the bar, for its count.
    pub center: f32,
    /// The period in Swedish.
    pub label: String,
    /// The search for the period; none for an empty one.
    pub url: Option<String>,
}

/// An axis label.
#[derive(Debug)]
pub struct Tick {
    /// Where the label is anchored.
    pub x: f32,
    /// `start`, `middle` or `end`: the first label starts at the plot's edge and the last
    /// ends at it, so that neither is cut off.
    pub anchor: &'static str,
    /// Text.
    pub label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Period {
    Day,
    Month,
    Year,
}

impl Timeline {
    /// The timeline of findings per date (oldest first); `None` when nothing is dated.
    pub fn new(days: &[(Date, u64)]) -> Option<Self> {
        let (first, last) = (days.first()?.0, days.last()?.0);
        let span = last.to_days() - first.to_days();
        // At most about 90 day bars or 48 month bars, so that each stays wide enough to hit.
        let period = match span {
            ..=92 => Period::Day,
            93..=1461 => Period::Month,
            _ => Period::Year,
        };
        let buckets = buckets(first, last, period);
        let mut counts = vec![0_u64; buckets.len()];
        let mut bucket = 0;
        for &(date, count) in days {
            while bucket + 1 < buckets.len() && date > buckets[bucket].1 {
                bucket += 1;
            }
            counts[bucket] += count;
        }
        let max = counts.iter().copied().max().unwrap_or(0).max(1);
        let plot_width = TIMELINE_WIDTH - PLOT_LEFT - PLOT_RIGHT;
        let plot_height = TIMELINE_HEIGHT - PLOT_TOP - PLOT_BOTTOM;
        let baseline = TIMELINE_HEIGHT - PLOT_BOTTOM;
        let slot = plot_width / buckets.len() as f32;
        let bar_width = (slot * 0.8).clamp(1.0, MAX_BAR);
        let step = buckets.len().div_ceil(TICKS).max(1);
        let bars: Vec<Bar> = buckets
            .iter()
            .zip(&counts)
            .enumerate()
            .map(|(index, (&(start, end), &count))| {
                let height = if count == 0 {
                    0.0
                } else {
                    (count as f32 / max as f32 * plot_height).max(MIN_BAR)
                };
                let url = (count > 0).then(|| {
                    let request = indexer::SearchRequest {
                        from: Some(start),
                        to: Some(end),
                        sort: indexer::Sort::DateAsc,
                        ..indexer::SearchRequest::default()
                    };
                    format!("/?{}", search_query_string(&request, None))
                });
                Bar {
                    x: PLOT_LEFT + index as f32 * slot + (slot - bar_width) / 2.0,
                    y: baseline - height,
                    width: bar_width,
                    height,
                    count,
                    center: PLOT_LEFT + index as f32 * slot + slot / 2.0,
                    label: long_label(start, period),
                    url,
                }
            })
            .collect();
        let shown: Vec<(usize, Date)> = buckets
            .iter()
            .enumerate()
            .filter(|(index, _)| index % step == 0)
            .map(|(index, &(start, _))| (index, start))
            .collect();
        let mut year_shown = None;
        let ticks = shown
            .iter()
            .enumerate()
            .map(|(nth, &(index, start))| {
                // A day says its year where the year is new: first, and at each new year.
                let with_year = year_shown != Some(start.year());
                year_shown = Some(start.year());
                let (x, anchor) = if nth == 0 {
                    (PLOT_LEFT, "start")
                } else if nth + 1 == shown.len() && shown.len() > 1 {
                    (TIMELINE_WIDTH - PLOT_RIGHT, "end")
                } else {
                    (PLOT_LEFT + index as f32 * slot + slot / 2.0, "middle")
                };
                Tick {
                    x,
                    anchor,
                    label: short_label(start, period, with_year),
                }
            })
            .collect();
        Some(Self {
            width: TIMELINE_WIDTH,
            height: TIMELINE_HEIGHT,
            left: PLOT_LEFT,
            right: TIMELINE_WIDTH - PLOT_RIGHT,
            top: PLOT_TOP,
            baseline,
            max,
            unit: match period {
                Period::Day => "dag",
                Period::Month => "månad",
                Period::Year => "år",
            },
            counted: bars.len() <= COUNTED_BARS,
            bars,
            ticks,
        })
    }
}

/// Consecutive periods from `first`'s to `last`'s, each as (first day, last day).
fn buckets(first: Date, last: Date, period: Period) -> Vec<(Date, Date)> {
    let mut out = Vec::new();
    let mut start = match period {
        Period::Day => Some(first),
        Period::Month => Date::from_ymd(first.year(), first.month(), 1),
        Period::Year => Date::from_ymd(first.year(), 1, 1),
    };
    while let Some(begin) = start.filter(|begin| *begin <= last) {
        let end = match period {
            Period::Day => begin,
            Period::Month => begin.end_of_month(),
            Period::Year => Date::from_ymd(begin.year(), 12, 31).unwrap_or(begin),
        };
        out.push((begin, end));
        start = Date::from_days(end.to_days() + 1);
    }
    out
}

fn long_label(start: Date, period: Period) -> String {
    match period {
        Period::Day => start.to_swedish(),
        Period::Month => format!("{} {}", start.swedish_month(), start.year()),
        Period::Year => start.year().to_string(),
    }
}

fn short_label(start: Date, period: Period, with_year: bool) -> String {
    let month: String = start.swedish_month().chars().take(3).collect();
    match period {
        Period::Day if with_year => format!("{} {month} {}", start.day(), start.year()),
        Period::Day => format!("{} {month}", start.day()),
        Period::Month => format!("{month} {}", start.year()),
        Period::Year => start.year().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        text.parse().expect("a valid date")
    }

    #[test]
    fn short_spans_go_by_day_and_long_ones_by_month_or_year() {
        let days = [(date("2016-12-02"), 3), (date("2016-12-04"), 1)];
        let timeline = Timeline::new(&days).expect("dated findings");
        assert_eq!(timeline.unit, "dag");
        let counts: Vec<u64> = timeline.bars.iter().map(|bar| bar.count).collect();
        assert_eq!(counts, [3, 0, 1], "empty days are drawn as gaps");
        assert!(timeline.bars[1].url.is_none());
        assert_eq!(
            timeline.bars[0].url.as_deref(),
            Some("/?from=2016-12-02&to=2016-12-02&sort=date_asc")
        );

        let months = Timeline::new(&[(date("2016-12-02"), 5), (date("2017-03-29"), 2)])
            .expect("dated findings");
        assert_eq!(months.unit, "månad");
        assert_eq!(
            months.bars.iter().map(|bar| bar.count).collect::<Vec<_>>(),
            [5, 0, 0, 2]
        );
        assert_eq!(months.bars[3].label, "mars 2017");
        assert_eq!(
            months.bars[0].url.as_deref(),
            Some("/?from=2016-12-01&to=2016-12-31&sort=date_asc")
        );

        let years = Timeline::new(&[(date("2009-05-01"), 1), (date("2017-03-29"), 2)])
            .expect("dated findings");
        assert_eq!(years.unit, "år");
        assert_eq!(years.bars.len(), 9);
        assert!(Timeline::new(&[]).is_none());
    }

    #[test]
    fn bars_grow_with_their_count_and_stay_in_the_plot() {
        let timeline = Timeline::new(&[(date("2016-12-02"), 10), (date("2016-12-03"), 5)])
            .expect("dated findings");
        let [big, small] = &timeline.bars[..] else {
            panic!("two bars")
        };
        assert!((big.height - 2.0 * small.height).abs() < 0.01);
        assert!(
            (big.y - timeline.top).abs() < 0.01,
            "the largest bar fills the plot"
        );
        assert!(big.x >= timeline.left && small.x + small.width <= timeline.right);
    }

    #[test]
    fn small_bars_stay_visible_and_labels_say_the_year_and_fit() {
        let timeline = Timeline::new(&[
            (date("2016-12-20"), 150),
            (date("2017-01-20"), 2),
            (date("2017-02-10"), 1),
        ])
        .expect("dated findings");
        assert_eq!(timeline.unit, "dag");
        let counted: Vec<&Bar> = timeline.bars.iter().filter(|bar| bar.count > 0).collect();
        assert!(
            counted.iter().all(|bar| bar.height >= MIN_BAR),
            "a 1-finding bar is seen"
        );
        assert!(counted[0].height > counted[1].height);
        let labels: Vec<&str> = timeline.ticks.iter().map(|t| t.label.as_str()).collect();
        assert!(labels[0].ends_with("2016"), "{labels:?}");
        assert!(
            labels.iter().any(|label| label.ends_with("2017")),
            "the new year is named: {labels:?}"
        );
        let with_year = labels.iter().filter(|l| l.len() > 7).count();
        assert_eq!(with_year, 2, "only where the year is new: {labels:?}");
        let first = &timeline.ticks[0];
        let last = timeline.ticks.last().expect("ticks");
        assert_eq!((first.anchor, first.x), ("start", timeline.left));
        assert_eq!((last.anchor, last.x), ("end", timeline.right));
        assert!(!timeline.counted, "too many bars to write each count");
        let few = Timeline::new(&[(date("2016-12-02"), 3)]).expect("dated findings");
        assert!(few.counted);
        assert_eq!(few.ticks.len(), 1);
        assert_eq!(few.ticks[0].label, "2 dec 2016");
    }

    #[test]
    fn cells_darken_with_their_count() {
        let entry = |slug: &str| Entry {
            slug: slug.to_owned(),
            label: slug.to_uppercase(),
        };
        let map = HeatMap::new(
            &[entry("landsbygd"), entry("fiber")],
            &[entry("sormland"), entry("styrgrupp")],
            &[vec![9, 0], vec![1, 4]],
        );
        let cell = |row: usize, column: usize| &map.rows[row].cells[column];
        assert_eq!(cell(0, 0).fill, "#0b3d75");
        assert_eq!(cell(0, 0).ink, "#ffffff");
        assert!(cell(0, 1).url.is_none());
        assert_eq!(
            cell(1, 1).url.as_deref(),
            Some("/?area=fiber&source=styrgrupp")
        );
        assert_eq!(map.rows[1].total, 5);
        let darkness = |fill: &str| u32::from_str_radix(&fill[1..3], 16).expect("hex");
        assert!(darkness(&cell(1, 0).fill) > darkness(&cell(1, 1).fill));
    }

    #[test]
    fn long_labels_wrap_into_two_lines() {
        assert_eq!(
            wrap("Återkoppling från Sörmland", 20),
            ["Återkoppling från", "Sörmland"]
        );
        assert_eq!(wrap("Styrgrupp", 20), ["Styrgrupp"]);
        assert_eq!(
            wrap("Regionala bredbandskoordinatorer", 20),
            ["Regionala", "bredbandskoordinatorer"]
        );
    }
}
