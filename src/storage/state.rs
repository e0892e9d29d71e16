//! Writing an assessment as it now is. Storage never looks at what a change
//! was: the domain has applied it, and this writes the rows that differ
//! between the assessment before and after — one row for a keystroke, the
//! whole assessment when it is new. Every table's columns are listed once,
//! here, with how each is read off the assessment.

use std::collections::HashMap;

use rusqlite::{Connection, params_from_iter, types::Value};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{Database, StorageError, read::now_text};
use crate::domain::{
    Answer, Assessment, AssessmentId, ItemId,
    action_plan::{Action, Progress},
    challenge::{ScopeQuestion, TeamMember, format_date},
    change::ActionPart,
    evidence::{Attached, Document, Request, items_key},
    peer::ListEntry,
    peer_report::order_key,
    roster::RosterEntry,
};

/// One table of an assessment's content.
struct Table {
    name: &'static str,
    /// The column that tells its rows apart within one assessment.
    key: &'static str,
    /// Every other column but `assessment_id`, in the order `values` gives them.
    columns: Vec<&'static str>,
    /// Whether it keeps `created_at` and `updated_at` of its own.
    stamped: bool,
}

fn text(value: impl Into<String>) -> Value {
    Value::Text(value.into())
}

fn id(value: Uuid) -> Value {
    text(value.to_string())
}

fn place(position: usize) -> Value {
    Value::Integer(i64::try_from(position).unwrap_or(i64::MAX))
}

/// Writes the rows of one table that differ between `before` and `after`:
/// each given as its key, its place and what it holds.
fn sync<T: PartialEq>(
    conn: &Connection,
    (table, assessment, now): (Table, AssessmentId, OffsetDateTime),
    before: Vec<(String, usize, T)>,
    after: Vec<(String, usize, T)>,
    values: impl Fn(&T, usize) -> Vec<Value>,
) -> rusqlite::Result<()> {
    let mut was: HashMap<String, (usize, T)> = before.into_iter().map(|(key, at, row)| (key, (at, row))).collect();
    let owner = text(assessment.to_string());
    for (key, at, row) in after {
        match was.remove(&key) {
            Some((before_at, before_row)) if before_at == at && before_row == row => {}
            Some(_) => {
                let mut set: Vec<String> = table.columns.iter().map(|c| format!("{c} = ?")).collect();
                let mut bound = values(&row, at);
                if table.stamped {
                    set.push("updated_at = ?".to_owned());
                    bound.push(text(now_text(now)));
                }
                bound.extend([owner.clone(), text(key)]);
                let sql = format!(
                    "UPDATE {} SET {} WHERE assessment_id = ? AND {} = ?",
                    table.name,
                    set.join(", "),
                    table.key
                );
                conn.prepare_cached(&sql)?.execute(params_from_iter(bound))?;
            }
            None => {
                let mut columns = vec!["assessment_id", table.key];
                columns.extend(&table.columns);
                let mut bound = vec![owner.clone(), text(key)];
                bound.extend(values(&row, at));
                if table.stamped {
                    columns.extend(["created_at", "updated_at"]);
                    bound.extend([text(now_text(now)), text(now_text(now))]);
                }
                let sql = format!(
                    "INSERT INTO {} ({}) VALUES ({})",
                    table.name,
                    columns.join(", "),
                    vec!["?"; columns.len()].join(", ")
                );
                conn.prepare_cached(&sql)?.execute(params_from_iter(bound))?;
            }
        }
    }
    for key in was.into_keys() {
        let sql = format!(
            "DELETE FROM {} WHERE assessment_id = ? AND {} = ?",
            table.name, table.key
        );
        conn.prepare_cached(&sql)?
            .execute(params_from_iter([owner.clone(), text(key)]))?;
    }
    Ok(())
}

