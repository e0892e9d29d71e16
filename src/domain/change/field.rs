//! The fields a change can touch: each field of an answer, of the
//! assessment itself and of each kind of entry, with the names they are
//! stored under, the words people read and the role that owns them.

pub use super::action_field::{ActionPart, TextPart};
use crate::domain::{peer::ListKind, role::Role};

/// One field of an item's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AnswerField {
    /// The self-assessed score.
    Score,
    /// "Basis for this score".
    Basis,
    /// "Notes and queries".
    Notes,
    /// The peer team's score.
    PeerScore,
    /// The peer team's "Challenge and queries".
    Challenge,
}

impl AnswerField {
    /// Every answer field.
    pub const ALL: [AnswerField; 5] = [
        AnswerField::Score,
        AnswerField::Basis,
        AnswerField::Notes,
        AnswerField::PeerScore,
        AnswerField::Challenge,
    ];

    /// The name people read.
    pub fn label(self) -> &'static str {
        match self {
            AnswerField::Score => "Score",
            AnswerField::Basis => "Basis for this score",
            AnswerField::Notes => "Notes and queries",
            AnswerField::PeerScore => "Peer score",
            AnswerField::Challenge => "Challenge and queries",
        }
    }

    /// A short name for narrow places: "Score", "Basis", "Peer score".
    pub fn short_label(self) -> &'static str {
        match self {
            AnswerField::Score => "Score",
            AnswerField::Basis => "Basis",
            AnswerField::Notes => "Notes",
            AnswerField::PeerScore => "Peer score",
            AnswerField::Challenge => "Challenge",
        }
    }

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            AnswerField::Score => "score",
            AnswerField::Basis => "basis",
            AnswerField::Notes => "notes",
            AnswerField::PeerScore => "peer_score",
            AnswerField::Challenge => "challenge",
        }
    }

    /// The field with this stored name.
    pub fn parse(name: &str) -> Option<AnswerField> {
        AnswerField::ALL.into_iter().find(|field| field.as_str() == name)
    }

    /// The role that writes this field.
    pub fn owner(self) -> Role {
        match self {
            AnswerField::Score | AnswerField::Basis | AnswerField::Notes => Role::Council,
            AnswerField::PeerScore | AnswerField::Challenge => Role::Peer,
        }
    }

    /// Whether it is a score (else a text).
    pub fn is_score(self) -> bool {
        matches!(self, AnswerField::Score | AnswerField::PeerScore)
    }
}

/// A field of the assessment itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AssessmentField {
    /// The workflow status.
    Status,
    /// Whether the self-assessment is locked.
    SelfLocked,
    /// Organisation, title, period and lead.
    Details,
    /// The Final version this one was reopened from.
    Supersedes,
    /// The version that replaced this one when it was reopened.
    SupersededBy,
    /// The assessment a progress review reviews progress since.
    Baseline,
    /// The days on site.
    Visit,
    /// The report's executive summary.
    Summary,
    /// The report's contact details.
    Contact,
    /// The report's background facts.
    Facts,
    /// The order of the report's sections.
    SectionOrder,
    /// Whether the peer team has issued its report as Final.
    ReportIssued,
    /// The report's own names for themes, and the themes it leaves out.
    SectionNames,
    /// The team's wording of the background's opening paragraphs.
    Wording,
    /// One of the assessment's settings (`domain::settings`), each
    /// described there alone.
    Setting(crate::domain::settings::Setting),
}

impl AssessmentField {
    /// Every field but the settings, which [`AssessmentField::every`] adds.
    const ALL: [AssessmentField; 14] = [
        AssessmentField::Status,
        AssessmentField::SelfLocked,
        AssessmentField::Details,
        AssessmentField::Supersedes,
        AssessmentField::SupersededBy,
        AssessmentField::Baseline,
        AssessmentField::Visit,
        AssessmentField::Summary,
        AssessmentField::Contact,
        AssessmentField::Facts,
        AssessmentField::SectionOrder,
        AssessmentField::ReportIssued,
        AssessmentField::SectionNames,
        AssessmentField::Wording,
    ];

    /// Every field of the assessment, its settings last.
    pub fn every() -> impl Iterator<Item = AssessmentField> {
        Self::ALL
            .into_iter()
            .chain(crate::domain::settings::Setting::ALL.map(AssessmentField::Setting))
    }

