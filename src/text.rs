//! Small text helpers every front end and the packs share: counts that read
//! as English, and times and dates as people write them. The machine's time
//! zone is read here, once, at the edge; packs are given theirs in their
//! options, so the same input always gives the same bytes.

use time::{Date, OffsetDateTime, UtcOffset, macros::format_description};

/// "1 change", "2 changes": a count with its noun, for nouns that take "s".
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// A file's size as people read it: "6 bytes", "48 KB", "1.2 MB" (powers
/// of 1,024, as file managers show them).
pub fn file_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    match bytes {
        1 => "1 byte".to_owned(),
        0..KB => format!("{bytes} bytes"),
        KB..MB => format!("{} KB", bytes.div_ceil(KB)),
        _ => {
            let tenths = (bytes * 10).div_ceil(MB);
            format!("{}.{} MB", tenths / 10, tenths % 10)
        }
    }
}

/// This machine's offset from UTC now, or UTC where it cannot be known.
pub fn local_offset() -> UtcOffset {
    UtcOffset::current_local_offset().unwrap_or(UtcOffset::UTC)
}

/// "22 Nov 2026 14:05" at `offset`.
pub fn format_time(time: OffsetDateTime, offset: UtcOffset) -> String {
    time.to_offset(offset)
        .format(format_description!("[day] [month repr:short] [year] [hour]:[minute]"))
        .unwrap_or_default()
}

/// "22 Nov 2026 14:05" in this machine's time zone, for the screen.
pub fn format_local_time(time: OffsetDateTime) -> String {
    format_time(time, local_offset())
}

/// Today's date where the user is (UTC if the local offset is unknown).
pub fn today() -> Date {
    OffsetDateTime::now_utc().to_offset(local_offset()).date()
}

/// A field's name as it reads inside a sentence: its first letter small
/// ("Basis for this score" → "basis for this score"), the rest as it is,
/// so a quarter or a proper name keeps its capitals ("value of an action's
/// measure, Q2 2017/18 (Jul–Sep)"). A name that starts with a capitalised
/// abbreviation ("CQC rating") is left whole.
pub fn in_sentence(name: &str) -> String {
    let mut chars = name.chars();
    let (Some(first), second) = (chars.next(), chars.next()) else {
        return String::new();
    };
    if second.is_some_and(char::is_uppercase) {
        return name.to_owned();
    }
    first.to_lowercase().chain(name[first.len_utf8()..].chars()).collect()
}

#[cfg(test)]
mod tests {
    use time::macros::{datetime, offset};

    use super::*;

    #[test]
    fn counts_read_as_english() {
        assert_eq!(count(1, "change"), "1 change");
        assert_eq!(count(0, "item"), "0 items");
        assert_eq!(count(12, "item"), "12 items");
    }

    #[test]
    fn file_sizes_read_as_people_write_them() {
        assert_eq!(file_size(1), "1 byte");
        assert_eq!(file_size(6), "6 bytes");
        assert_eq!(file_size(1023), "1023 bytes");
        assert_eq!(file_size(1024), "1 KB");
        assert_eq!(file_size(40_000), "40 KB");
        assert_eq!(file_size(1024 * 1024), "1.0 MB");
        assert_eq!(file_size(100 * 1024 * 1024), "100.0 MB");
        assert_eq!(file_size(1_300_000), "1.3 MB");
    }

    #[test]
    fn times_print_at_the_offset_given() {
        let at = datetime!(2026-11-22 23:30 UTC);
        assert_eq!(format_time(at, UtcOffset::UTC), "22 Nov 2026 23:30");
        assert_eq!(format_time(at, offset!(+1)), "23 Nov 2026 00:30");
    }

    #[test]
    fn only_the_first_letter_is_made_small() {
        assert_eq!(in_sentence("Basis for this score"), "basis for this score");
        assert_eq!(
            in_sentence("Value of an action's measure, Q2 2017/18 (Jul–Sep)"),
            "value of an action's measure, Q2 2017/18 (Jul–Sep)"
        );
        assert_eq!(in_sentence("CQC rating"), "CQC rating");
        assert_eq!(in_sentence(""), "");
        assert_eq!(in_sentence("Écrit"), "écrit");
    }
}