fn answers_table() -> Table {
    Table {
        name: "answer",
        key: "item_id",
        columns: vec![
            "score",
            "basis",
            "notes",
            "created_at",
            "updated_at",
            "peer_score",
            "challenge",
        ],
        stamped: false,
    }
}
fn entries_table() -> Table {
    Table {
        name: "peer_entry",
        key: "id",
        columns: vec!["list", "position", "text"],
        stamped: true,
    }
}
fn scope_table() -> Table {
    Table {
        name: "scope_question",
        key: "id",
        columns: vec!["position", "question", "response"],
        stamped: false,
    }
}
fn team_table() -> Table {
    Table {
        name: "team_member",
        key: "id",
        columns: vec!["position", "name", "role", "organisation"],
        stamped: false,
    }
}
fn actions_table() -> Table {
    let mut columns = vec!["position", "text", "source", "due", "status"];
    columns.extend(ActionPart::texts().map(ActionPart::name));
    Table {
        name: "action",
        key: "id",
        columns,
        stamped: false,
    }
}
fn notes_table() -> Table {
    Table {
        name: "action_progress",
        key: "id",
        columns: vec!["action_id", "position", "on_date", "text", "author"],
        stamped: false,
    }
}
fn values_table() -> Table {
    Table {
        name: "action_value",
        key: "id",
        columns: vec!["action_id", "quarter", "value"],
        stamped: false,
    }
}
fn settings_table() -> Table {
    Table {
        name: "assessment_setting",
        key: "key",
        columns: vec!["value"],
        stamped: false,
    }
}
fn documents_table() -> Table {
    Table {
        name: "document",
        key: "id",
        columns: vec!["position", "title", "particulars", "items", "file", "considered"],
        stamped: false,
    }
}
fn requests_table() -> Table {
    Table {
        name: "request",
        key: "id",
        columns: vec!["position", "text", "items", "asked_by", "asked_on", "answer"],
        stamped: false,
    }
}

fn roster_table() -> Table {
    Table {
        name: "roster",
        key: "id",
        columns: vec!["key", "position", "name", "organisation", "role", "lead", "retired"],
        stamped: false,
    }
}

/// Rows as `sync` takes them: key, place (1 is first) and content.
type Rows<'a, T> = Vec<(String, usize, T)>;

fn answers(assessment: &Assessment) -> Rows<'_, (&ItemId, &Answer)> {
    assessment
        .answers
        .iter()
        .map(|(item, answer)| (item.as_str().to_owned(), 0, (item, answer)))
        .collect()
}

fn listed<T>(rows: &[T], id: impl Fn(&T) -> Uuid) -> Rows<'_, &T> {
    (1..)
        .zip(rows)
        .map(|(at, row)| (id(row).to_string(), at, row))
        .collect()
}

fn entries(assessment: &Assessment) -> Rows<'_, &ListEntry> {
    let mut places: HashMap<String, usize> = HashMap::new();
    assessment
        .peer
        .entries
        .iter()
        .map(|entry| {
            let at = places.entry(entry.list.key()).or_default();
            *at += 1;
            (entry.id.to_string(), *at, entry)
        })
        .collect()
}

fn scope(a: &Assessment) -> Rows<'_, &ScopeQuestion> {
    listed(&a.scope, |q| q.id)
}

fn team(a: &Assessment) -> Rows<'_, &TeamMember> {
    listed(&a.team, |m| m.id)
}

/// An action's own fields: its text, source, due date, status and each
/// of its lines of free text.
type ActionRow<'a> = (
    &'a String,
    &'a crate::domain::ActionSource,
    Option<time::Date>,
    crate::domain::Rag,
    Vec<&'a str>,
);

/// Actions without their notes, so a note added is one row written.
fn actions(a: &Assessment) -> Rows<'_, ActionRow<'_>> {
    listed(&a.actions, |action: &Action| action.id)
        .into_iter()
        .map(|(key, at, action)| {
            let texts = ActionPart::texts().map(|part| action.text_part(part).unwrap_or_default());
            (
                key,
                at,
                (&action.text, &action.source, action.due, action.status, texts.collect()),
            )
        })
        .collect()
}

fn documents(a: &Assessment) -> Rows<'_, &Document> {
    listed(&a.documents, |d| d.id)
}

fn requests(a: &Assessment) -> Rows<'_, &Request> {
    listed(&a.requests, |r| r.id)
}

fn roster(a: &Assessment) -> Rows<'_, &RosterEntry> {
    (1..)
        .zip(&a.roster)
        .map(|(at, entry)| (entry.id(a.id).to_string(), at, entry))
        .collect()
}

