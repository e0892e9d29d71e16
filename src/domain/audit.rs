//! The audit trail's entries: every recorded change to an assessment.

use time::OffsetDateTime;
use uuid::Uuid;

use super::{framework::ItemId, role::Author};

/// One recorded change: what, from what, to what, by whom, when.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditEntry {
    /// Unique id: the same in every copy the change travels to, so merges
    /// can tell which changes each side has seen.
    pub id: Uuid,
    /// The item, for answer fields; `None` for the assessment itself.
    pub item: Option<ItemId>,
    /// The list entry, scope question or team member, for changes to those.
    pub target: Option<Uuid>,
    /// The stored field name, e.g. `score`, `peer_score`, `status`.
    pub field: String,
    /// The value before (`None` for "not scored" or "nothing").
    pub old_value: Option<String>,
    /// The value after.
    pub new_value: Option<String>,
    /// Who made the change.
    pub author: Author,
    /// When.
    pub at: OffsetDateTime,
}
