//! Time in the action plan: quarters of the council's financial year
//! (April to March), and progress notes as the history records them and as
//! one line of a quarter's cell in the plan workbook.

use std::fmt;

use time::{Date, Month};
use uuid::Uuid;

use super::action_plan::Progress;

/// A progress note as the history records it: the action's id, the day
/// and the text, separated by `|` (the text may hold more).
pub fn progress_value(action: Uuid, on: Date, text: &str) -> String {
    format!("{action}|{}|{text}", super::challenge::format_date(Some(on)))
}

/// Reads [`progress_value`] back.
pub fn parse_progress(value: &str) -> Option<(Uuid, Date, String)> {
    let (action, rest) = value.split_once('|')?;
    let (on, text) = rest.split_once('|')?;
    let on = super::challenge::parse_date(on).ok().flatten()?;
    Some((Uuid::parse_str(action).ok()?, on, text.to_owned()))
}

/// A progress note as one line of a quarter's cell in the plan workbook:
/// "2026-10-05 (Jo Bloggs): text", its line breaks as spaces. Reading the
/// workbook back knows a note by this line.
pub fn note_line(note: &Progress) -> String {
    format!(
        "{} ({}): {}",
        super::challenge::format_date(Some(note.on)),
        note.by,
        note.text.split_whitespace().collect::<Vec<_>>().join(" ")
    )
}

/// A line someone typed in a quarter's cell, as a note: its date if it
/// starts with one ("2026-10-05: Met the providers", with or without the
/// author in brackets), else `default`.
pub fn parse_note_line(line: &str, default: Date) -> (Date, String) {
    let line = line.trim();
    let dated = line
        .get(..10)
        .and_then(|head| super::challenge::parse_date(head).ok().flatten())
        .map(|on| {
            let rest = line[10..].trim_start();
            let rest = match rest.strip_prefix('(') {
                Some(after) => after.split_once(')').map_or(after, |(_, rest)| rest),
                None => rest,
            };
            (on, rest.trim_start().trim_start_matches(':').trim().to_owned())
        });
    match dated {
        Some((on, text)) if !text.is_empty() => (on, text),
        _ => (default, line.to_owned()),
    }
}

/// A quarter of the council's financial year, which runs April to March.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    /// The calendar year the financial year starts in (2026 for 2026/27).
    pub year: i32,
    /// 1 (April–June) to 4 (January–March).
    pub number: u8,
}

impl Quarter {
    /// The quarter `date` falls in.
    pub fn of(date: Date) -> Self {
        let month = u8::from(date.month());
        if month >= 4 {
            Self {
                year: date.year(),
                number: (month - 4) / 3 + 1,
            }
        } else {
            Self {
                year: date.year() - 1,
                number: 4,
            }
        }
    }

    /// "2026/27".
    pub fn financial_year(self) -> String {
        format!("{}/{:02}", self.year, (self.year + 1).rem_euclid(100))
    }

    /// Its stored name: "2017-Q2" for Q2 2017/18.
    pub fn key(self) -> String {
        format!("{}-Q{}", self.year, self.number)
    }

    /// Reads [`Quarter::key`] back.
    pub fn parse_key(key: &str) -> Option<Self> {
        let (year, number) = key.split_once("-Q")?;
        let year: i32 = year.parse().ok().filter(|y| (1900..=9999).contains(y))?;
        let number: u8 = number.parse().ok().filter(|n| (1..=4).contains(n))?;
        Some(Self { year, number })
    }

    /// "Q2 2017/18", as a plan's column and the command line name it.
    pub fn short(self) -> String {
        format!("Q{} {}", self.number, self.financial_year())
    }

    /// Reads a quarter as people write it: "Q2 2017/18", "2017/18 Q2",
    /// "q2 2017-18" or the stored "2017-Q2".
    pub fn parse_written(text: &str) -> Option<Self> {
        if let Some(quarter) = Self::parse_key(text.trim()) {
            return Some(quarter);
        }
        let words: Vec<String> = text
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_uppercase)
            .collect();
        let [a, b] = words.as_slice() else { return None };
        let (q, year) = if a.starts_with('Q') { (a, b) } else { (b, a) };
        let number: u8 = q.strip_prefix('Q')?.parse().ok().filter(|n| (1..=4).contains(n))?;
        let (first, second) = year.split_once(['/', '-'])?;
        let first: i32 = first.parse().ok().filter(|y| (1900..=9999).contains(y))?;
        let second: i32 = second.parse().ok()?;
        ((first + 1) % 100 == second % 100 && second < 10_000).then_some(Self { year: first, number })
    }

    /// "Apr–Jun".
    pub fn months(self) -> &'static str {
        match self.number {
            1 => "Apr–Jun",
            2 => "Jul–Sep",
            3 => "Oct–Dec",
            _ => "Jan–Mar",
        }
    }

    /// The first day of the quarter.
    pub fn start(self) -> Option<Date> {
        let (year, month) = match self.number {
            1 => (self.year, Month::April),
            2 => (self.year, Month::July),
            3 => (self.year, Month::October),
            _ => (self.year + 1, Month::January),
        };
        Date::from_calendar_date(year, month, 1).ok()
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Q{} {} ({})", self.number, self.financial_year(), self.months())
    }
}

