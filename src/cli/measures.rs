//! Measures on the command line: the list Critical Friend ships, importing
//! the published ASCOF file, and where a council stands.

use std::{io::Write, path::PathBuf};

use anyhow::Result;
use clap::Subcommand;

use crate::{
    domain::{Author, measures::MeasureSet, settings::Setting},
    service::{MeasureStanding, Session},
};

/// What to do with measures.
#[derive(Debug, Subcommand)]
pub enum MeasureAction {
    /// List the measures: code, unit, which way is better, the items each evidences.
    List,
    /// Import the national ASCOF file as published (CSV, long layout), for one period.
    ImportAscof {
        /// The CSV file.
        file: PathBuf,
        /// The year it covers, e.g. 2023-24.
        #[arg(long)]
        period: String,
        /// When it was published, e.g. 2024-12-12.
        #[arg(long, default_value = "")]
        published: String,
        /// Who published it.
        #[arg(long, default_value = crate::domain::measures::ASCOF_SOURCE)]
        source: String,
    },
    /// Where a council stands on each measure: its value, England's, its rank and quartile.
    Standing {
        /// The council's ONS code, e.g. E08000035.
        #[arg(long)]
        area: String,
        /// The period; the latest imported if left out.
        #[arg(long)]
        period: Option<String>,
        /// Comparator councils' ONS codes, separated by commas; all councils if left out.
        #[arg(long, value_delimiter = ',')]
        group: Vec<String>,
        /// The council's region's ONS code, to show its value beside England's.
        #[arg(long)]
        region: Option<String>,
    },
    /// The councils an assessment's council compares itself with (its
    /// nearest neighbours, say), which its standings rank it among:
    /// prints them, or with --set names them (council role; "" for every council).
    Group {
        /// The assessment's id.
        #[arg(long)]
        assessment: crate::domain::AssessmentId,
        /// ONS codes, separated by commas, e.g. "E06000001,E06000002".
        #[arg(long)]
        set: Option<String>,
    },
    /// The region of an assessment's council, whose value each measure
    /// shows beside England's: prints it, or with --set names it (council
    /// role; "" for none).
    Region {
        /// The assessment's id.
        #[arg(long)]
        assessment: crate::domain::AssessmentId,
        /// An ONS region code, e.g. "E12000003" (Yorkshire and The Humber).
        #[arg(long)]
        set: Option<String>,
    },
}

/// Runs a measures command. Listing needs no database.
pub fn run(path: &std::path::Path, author: &Author, action: MeasureAction, out: &mut dyn Write) -> Result<()> {
    let passphrase = super::passphrase();
    match action {
        MeasureAction::List => list(out),
        MeasureAction::ImportAscof {
            file,
            period,
            published,
            source,
        } => {
            let mut session = Session::open(path, passphrase.as_deref(), author.clone())?;
            let imported = session.import_ascof(&file, (period.trim(), source.trim(), published.trim()))?;
            for line in imported.report() {
                writeln!(out, "{line}")?;
            }
            Ok(())
        }
        MeasureAction::Group { assessment, set } => {
            let mut session = Session::open_existing(path, passphrase.as_deref(), author.clone())?;
            if let Some(codes) = set {
                session.set_setting(assessment, (Setting::Comparators, None), &codes)?;
            }
            let group = session.load(assessment)?.settings.comparators();
            if group.is_empty() {
                writeln!(
                    out,
                    "No comparator group: standings rank the council among every council."
                )?;
            } else {
                writeln!(out, "{}", group.join(", "))?;
            }
            Ok(())
        }
        MeasureAction::Region { assessment, set } => {
            let mut session = Session::open_existing(path, passphrase.as_deref(), author.clone())?;
            if let Some(code) = set {
                session.set_setting(assessment, (Setting::Region, None), &code)?;
            }
            match session.load(assessment)?.settings.region() {
                Some(region) => writeln!(out, "{region}")?,
                None => writeln!(out, "No region: each measure shows England's value only.")?,
            }
            Ok(())
        }
        MeasureAction::Standing {
            area,
            period,
            group,
            region,
        } => {
            let session = Session::open_existing(path, passphrase.as_deref(), author.clone())?;
            let among = (&group[..], region.as_deref().map(str::trim));
            let standings = session.measure_standings(area.trim(), period.as_deref(), among)?;
            standing(&standings, &area, out)
        }
    }
}

fn list(out: &mut dyn Write) -> Result<()> {
    let set = MeasureSet::ascof();
    for m in &set.measures {
        writeln!(
            out,
            "{}\t{}\t{}{}\titems {}",
            m.code,
            m.name,
            m.better.label(),
            m.unit.suffix().replace(' ', "\u{a0}"),
            m.items.join(", ")
        )?;
    }
    writeln!(out, "Source: {}", set.source)?;
    Ok(())
}

fn standing(standings: &[MeasureStanding], area: &str, out: &mut dyn Write) -> Result<()> {
    if standings.is_empty() {
        writeln!(
            out,
            "No measure values imported yet: see `critical-friend measures import-ascof`."
        )?;
        return Ok(());
    }
    for s in standings {
        let mut s = s.clone();
        if s.area_name.is_empty() {
            area.clone_into(&mut s.area_name);
        }
        writeln!(out, "{} {} — {}", s.measure.code, s.measure.name, s.summary())?;
    }
    Ok(())
}
