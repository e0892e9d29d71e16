//! The assessment domain: frameworks, scores, assessments, edits and
//! summaries. This layer must never import egui, rusqlite or a PDF crate; the
//! UI, storage and report layers all depend on it, not the other way round.

pub mod action_plan;
pub mod assessment;
pub mod background_wording;
pub mod challenge;
pub mod change;
pub mod edit;
pub mod evidence;
pub mod example;
pub mod framework;
pub mod measures;
pub mod merge;
pub mod peer;
pub mod peer_report;
pub mod progress;
pub mod quarter;
pub mod rag;
pub mod recorded_json;
pub mod role;
pub mod roster;
pub mod rules;
pub mod score;
pub mod section_names;
pub mod settings;
pub mod signing;
pub mod summary;

pub use action_plan::{Action, ActionFilter, ActionOp, ActionSource, Progress, Quarter, Rag};
pub use assessment::{Answer, Assessment, AssessmentDetails, AssessmentId, Status};
pub use challenge::{ChallengeOp, ScopeQuestion, TeamMember, Visit};
pub use change::{Change, EntryKind, Subject};
pub use edit::{AnswerField, AnswerValue, Edit, EditRefused, UndoHistory};
pub use framework::{
    Catalogue, Framework, FrameworkRef, Installed, Item, ItemId, Labels, Origin, Rating, Scale, ScaleLevel, Theme,
};
pub use peer::{BulletList, ListEntry, ListKind, ListOp, PeerLists, Place, SectionRef};
pub use peer_report::{Facts, PeerReport, ReportOp};
pub use role::{Author, Role};
pub use rules::{Refused, Write};
pub use score::Score;
pub use summary::{AssessmentSummary, Comparison, ScoreSummary, ThemeSummary, compare, has_peer_review, summarise};