fn notes(assessment: &Assessment) -> Rows<'_, (Uuid, &Progress)> {
    assessment
        .actions
        .iter()
        .flat_map(|action| {
            (1..)
                .zip(&action.progress)
                .map(move |(at, note)| (note.id.to_string(), at, (action.id, note)))
        })
        .collect()
}

/// Each setting that has a value, keyed by the setting.
fn settings(assessment: &Assessment) -> Rows<'_, &str> {
    assessment
        .settings
        .iter()
        .map(|(setting, value)| (setting.key().to_owned(), 0, value))
        .collect()
}

/// Each action's value in each quarter, keyed by the action and the quarter.
fn values(assessment: &Assessment) -> Rows<'_, (Uuid, crate::domain::Quarter, &String)> {
    assessment
        .actions
        .iter()
        .flat_map(|action| {
            action.values.iter().map(move |(quarter, value)| {
                let key = format!("{}/{}", action.id, quarter.key());
                (key, 0, (action.id, *quarter, value))
            })
        })
        .collect()
}

/// The assessment's own columns, in the order `write_row` gives them.
const COLUMNS: [&str; 22] = [
    "framework_id",
    "framework_version",
    "organisation",
    "title",
    "period",
    "lead",
    "status",
    "created_at",
    "updated_at",
    "self_locked",
    "supersedes",
    "superseded_by",
    "visit_start",
    "visit_end",
    "report_summary",
    "report_contact",
    "report_facts",
    "section_order",
    "baseline",
    "report_issued",
    "section_names",
    "background_wording",
];

impl Database {
    /// Writes `after` where `before` was (`None`: a new assessment), inside
    /// the caller's transaction: the assessment's own row, then every row of
    /// its content that differs.
    pub(crate) fn persist(
        &self,
        before: Option<&Assessment>,
        after: &Assessment,
        now: OffsetDateTime,
    ) -> Result<(), StorageError> {
        self.write_row(before.is_none(), after).map_err(|e| self.error(e))?;
        self.write_content(before, after, now).map_err(|e| self.error(e))
    }

    fn write_row(&self, new: bool, assessment: &Assessment) -> rusqlite::Result<()> {
        let link = |id: Option<AssessmentId>| id.map_or(Value::Null, |id| text(id.to_string()));
        let values = [
            text(assessment.framework.id.clone()),
            text(assessment.framework.version.clone()),
            text(assessment.details.organisation.clone()),
            text(assessment.details.title.clone()),
            text(assessment.details.period.clone()),
            text(assessment.details.lead.clone()),
            text(assessment.status.as_str()),
            text(now_text(assessment.created_at)),
            text(now_text(assessment.updated_at)),
            Value::Integer(i64::from(assessment.self_locked)),
            link(assessment.supersedes),
            link(assessment.superseded_by),
            text(format_date(assessment.visit.start)),
            text(format_date(assessment.visit.end)),
            text(assessment.report.summary.clone()),
            text(assessment.report.contact.clone()),
            text(assessment.report.facts.key()),
            text(order_key(&assessment.report.order)),
            link(assessment.baseline),
            Value::Integer(i64::from(assessment.report.issued)),
            text(assessment.report.names.key()),
            text(assessment.report.wording.key()),
        ];

        let owner = text(assessment.id.to_string());
        let (sql, bound) = if new {
            let mut bound = vec![owner];
            bound.extend(values);
            let sql = format!(
                "INSERT INTO assessment (id, {}) VALUES (?{})",
                COLUMNS.join(", "),
                ", ?".repeat(COLUMNS.len())
            );
            (sql, bound)
        } else {
            let mut bound = values.to_vec();
            bound.push(owner);
            let set: Vec<String> = COLUMNS.iter().map(|c| format!("{c} = ?")).collect();
            (format!("UPDATE assessment SET {} WHERE id = ?", set.join(", ")), bound)
        };
        self.conn.prepare_cached(&sql)?.execute(params_from_iter(bound))?;
        Ok(())
    }