    pub(super) fn key(self) -> &'static str {
        match self {
            AssessmentField::Status => "status",
            AssessmentField::SelfLocked => "self_locked",
            AssessmentField::Details => "details",
            AssessmentField::Supersedes => "supersedes",
            AssessmentField::SupersededBy => "superseded_by",
            AssessmentField::Baseline => "baseline",
            AssessmentField::Visit => "visit",
            AssessmentField::Summary => "report_summary",
            AssessmentField::Contact => "report_contact",
            AssessmentField::Facts => "report_facts",
            AssessmentField::SectionOrder => "section_order",
            AssessmentField::ReportIssued => "report_status",
            AssessmentField::SectionNames => "section_names",
            AssessmentField::Wording => "background_wording",
            AssessmentField::Setting(setting) => setting.key(),
        }
    }

    pub(super) fn label(self) -> &'static str {
        match self {
            AssessmentField::Status => "Status",
            AssessmentField::SelfLocked => "Self-assessment locked",
            AssessmentField::Details => "Assessment details",
            AssessmentField::Supersedes => "Reopened from",
            AssessmentField::SupersededBy => "Reopened as",
            AssessmentField::Baseline => "Progress review of",
            AssessmentField::Visit => "Days on site",
            AssessmentField::Summary => "Executive summary",
            AssessmentField::Contact => "Contact details",
            AssessmentField::Facts => "Background facts",
            AssessmentField::SectionOrder => "Order of the report's sections",
            AssessmentField::ReportIssued => "Report's status",
            AssessmentField::SectionNames => "Report's names for its themes",
            AssessmentField::Wording => "Wording of the background",
            AssessmentField::Setting(setting) => setting.label(),
        }
    }

    /// Whether it is the peer team's report: what the team writes in it
    /// (which a Final report protects) and, with `with_status`, the report's
    /// own Draft or Final too.
    pub fn is_report(self, with_status: bool) -> bool {
        match self {
            AssessmentField::Summary
            | AssessmentField::Contact
            | AssessmentField::Facts
            | AssessmentField::SectionOrder
            | AssessmentField::SectionNames
            | AssessmentField::Wording => true,
            AssessmentField::ReportIssued => with_status,
            _ => false,
        }
    }

    /// Whether it links this assessment to another (which only reopening
    /// and starting a progress review set).
    pub fn is_version_link(self) -> bool {
        matches!(
            self,
            AssessmentField::Supersedes | AssessmentField::SupersededBy | AssessmentField::Baseline
        )
    }
}

/// What kind of entry an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntryKind {
    /// An entry of one of the peer team's lists.
    List(ListKind),
    /// A scope question.
    Scope,
    /// A member of the peer team.
    Team,
    /// An action of the plan.
    Action,
    /// A note of progress on an action.
    Progress,
    /// A document of the register.
    Document,
    /// A request for a document or information.
    Request,
}

impl EntryKind {
    /// The role that writes entries of this kind.
    pub fn owner(self) -> Role {
        match self {
            EntryKind::Scope | EntryKind::Action | EntryKind::Progress | EntryKind::Document => Role::Council,
            EntryKind::List(_) | EntryKind::Team | EntryKind::Request => Role::Peer,
        }
    }

    /// What people read: "Scope question", "Strengths (theme 2)"…
    pub fn label(self) -> String {
        match self {
            EntryKind::List(list) => list.title(),
            EntryKind::Scope => "Scope question".to_owned(),
            EntryKind::Team => "Peer team member".to_owned(),
            EntryKind::Action => "Action".to_owned(),
            EntryKind::Progress => "Progress note".to_owned(),
            EntryKind::Document => "Document".to_owned(),
            EntryKind::Request => "Request".to_owned(),
        }
    }

    /// A change to such an entry, as the history names it: "Peer team",
    /// "Progress on an action", "Request for evidence"…
    pub fn field_label(self) -> String {
        match self {
            EntryKind::Team => "Peer team".to_owned(),
            EntryKind::Progress => "Progress on an action".to_owned(),
            EntryKind::Request => "Request for evidence".to_owned(),
            other => other.label(),
        }
    }

    /// "Order of the action plan", "Order of strengths (theme 2)".
    pub fn order_label(self) -> String {
        match self {
            EntryKind::Scope => "Order of the scope questions".to_owned(),
            EntryKind::Team => "Order of the peer team".to_owned(),
            EntryKind::Action => "Order of the action plan".to_owned(),
            EntryKind::Progress => "Order of the progress notes".to_owned(),
            EntryKind::Document => "Order of the register".to_owned(),
            EntryKind::Request => "Order of the requests".to_owned(),
            EntryKind::List(list) => format!("Order of {}", list.title().to_lowercase()),
        }
    }

    /// Whether entries of this kind belong to the action plan, which Final
    /// does not freeze.
    pub fn is_plan(self) -> bool {
        matches!(self, EntryKind::Action | EntryKind::Progress)
    }

    pub(super) fn key(self) -> String {
        match self {
            EntryKind::List(list) => list.key(),
            EntryKind::Scope => "scope".to_owned(),
            EntryKind::Team => "team".to_owned(),
            EntryKind::Action => "action".to_owned(),
            EntryKind::Progress => "action_progress".to_owned(),
            EntryKind::Document => "document".to_owned(),
            EntryKind::Request => "request".to_owned(),
        }
    }
}

