//! Where a council stands on one measure in one period: its value beside
//! England's, and its rank and quartile among a group of councils — all
//! councils with a published value, or the comparator group it names.
//!
//! Rank 1 is the best value in the direction of better; councils with the
//! same value share a rank (the best of theirs). The quartile is 1 for the
//! best quarter: rank r of n starts (r − 1) / n of the way down the group,
//! and is in quartile ⌊4(r − 1) / n⌋ + 1 — the only council of a group is
//! in the first. A council without a value, or a measure that is context
//! only, has no rank.

use super::{Better, Level, MeasureValue};

/// One council's position on one measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    /// The council's value; `None` when suppressed or missing.
    pub value: Option<f64>,
    /// England's value, if published.
    pub england: Option<f64>,
    /// The council's rank in the group (1 = best), if it can be ranked.
    pub rank: Option<usize>,
    /// The group's quartile the council is in (1 = best quarter).
    pub quartile: Option<usize>,
    /// How many councils in the group have a value.
    pub group_size: usize,
}

/// Where `area` stands among `values` (one measure, one period). `group`
/// names the comparator councils; empty means every council.
pub fn standing(values: &[MeasureValue], better: Better, area: &str, group: &[String]) -> Standing {
    let own = values
        .iter()
        .find(|v| v.level == Level::Council && v.area_code.eq_ignore_ascii_case(area))
        .and_then(|v| v.value);
    let england = values.iter().find(|v| v.level == Level::England).and_then(|v| v.value);
    let in_group = |v: &&MeasureValue| {
        v.level == Level::Council
            && (group.is_empty()
                || v.area_code.eq_ignore_ascii_case(area)
                || group.iter().any(|g| g.eq_ignore_ascii_case(&v.area_code)))
    };
    let mut peers: Vec<f64> = values.iter().filter(in_group).filter_map(|v| v.value).collect();
    peers.retain(|v| v.is_finite());
    let group_size = peers.len();
    let rank = match (own, better) {
        (Some(own), Better::Higher) => Some(1 + peers.iter().filter(|v| **v > own).count()),
        (Some(own), Better::Lower) => Some(1 + peers.iter().filter(|v| **v < own).count()),
        _ => None,
    };
    let quartile = rank.map(|rank| 4 * (rank - 1) / group_size.max(1) + 1);
    Standing {
        value: own,
        england,
        rank,
        quartile,
        group_size,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(area: &str, level: Level, value: Option<f64>) -> MeasureValue {
        MeasureValue {
            measure: "2C".into(),
            area_code: area.into(),
            area_name: area.into(),
            level,
            period: "2023-24".into(),
            value,
            mark: String::new(),
            source: String::new(),
            published: String::new(),
        }
    }

    fn eight_councils() -> Vec<MeasureValue> {
        let mut values: Vec<MeasureValue> = (1..=8)
            .map(|n| value(&format!("E0{n}"), Level::Council, Some(f64::from(n) * 100.0)))
            .collect();
        values.push(value("E09", Level::Council, None));
        values.push(value("E92000001", Level::England, Some(560.0)));
        values
    }

    #[test]
    fn rank_and_quartile_follow_the_direction_of_better() {
        let values = eight_councils();
        let lower = standing(&values, Better::Lower, "E03", &[]);
        assert_eq!((lower.rank, lower.quartile, lower.group_size), (Some(3), Some(2), 8));
        assert_eq!(lower.england, Some(560.0));
        let only = standing(&values[..1], Better::Lower, "E01", &[]);
        assert_eq!((only.rank, only.quartile, only.group_size), (Some(1), Some(1), 1));
        let higher = standing(&values, Better::Higher, "E03", &[]);
        assert_eq!((higher.rank, higher.quartile), (Some(6), Some(3)));
        let best = standing(&values, Better::Lower, "E01", &[]);
        assert_eq!((best.rank, best.quartile), (Some(1), Some(1)));
        let worst = standing(&values, Better::Lower, "E08", &[]);
        assert_eq!((worst.rank, worst.quartile), (Some(8), Some(4)));
    }

    #[test]
    fn a_comparator_group_ranks_among_its_own_members() {
        let group = ["E05".to_owned(), "E07".to_owned(), "e02".to_owned()];
        let among = standing(&eight_councils(), Better::Lower, "E03", &group);
        assert_eq!((among.rank, among.quartile, among.group_size), (Some(2), Some(2), 4));
    }

    #[test]
    fn a_suppressed_value_or_a_context_measure_has_no_rank_and_is_never_zero() {
        let values = eight_councils();
        let suppressed = standing(&values, Better::Lower, "E09", &[]);
        assert_eq!(
            (suppressed.value, suppressed.rank, suppressed.quartile),
            (None, None, None)
        );
        let context = standing(&values, Better::Neither, "E03", &[]);
        assert_eq!((context.value, context.rank), (Some(300.0), None));
    }

    #[test]
    fn equal_values_share_the_better_rank() {
        let mut values = eight_councils();
        values[3].value = Some(300.0); // E04 equals E03
        let e04 = standing(&values, Better::Lower, "E04", &[]);
        let e03 = standing(&values, Better::Lower, "E03", &[]);
        assert_eq!((e03.rank, e04.rank), (Some(3), Some(3)));
    }
}
