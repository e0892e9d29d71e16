//! What a pack's title page says, for every writer: the line above the
//! organisation and the labelled details under the rule.

use super::PackMeta;

impl PackMeta {
    /// The title page's line above the organisation: the framework's name,
    /// or nothing on a plain cover.
    pub fn cover_kicker(&self) -> &str {
        if self.plain_cover { "" } else { &self.framework_title }
    }

    /// The title page's details under the rule, each with its label; the
    /// empty ones left out.
    pub fn cover_details(&self) -> Vec<(&'static str, String)> {
        let exported = if self.plain_cover {
            String::new()
        } else {
            self.exported_on_text()
        };
        [
            ("Period", self.period.clone()),
            ("Lead", self.lead.clone()),
            ("Status", self.status.clone()),
            ("Exported", exported),
            ("Copy", self.copy_note().to_owned()),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .collect()
    }
}
