//! The evidence from the command line: the register (council; the peer
//! team marks what it considered), requests (the peer team asks, the
//! council answers), and the evidence bundle that carries attached files.
//! Documents are numbered D1, D2… and requests R1, R2… as they are listed;
//! commands take the number alone.

use std::{io::Write, path::PathBuf};

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use serde_json::json;

use crate::{
    domain::{
        Assessment, AssessmentId, ItemId,
        challenge::format_date,
        evidence::{Answer, DocumentOp, Particulars, RequestOp, RequestStatus, items_key, parse_items},
    },
    service::Session,
    text::today,
};

/// The register's subcommands.
#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Add a document to the register (council); prints its number.
    Add {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// Its title.
        #[arg(long)]
        title: String,
        /// File name, intranet link or register number (stored as text, never opened).
        #[arg(long = "ref", default_value = "")]
        reference: String,
        /// Its date (YYYY-MM-DD).
        #[arg(long, default_value = "")]
        date: String,
        /// Who holds it.
        #[arg(long, default_value = "")]
        owner: String,
        /// What it is.
        #[arg(long, default_value = "")]
        description: String,
        /// The items it supports, e.g. 1.1,2.3.
        #[arg(long, default_value = "")]
        items: String,
        /// Attach the file itself (at most 100 MB; stored in the database).
        #[arg(long, value_name = "PATH")]
        attach: Option<PathBuf>,
    },
    /// Set the items a document supports (council).
    Link {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// The document's number (D3 is 3).
        #[arg(long)]
        document: usize,
        /// Every item it supports, e.g. 3.1,3.2; empty for none.
        #[arg(long)]
        items: String,
    },
    /// Correct a document's title or particulars (council); what is not
    /// given stays as it is.
    Edit {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// The document's number.
        #[arg(long)]
        document: usize,
        /// Its title.
        #[arg(long)]
        title: Option<String>,
        /// File name, intranet link or register number.
        #[arg(long = "ref")]
        reference: Option<String>,
        /// Its date (YYYY-MM-DD; empty for none).
        #[arg(long)]
        date: Option<String>,
        /// Who holds it.
        #[arg(long)]
        owner: Option<String>,
        /// What it is.
        #[arg(long)]
        description: Option<String>,
    },
    /// Attach a file to a document (council).
    Attach {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// The document's number.
        #[arg(long)]
        document: usize,
        /// The file.
        #[arg(long, value_name = "PATH")]
        file: PathBuf,
    },
    /// List the register, or the documents behind one item.
    List {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// Only the documents that support this item.
        #[arg(long)]
        item: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Mark a document as considered by the peer team (peer).
    Considered {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// The document's number.
        #[arg(long)]
        document: usize,
        /// Take the mark off again.
        #[arg(long)]
        undo: bool,
    },
    /// Save an attached file to disk (a new file; never overwrites).
    Save {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// The document's number.
        #[arg(long)]
        document: usize,
        /// Where to write it.
        #[arg(long)]
        out: PathBuf,
    },
}

/// The requests' subcommands.
#[derive(Debug, Subcommand)]
pub enum RequestCommand {
    /// Ask for a document or information (peer); prints the request's number.
    Add {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// What is wanted.
        #[arg(long)]
        text: String,
        /// The items it concerns, e.g. 2.3,2.4.
        #[arg(long, default_value = "")]
        items: String,
    },
    /// Answer a request (council): provided as a document, or declined with a reason.
    Answer {
        /// The assessment's id.
        #[arg(long)]
        assessment: AssessmentId,
        /// The request's number (R2 is 2).
        #[arg(long)]
        request: usize,
        /// It was provided…
        #[arg(long, requires = "document", conflicts_with = "declined")]
        provided: bool,
        /// …as this document of the register.
        #[arg(long)]
        document: Option<usize>,
        /// It was declined…
        #[arg(long, requires = "reason")]
        declined: bool,
        /// …for this reason.
        #[arg(long)]
        reason: Option<String>,
    },
}

fn document_id(assessment: &Assessment, number: usize) -> Result<uuid::Uuid> {
    assessment.document(number).map(|d| d.id).with_context(|| {
        format!(
            "there is no document D{number}; the register has {} (`evidence list` shows them)",
            assessment.documents.len()
        )
    })
}

