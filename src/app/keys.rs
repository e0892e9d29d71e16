//! Keys in the app: your key card saved where you choose, a person added to
//! the open assessment's roster from their card, and a key retired — each
//! through the gate, as on the command line.

use std::path::Path;

use super::{CriticalFriendApp, jobs::FileFor};
use crate::{exchange::key_card::KeyCard, ui::Command};

impl CriticalFriendApp {
    /// Runs a command about keys and the roster.
    pub(super) fn run_key_command(&mut self, command: Command, ctx: &egui::Context) {
        match command {
            Command::ChooseKeyCard => {
                let suggested = super::documents_folder().join(key_card_name(&self.author.name));
                self.choose_file(ctx, &suggested, FileFor::KeyCard);
            }
            Command::SaveKeyCard(path) => self.save_key_card(&path),
            Command::ChooseRosterCard => {
                let suggested = super::documents_folder().join("key card.json");
                self.choose_file(ctx, &suggested, FileFor::RosterCard);
            }
            Command::AddRosterCard(path) => self.change_open(
                |session, id| {
                    let card = KeyCard::read(&path).map_err(crate::service::roster_error)?;
                    session.add_key(id, &card)
                },
                |workspace, fresh| workspace.assessment = fresh,
            ),
            Command::RetireKey(fingerprint) => self.change_open(
                |session, id| session.retire_key(id, &fingerprint),
                |workspace, fresh| workspace.assessment = fresh,
            ),
            _ => {}
        }
    }

    fn save_key_card(&mut self, path: &Path) {
        let saved = match &self.session {
            Ok(session) => session.save_key_card(path).map_err(|error| error.to_string()),
            Err(error) => Err(error.clone()),
        };
        match saved {
            Ok(card) => self.info(format!(
                "Saved your key card to {}; your fingerprint is {}",
                path.display(),
                card.key.fingerprint()
            )),
            Err(message) => self.error(message),
        }
    }
}

/// "Pat Peer key card.json": a name people recognise in a mail.
fn key_card_name(name: &str) -> String {
    let name: String = name
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-')
        .collect();
    match name.trim() {
        "" => "key card.json".to_owned(),
        name => format!("{name} key card.json"),
    }
}