/// A document's fields besides its title.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocumentPart {
    /// Reference, date, owner and description.
    Particulars,
    /// The items it supports.
    Items,
    /// The file attached.
    File,
    /// Whether the peer team considered it (the peer team's).
    Considered,
}

impl DocumentPart {
    /// Every part.
    pub const ALL: [DocumentPart; 4] = [
        DocumentPart::Particulars,
        DocumentPart::Items,
        DocumentPart::File,
        DocumentPart::Considered,
    ];

    pub(super) fn key(self) -> &'static str {
        match self {
            DocumentPart::Particulars => "document_particulars",
            DocumentPart::Items => "document_items",
            DocumentPart::File => "document_file",
            DocumentPart::Considered => "considered",
        }
    }

    pub(super) fn label(self) -> &'static str {
        match self {
            DocumentPart::Particulars => "Document's reference, date, owner or description",
            DocumentPart::Items => "Items a document supports",
            DocumentPart::File => "File attached to a document",
            DocumentPart::Considered => "Document considered by the peer team",
        }
    }
}

/// A request's fields besides its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RequestPart {
    /// The items it concerns (the peer team's).
    Items,
    /// The council's answer.
    Answer,
}

impl RequestPart {
    /// Every part.
    pub const ALL: [RequestPart; 2] = [RequestPart::Items, RequestPart::Answer];

    pub(super) fn key(self) -> &'static str {
        match self {
            RequestPart::Items => "request_items",
            RequestPart::Answer => "request_answer",
        }
    }

    pub(super) fn label(self) -> &'static str {
        match self {
            RequestPart::Items => "Items a request concerns",
            RequestPart::Answer => "Answer to a request",
        }
    }
}

/// A field of an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntryField {
    /// The entry itself — its text, title, member or note: a change from
    /// nothing adds it, a change to nothing removes it. The kind is what
    /// the change says it is; [`crate::domain::merge`] and the rules refuse
    /// a change that names an entry as something it is not.
    Entry(EntryKind),
    /// Its place in its list (1 is first).
    Position,
    /// The peer team's response to a scope question.
    ScopeResponse,
    /// A field of an action.
    Action(ActionPart),
    /// A field of a document.
    Document(DocumentPart),
    /// A field of a request.
    Request(RequestPart),
}

impl EntryField {
    /// The kind of entry a change to this field targets: `None` for a
    /// move, which may target an entry of any list.
    pub fn kind(self) -> Option<EntryKind> {
        match self {
            EntryField::Entry(kind) => Some(kind),
            EntryField::Position => None,
            EntryField::ScopeResponse => Some(EntryKind::Scope),
            EntryField::Action(_) => Some(EntryKind::Action),
            EntryField::Document(_) => Some(EntryKind::Document),
            EntryField::Request(_) => Some(EntryKind::Request),
        }
    }

    pub(super) fn key(self) -> String {
        match self {
            EntryField::Entry(kind) => kind.key(),
            EntryField::Position => "position".to_owned(),
            EntryField::ScopeResponse => "scope_response".to_owned(),
            EntryField::Action(part) => part.key(),
            EntryField::Document(part) => part.key().to_owned(),
            EntryField::Request(part) => part.key().to_owned(),
        }
    }

    pub(super) fn label(self) -> String {
        match self {
            EntryField::Entry(kind) => kind.field_label(),
            EntryField::Position => "Order of a list".to_owned(),
            EntryField::ScopeResponse => "Response to a scope question".to_owned(),
            EntryField::Action(part) => part.label(),
            EntryField::Document(part) => part.label().to_owned(),
            EntryField::Request(part) => part.label().to_owned(),
        }
    }

    /// The field a stored name names that takes a parameter: a quarter's
    /// value of an action's measure.
    pub(super) fn parse_with_parameter(name: &str) -> Option<EntryField> {
        ActionPart::parse_value(name).map(EntryField::Action)
    }

    /// Every entry field but those of the peer team's lists, the quarters'
    /// values, and moves.
    pub(super) fn fixed() -> impl Iterator<Item = EntryField> {
        [
            EntryKind::Scope,
            EntryKind::Team,
            EntryKind::Action,
            EntryKind::Progress,
            EntryKind::Document,
            EntryKind::Request,
        ]
        .into_iter()
        .map(EntryField::Entry)
        .chain([EntryField::Position, EntryField::ScopeResponse])
        .chain(ActionPart::all().into_iter().map(EntryField::Action))
        .chain(DocumentPart::ALL.into_iter().map(EntryField::Document))
        .chain(RequestPart::ALL.into_iter().map(EntryField::Request))
    }
}