/// Runs `evidence`, `request` and `requests`.
pub fn run(session: &mut Session, command: super::Command, out: &mut dyn Write) -> Result<()> {
    match command {
        super::Command::Evidence { action } => run_evidence(session, action, out),
        super::Command::Request { action } => run_request(session, action, out),
        super::Command::Requests { assessment, open, json } => print_requests(session, assessment, open, json, out),
        super::Command::ExportBundle { assessment, out: file } => {
            let files = session.export_bundle(assessment, &file, today())?;
            writeln!(out, "{} ({})", file.display(), crate::text::count(files, "file"))?;
            Ok(())
        }
        super::Command::ImportBundle { file } => {
            let (id, new) = session.import_bundle(&file)?;
            writeln!(out, "{id}")?;
            writeln!(out, "{} added", crate::text::count(new, "file"))?;
            Ok(())
        }
        other => bail!("“{other:?}” is not a command of the evidence"),
    }
}

/// Runs a register subcommand.
fn run_evidence(session: &mut Session, command: EvidenceCommand, out: &mut dyn Write) -> Result<()> {
    match command {
        EvidenceCommand::Add {
            assessment,
            title,
            reference,
            date,
            owner,
            description,
            items,
            attach,
        } => {
            let particulars = Particulars {
                reference,
                date,
                owner,
                description,
            };
            let id = session.add_document(assessment, &title, &particulars, parse_items(&items), attach.as_deref())?;
            let number = session.load(assessment)?.document_number(id).unwrap_or_default();
            writeln!(out, "{number}")?;
        }
        EvidenceCommand::Link {
            assessment,
            document,
            items,
        } => {
            let id = document_id(&session.load(assessment)?, document)?;
            let op = DocumentOp::Link {
                id,
                items: parse_items(&items),
            };
            session.change_document(assessment, &op)?;
        }
        EvidenceCommand::Edit {
            assessment,
            document,
            title,
            reference,
            date,
            owner,
            description,
        } => {
            let loaded = session.load(assessment)?;
            let was = loaded
                .document(document)
                .with_context(|| format!("there is no document D{document}"))?;
            let mut particulars = was.particulars.clone();
            for (field, given) in [
                (&mut particulars.reference, reference),
                (&mut particulars.date, date),
                (&mut particulars.owner, owner),
                (&mut particulars.description, description),
            ] {
                if let Some(text) = given {
                    text.trim().clone_into(field);
                }
            }
            let op = DocumentOp::Edit {
                id: was.id,
                title: title.map_or_else(|| was.title.clone(), |title| title.trim().to_owned()),
                particulars,
            };
            session.change_document(assessment, &op)?;
            writeln!(out, "D{document}")?;
        }
        EvidenceCommand::Attach {
            assessment,
            document,
            file,
        } => {
            let id = document_id(&session.load(assessment)?, document)?;
            session.attach_file(assessment, id, &file)?;
        }
        EvidenceCommand::List { assessment, item, json } => list(session, assessment, item, json, out)?,
        EvidenceCommand::Considered {
            assessment,
            document,
            undo,
        } => {
            let id = document_id(&session.load(assessment)?, document)?;
            let op = DocumentOp::Considered { id, considered: !undo };
            session.change_document(assessment, &op)?;
        }
        EvidenceCommand::Save {
            assessment,
            document,
            out: path,
        } => {
            let loaded = session.load(assessment)?;
            let file = loaded
                .document(document)
                .with_context(|| format!("there is no document D{document}"))?
                .file
                .clone()
                .with_context(|| format!("document D{document} has no file attached"))?;
            let bytes = session.save_attachment(&file, &path)?;
            writeln!(out, "{} ({bytes} bytes)", path.display())?;
        }
    }
    Ok(())
}

