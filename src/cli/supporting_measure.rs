//! An action's supporting measure on the command line: what is measured,
//! its target, which way is better and a quarter's value, given to `plan
//! add` and `plan update` alike.

use anyhow::{Result, bail};
use clap::Args;
use uuid::Uuid;

use crate::domain::{ActionOp, Quarter, change::ActionPart, change::TextPart};

/// The flags that set an action's supporting measure.
#[derive(Debug, Args, Default)]
pub struct MeasureArgs {
    /// The supporting measure: what shows whether the action is working.
    #[arg(long)]
    measure: Option<String>,
    /// The measure's target, as written ("1.50", "74%", "£0").
    #[arg(long)]
    target: Option<String>,
    /// Which way the measure is better: higher, lower or neither.
    #[arg(long, value_name = "higher|lower|neither")]
    better: Option<String>,
    /// A quarter's value, "QUARTER=VALUE" ("Q2 2017/18=2.16"); an empty
    /// VALUE takes the quarter's value out. May be given more than once.
    #[arg(long = "value", value_name = "QUARTER=VALUE")]
    values: Vec<String>,
}

impl MeasureArgs {
    /// Whether any flag is given.
    pub fn is_empty(&self) -> bool {
        self.measure.is_none() && self.target.is_none() && self.better.is_none() && self.values.is_empty()
    }

    /// The changes the flags ask of action `id`.
    pub fn ops(self, id: Uuid) -> Result<Vec<ActionOp>> {
        let mut ops = Vec::new();
        let texts = [
            (TextPart::Measure, self.measure),
            (TextPart::Target, self.target),
            (TextPart::Better, self.better),
        ];
        for (part, text) in texts {
            if let Some(text) = text {
                ops.push(ActionOp::Part {
                    id,
                    part: ActionPart::Text(part),
                    text,
                });
            }
        }
        for given in self.values {
            let Some((quarter, value)) = given.split_once('=') else {
                bail!("give a quarter's value as QUARTER=VALUE, e.g. --value \"Q2 2017/18=2.16\"; got “{given}”");
            };
            let Some(quarter) = Quarter::parse_written(quarter) else {
                bail!("“{}” is not a quarter; write it as Q2 2017/18", quarter.trim());
            };
            ops.push(ActionOp::Part {
                id,
                part: ActionPart::Value(quarter),
                text: value.trim().to_owned(),
            });
        }
        Ok(ops)
    }
}
