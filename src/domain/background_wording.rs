//! The background's opening paragraphs, which the report writes itself —
//! what the council asked, who the team were, when it was on site, what it
//! counted — as a starting text the peer team may reword. The report
//! prints the team's wording where it gave one, and the written text
//! elsewhere; the lists under them (the scope questions, the team) follow
//! either way. One field, recorded as compact JSON.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Assessment, Framework, peer_report::visit_in_words};

/// The most a reworded paragraph may hold.
pub const MAX_WORDING_CHARS: usize = 2_000;

/// One of the paragraphs the report writes itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lead {
    /// What the council asked the team to consider (the scope questions follow).
    Scope,
    /// Who the team were (the members follow).
    Team,
    /// When the team was on site.
    Visit,
    /// What the team counted.
    Facts,
}

impl Lead {
    /// Every lead, in the order the background prints them.
    pub const ALL: [Lead; 4] = [Lead::Scope, Lead::Team, Lead::Visit, Lead::Facts];

    /// What people call it: "The scope paragraph".
    pub fn label(self) -> &'static str {
        match self {
            Lead::Scope => "The paragraph before the scope questions",
            Lead::Team => "The paragraph before the peer team",
            Lead::Visit => "The days on site",
            Lead::Facts => "What the team counted",
        }
    }
}

/// The team's wording of the leads it reworded.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Wording(pub BTreeMap<Lead, String>);

impl Wording {
    /// Whether the team reworded nothing.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The stored value: compact JSON, or nothing when empty.
    pub fn key(&self) -> String {
        super::recorded_json::key(self, self.is_empty())
    }

    /// Reads [`Wording::key`] back: only the form it writes.
    pub fn parse(text: &str) -> Option<Self> {
        super::recorded_json::parse(text, Self::is_empty)
    }

    /// The wording in words, as the history shows it: "The days on site:
    /// “…”", or "as the report writes it".
    pub fn describe(&self) -> String {
        if self.is_empty() {
            return "as the report writes it".to_owned();
        }
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|(lead, words)| format!("{}: “{words}”", lead.label()))
            .collect();
        parts.join("; ")
    }

    /// The same wording with `lead` worded `text`; the written text again
    /// when `text` is empty or is the written text.
    #[must_use]
    pub fn with(&self, lead: Lead, text: &str, written: &str) -> Self {
        let mut wording = self.clone();
        let text = text.trim();
        if text.is_empty() || text == written {
            wording.0.remove(&lead);
        } else {
            wording.0.insert(lead, text.to_owned());
        }
        wording
    }
}

impl Assessment {
    /// The leads the background opens with, as the report words them: the
    /// team's wording where it gave one, else the written text; only those
    /// the assessment has something for (scope questions, a team, days on
    /// site, counts).
    pub fn background_leads(&self, framework: &Framework) -> Vec<(Lead, String)> {
        self.written_leads(framework)
            .into_iter()
            .map(|(lead, written)| (lead, self.report.wording.0.get(&lead).cloned().unwrap_or(written)))
            .collect()
    }

    /// The leads as the report writes them itself.
    pub fn written_leads(&self, framework: &Framework) -> Vec<(Lead, String)> {
        let organisation = match self.details.organisation.trim() {
            "" => "The council".to_owned(),
            name => name.to_owned(),
        };
        let mut leads = Vec::new();
        if !self.scope.is_empty() {
            leads.push((
                Lead::Scope,
                format!(
                    "{organisation} asked the Local Government Association for an Adult Social Care {} Peer \
                     Challenge. It asked the peer challenge team to consider:",
                    framework.short_title
                ),
            ));
        }
        if !self.team.is_empty() {
            leads.push((Lead::Team, "The members of the peer challenge team were:".to_owned()));
        }
        let visit = visit_in_words(&self.visit);
        if !visit.is_empty() {
            leads.push((Lead::Visit, format!("The team was on site on {visit}.")));
        }
        // The documents the team marked as considered count, unless it gave its own number.
        let mut facts = self.report.facts;
        if facts.documents.is_none() && self.documents_considered() > 0 {
            facts.documents = u32::try_from(self.documents_considered()).ok();
        }
        if let Some(sentence) = facts.sentence(&self.details.organisation) {
            leads.push((Lead::Facts, sentence));
        }
        leads
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wording_round_trips_and_the_written_text_is_not_kept() {
        let none = Wording::default();
        assert_eq!((none.key(), Wording::parse("")), (String::new(), Some(none.clone())));
        let worded = none.with(
            Lead::Visit,
            "The team spent four days in Leeds.",
            "The team was on site.",
        );
        assert_eq!(worded.key(), r#"{"visit":"The team spent four days in Leeds."}"#);
        assert_eq!(Wording::parse(&worded.key()), Some(worded.clone()));
        assert!(
            worded
                .with(Lead::Visit, "The team was on site.", "The team was on site.")
                .is_empty()
        );
        assert!(worded.with(Lead::Visit, "  ", "The team was on site.").is_empty());
        for bad in ["{", "{}", r#"{"other":"x"}"#, r#"{ "visit":"x"}"#, "[]"] {
            assert_eq!(Wording::parse(bad), None, "{bad}");
        }
    }
}