fn list(session: &Session, id: AssessmentId, item: Option<String>, json: bool, out: &mut dyn Write) -> Result<()> {
    let assessment = session.load(id)?;
    let item = item.map(|item| ItemId::new(item.trim()));
    let shown: Vec<(usize, &crate::domain::evidence::Document)> = (1..)
        .zip(&assessment.documents)
        .filter(|(_, document)| item.as_ref().is_none_or(|item| document.items.contains(item)))
        .collect();
    if json {
        let rows: Vec<_> = shown
            .iter()
            .map(|(number, d)| {
                json!({
                    "number": number,
                    "title": d.title,
                    "reference": d.particulars.reference,
                    "date": d.particulars.date,
                    "owner": d.particulars.owner,
                    "description": d.particulars.description,
                    "items": items_key(&d.items),
                    "file": d.file.as_ref().map(|f| json!({
                        "name": f.name,
                        "size": f.size,
                        "sha256": f.sha256,
                        "held": session.database().has_attachment(&f.sha256).unwrap_or(false),
                    })),
                    "considered": d.considered,
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(());
    }
    if shown.is_empty() {
        writeln!(
            out,
            "No documents{}.",
            if item.is_some() { " support that item" } else { " yet" }
        )?;
    }
    for (number, d) in shown {
        let file = match &d.file {
            None => String::new(),
            Some(f) if session.database().has_attachment(&f.sha256)? => {
                format!(" [file: {}, {} bytes]", f.name, f.size)
            }
            Some(f) => format!(
                " [file: {}, {} bytes; not in this copy yet: import the evidence bundle]",
                f.name, f.size
            ),
        };
        let considered = if d.considered { " (considered)" } else { "" };
        writeln!(out, "D{number}. {}{file}{considered}", d.title)?;
        let items = items_key(&d.items);
        if !items.is_empty() {
            writeln!(out, "    Items: {items}")?;
        }
    }
    Ok(())
}

/// Runs a request subcommand.
fn run_request(session: &mut Session, command: RequestCommand, out: &mut dyn Write) -> Result<()> {
    match command {
        RequestCommand::Add {
            assessment,
            text,
            items,
        } => {
            let op = RequestOp::Ask {
                id: uuid::Uuid::new_v4(),
                text,
                items: parse_items(&items),
                on: today(),
            };
            let id = session.change_request(assessment, &op)?;
            let loaded = session.load(assessment)?;
            let number = loaded.requests.iter().position(|r| r.id == id).map_or(0, |at| at + 1);
            writeln!(out, "{number}")?;
        }
        RequestCommand::Answer {
            assessment,
            request,
            provided,
            document,
            declined,
            reason,
        } => {
            let loaded = session.load(assessment)?;
            let id = request
                .checked_sub(1)
                .and_then(|index| loaded.requests.get(index))
                .map(|r| r.id)
                .with_context(|| format!("there is no request R{request}"))?;
            let on = format_date(Some(today()));
            let answer = match (provided, document, declined, reason) {
                (true, Some(number), false, _) => Answer::Provided {
                    document: document_id(&loaded, number)?,
                    on,
                },
                (false, _, true, Some(reason)) => Answer::Declined { reason, on },
                _ => bail!("say --provided --document K, or --declined --reason TEXT"),
            };
            session.change_request(assessment, &RequestOp::Answer { id, answer })?;
        }
    }
    Ok(())
}

/// Prints the requests, or only the open ones.
fn print_requests(session: &Session, id: AssessmentId, open: bool, json: bool, out: &mut dyn Write) -> Result<()> {
    let assessment = session.load(id)?;
    let shown: Vec<(usize, &crate::domain::evidence::Request)> = (1..)
        .zip(&assessment.requests)
        .filter(|(_, r)| !open || r.status() == RequestStatus::Open)
        .collect();
    if json {
        let rows: Vec<_> = shown
            .iter()
            .map(|(number, r)| {
                json!({
                    "number": number,
                    "text": r.text,
                    "items": items_key(&r.items),
                    "asked_by": r.asked_by,
                    "asked_on": format_date(Some(r.asked_on)),
                    "status": r.status().label().to_lowercase(),
                    "standing": r.standing(&assessment),
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(());
    }
    if shown.is_empty() {
        writeln!(out, "No requests{}.", if open { " are open" } else { " yet" })?;
    }
    for (number, r) in shown {
        writeln!(
            out,
            "R{number}. {} — {} (asked by {})",
            r.text,
            r.standing(&assessment),
            r.asked_by
        )?;
    }
    Ok(())
}