/// The quarters a plan's progress is set out in: every quarter of every financial year
/// from the earliest note's to the latest's, or of this year's when there
/// are none, so two years' notes never share a column.
pub fn covering(notes: impl IntoIterator<Item = Date>, today: Date) -> Vec<Quarter> {
    let years: Vec<i32> = notes.into_iter().map(|day| Quarter::of(day).year).collect();
    let this_year = Quarter::of(today).year;
    let first = years.iter().min().copied().unwrap_or(this_year);
    let last = years.iter().max().copied().unwrap_or(this_year);
    (first..=last)
        .flat_map(|year| (1..=4).map(move |number| Quarter { year, number }))
        .collect()
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn quarters_follow_the_financial_year_from_april() {
        assert_eq!(Quarter::of(date!(2026 - 04 - 01)).to_string(), "Q1 2026/27 (Apr–Jun)");
        assert_eq!(Quarter::of(date!(2026 - 09 - 30)).number, 2);
        assert_eq!(Quarter::of(date!(2026 - 12 - 31)).number, 3);
        let march = Quarter::of(date!(2027 - 03 - 31));
        assert_eq!((march.year, march.number), (2026, 4));
        assert_eq!(march.financial_year(), "2026/27");
        assert_eq!(Quarter::of(date!(1999 - 05 - 01)).financial_year(), "1999/00");
        assert_eq!(march.start(), Some(date!(2027 - 01 - 01)));
    }

    #[test]
    fn quarters_read_back_as_stored_and_as_people_write_them() {
        let q2 = Quarter { year: 2017, number: 2 };
        assert_eq!(q2.key(), "2017-Q2");
        assert_eq!(Quarter::parse_key("2017-Q2"), Some(q2));
        assert_eq!(q2.short(), "Q2 2017/18");
        for written in ["Q2 2017/18", "2017/18 Q2", "q2 2017-18", "2017-Q2", " Q2  2017/2018 "] {
            assert_eq!(Quarter::parse_written(written), Some(q2), "{written:?}");
        }
        for bad in [
            "Q5 2017/18",
            "Q2 2017/19",
            "Q2",
            "2017-Q0",
            "Q2 2017/18 extra",
            "",
            "Q2 99999/00",
        ] {
            assert_eq!(Quarter::parse_written(bad), None, "{bad:?}");
        }
        assert_eq!(Quarter::parse_written("Q4 1999/00").map(|q| q.year), Some(1999));
    }

    #[test]
    fn progress_values_round_trip_with_bars_in_the_text() {
        let id = Uuid::from_u128(9);
        let value = progress_value(id, date!(2026 - 10 - 05), "Met | agreed");
        assert_eq!(
            parse_progress(&value),
            Some((id, date!(2026 - 10 - 05), "Met | agreed".to_owned()))
        );
        assert_eq!(parse_progress("nonsense"), None);
        assert_eq!(parse_progress(&format!("{id}|2026-13-01|x")), None);
    }

    #[test]
    fn typed_notes_take_their_date_or_the_quarter_given() {
        let default = date!(2026 - 10 - 01);
        assert_eq!(
            parse_note_line("2026-11-05 (Jo): Met the providers", default),
            (date!(2026 - 11 - 05), "Met the providers".to_owned())
        );
        assert_eq!(
            parse_note_line("2026-11-05: Met", default),
            (date!(2026 - 11 - 05), "Met".to_owned())
        );
        assert_eq!(
            parse_note_line("Board agreed", default),
            (default, "Board agreed".to_owned())
        );
        let note = Progress {
            id: Uuid::nil(),
            on: date!(2026 - 11 - 05),
            text: "Two\nlines".to_owned(),
            by: "Jo".to_owned(),
        };
        assert_eq!(note_line(&note), "2026-11-05 (Jo): Two lines");
        assert_eq!(parse_note_line(&note_line(&note), default).0, note.on);
    }

    #[test]
    fn two_years_of_notes_get_eight_columns_and_none_this_years_four() {
        let day = |y, m, d| Date::from_calendar_date(y, Month::try_from(m).expect("month"), d).expect("date");
        let quarters = covering([day(2016, 12, 15), day(2017, 6, 22)], day(2026, 1, 1));
        assert_eq!(quarters.len(), 8);
        assert_eq!(quarters[0], Quarter { year: 2016, number: 1 });
        assert_eq!(quarters[7], Quarter { year: 2017, number: 4 });
        assert_eq!(covering([], day(2026, 5, 1))[0], Quarter { year: 2026, number: 1 });
    }
}
