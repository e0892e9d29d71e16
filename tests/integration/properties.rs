//! Property tests: hostile input never panics, and any text survives.

use critical_friend::{
    domain::{AnswerValue, Catalogue, Edit, ItemId, example::example_assessment},
    exchange,
    packs::pdf::fonts::{Face, wrap},
};
use proptest::prelude::*;
use time::OffsetDateTime;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_input_is_refused_without_panicking(text in ".{0,400}") {
        let catalogue = Catalogue::builtin();
        let _ = exchange::from_json(&text, &catalogue);
    }

    #[test]
    fn corrupting_an_exchange_file_never_panics(cut in 0usize..4000, byte in any::<u8>()) {
        let catalogue = Catalogue::builtin();
        let example = example_assessment(catalogue.default_framework(), OffsetDateTime::UNIX_EPOCH);
        let mut bytes = exchange::to_json(&example, &[], None, OffsetDateTime::UNIX_EPOCH).into_bytes();
        let at = cut % bytes.len();
        bytes[at] = byte;
        if let Ok(text) = String::from_utf8(bytes) {
            let _ = exchange::from_json(&text, &catalogue);
        }
    }

    #[test]
    fn any_text_round_trips_through_the_exchange_file(basis in "\\PC{0,300}", notes in ".{0,300}") {
        let catalogue = Catalogue::builtin();
        let mut example = example_assessment(catalogue.default_framework(), OffsetDateTime::UNIX_EPOCH);
        let now = OffsetDateTime::UNIX_EPOCH;
        example.apply(&Edit::new(ItemId::new("6.3"), AnswerValue::Basis(basis)), now);
        example.apply(&Edit::new(ItemId::new("6.3"), AnswerValue::Notes(notes)), now);
        let text = exchange::to_json(&example, &[], None, now);
        let back = exchange::from_json(&text, &catalogue).expect("own output imports");
        prop_assert_eq!(back.assessment, example);
    }

    #[test]
    fn wrapping_keeps_every_visible_character(text in "\\PC{0,300}", width in 20.0f32..400.0) {
        let lines = wrap(&text, Face::Regular, 9.0, width);
        let kept: String = lines.concat().chars().filter(|c| !c.is_whitespace()).collect();
        let given: String = text.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
        prop_assert_eq!(kept, given);
    }
}
