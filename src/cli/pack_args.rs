//! The export commands' arguments: which pack, for which assessment,
//! on what paper and with what left out.

use std::path::PathBuf;

use time::{Date, macros::format_description};

use crate::{domain::AssessmentId, packs::Paper};

/// Which pack to export, and how.
#[derive(Debug, clap::Args)]
#[allow(clippy::struct_excessive_bools, reason = "each is a command-line switch")]
pub struct PackArgs {
    /// The assessment's id (see `list`); not needed for the blank form.
    #[arg(long)]
    pub assessment: Option<AssessmentId>,
    /// Where to write the file.
    #[arg(long)]
    pub out: PathBuf,
    /// Which pack.
    #[arg(long, value_enum, default_value_t = KindArg::Full)]
    pub kind: KindArg,
    /// The theme number, with `--kind theme`.
    #[arg(long)]
    pub theme: Option<u8>,
    /// The framework of a blank form, by id (default: Use of Resources);
    /// other packs use their assessment's framework.
    #[arg(long, value_name = "ID")]
    pub framework: Option<String>,
    /// Paper size: a4 or letter.
    #[arg(long, default_value = "a4")]
    pub paper: Paper,
    /// Date printed on the pack, YYYY-MM-DD (default: today).
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
    /// Leave out the peer team's scores and challenge.
    #[arg(long)]
    pub without_peer_review: bool,
    /// Add every recorded change as an appendix.
    #[arg(long)]
    pub with_history: bool,
    /// A share-safe copy: leave out people's names (the lead, the peer team,
    /// who made each change) so the pack can circulate non-attributably.
    #[arg(long)]
    pub share_safe: bool,
    /// The peer challenge report without its appendix of scores.
    #[arg(long)]
    pub without_scores: bool,
}

/// Findings subcommands.
/// Pack kinds as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    /// Everything in the assessment.
    Full,
    /// Cover, summary table and charts.
    Summary,
    /// Cover plus one theme (give --theme N).
    Theme,
    /// The framework with empty boxes, for workshops.
    Blank,
    /// The self-assessment plus the numbered list of open queries.
    Previsit,
    /// The peer challenge report (PDF or Word).
    Report,
    /// The council's action plan (PDF, Word, or Excel that imports back).
    ActionPlan,
    /// A progress review beside its baseline (PDF or Word).
    Progress,
}

pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text, format_description!("[year]-[month]-[day]"))
        .map_err(|_| format!("“{text}” is not a date in the form YYYY-MM-DD"))
}