    fn write_content(
        &self,
        before: Option<&Assessment>,
        after: &Assessment,
        now: OffsetDateTime,
    ) -> rusqlite::Result<()> {
        let conn = &self.conn;
        let of = |table| (table, after.id, now);
        let created = after.created_at;
        let stamp = |time: Option<OffsetDateTime>, or: OffsetDateTime| text(now_text(time.unwrap_or(or)));
        sync(
            conn,
            of(answers_table()),
            before.map(answers).unwrap_or_default(),
            answers(after),
            |(_, answer), _| {
                let score =
                    |s: Option<crate::domain::Score>| s.map_or(Value::Null, |s| Value::Integer(i64::from(s.value())));
                let created_at = answer.created_at.unwrap_or(created);
                vec![
                    score(answer.score),
                    text(answer.basis.clone()),
                    text(answer.notes.clone()),
                    text(now_text(created_at)),
                    stamp(answer.updated_at, created_at),
                    score(answer.peer_score),
                    text(answer.challenge.clone()),
                ]
            },
        )?;
        sync(
            conn,
            of(entries_table()),
            before.map(entries).unwrap_or_default(),
            entries(after),
            |entry, at| vec![text(entry.list.key()), place(at), text(entry.text.clone())],
        )?;
        sync(
            conn,
            of(scope_table()),
            before.map(scope).unwrap_or_default(),
            scope(after),
            |q, at| vec![place(at), text(q.question.clone()), text(q.response.clone())],
        )?;
        sync(
            conn,
            of(team_table()),
            before.map(team).unwrap_or_default(),
            team(after),
            |m, at| {
                vec![
                    place(at),
                    text(m.name.clone()),
                    text(m.role.clone()),
                    text(m.organisation.clone()),
                ]
            },
        )?;
        sync(
            conn,
            of(settings_table()),
            before.map(settings).unwrap_or_default(),
            settings(after),
            |value, _| vec![text(*value)],
        )?;
        self.write_plan_and_evidence(before, after, now)
    }

    fn write_plan_and_evidence(
        &self,
        before: Option<&Assessment>,
        after: &Assessment,
        now: OffsetDateTime,
    ) -> rusqlite::Result<()> {
        let conn = &self.conn;
        let of = |table| (table, after.id, now);
        sync(
            conn,
            of(actions_table()),
            before.map(actions).unwrap_or_default(),
            actions(after),
            |(words, source, due, status, texts), at| {
                let mut values = vec![
                    place(at),
                    text((*words).clone()),
                    text(source.key()),
                    text(format_date(*due)),
                    text(status.as_str()),
                ];
                values.extend(texts.iter().map(|line| text(*line)));
                values
            },
        )?;
        sync(
            conn,
            of(notes_table()),
            before.map(notes).unwrap_or_default(),
            notes(after),
            |(action, note), at| {
                vec![
                    id(*action),
                    place(at),
                    text(format_date(Some(note.on))),
                    text(note.text.clone()),
                    text(note.by.clone()),
                ]
            },
        )?;
        sync(
            conn,
            of(values_table()),
            before.map(values).unwrap_or_default(),
            values(after),
            |(action, quarter, value), _| vec![id(*action), text(quarter.key()), text((*value).clone())],
        )?;
        sync(
            conn,
            of(documents_table()),
            before.map(documents).unwrap_or_default(),
            documents(after),
            |d, at| {
                vec![
                    place(at),
                    text(d.title.clone()),
                    text(d.particulars.key()),
                    text(items_key(&d.items)),
                    text(d.file.as_ref().map(Attached::key).unwrap_or_default()),
                    Value::Integer(i64::from(d.considered)),
                ]
            },
        )?;
        sync(
            conn,
            of(requests_table()),
            before.map(requests).unwrap_or_default(),
            requests(after),
            |r, at| {
                vec![
                    place(at),
                    text(r.text.clone()),
                    text(items_key(&r.items)),
                    text(r.asked_by.clone()),
                    text(format_date(Some(r.asked_on))),
                    text(
                        r.answer
                            .as_ref()
                            .map(crate::domain::evidence::Answer::key)
                            .unwrap_or_default(),
                    ),
                ]
            },
        )?;
        sync(
            conn,
            of(roster_table()),
            before.map(roster).unwrap_or_default(),
            roster(after),
            |entry, at| {
                vec![
                    text(entry.key.to_text()),
                    place(at),
                    text(entry.name.clone()),
                    text(entry.organisation.clone()),
                    text(entry.role.as_str()),
                    Value::Integer(i64::from(entry.lead)),
                    entry.retired.map_or(Value::Null, |at| text(now_text(at))),
                ]
            },
        )
    }
}
