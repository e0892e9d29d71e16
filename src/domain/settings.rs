//! The assessment's settings: small facts one side names once and every
//! view then reads — the council's comparator group and its region. Each
//! setting is described here and nowhere else: its key (the change's, the
//! database's and the exchange file's name for it), its label, the side
//! that owns it and the rule its value meets. Every setting is recorded,
//! stored, carried and merged as the text of its value through one path
//! (`change`, `storage`, `exchange` never name a setting), so a new one
//! costs its entry here, and whatever reads it.

use std::collections::BTreeMap;

use super::{Role, measures};

/// A setting of the assessment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Setting {
    /// The councils the council compares itself with on the measures (ONS
    /// codes, comma-separated); none is every council.
    Comparators,
    /// The council's region, as an ONS region code ("E12000003"), so that
    /// its standing on a measure is set beside its region's.
    Region,
}

impl Setting {
    /// Every setting.
    pub const ALL: [Setting; 2] = [Setting::Comparators, Setting::Region];

    /// Its name in changes, the database and exchange files.
    pub fn key(self) -> &'static str {
        match self {
            Setting::Comparators => "comparator_group",
            Setting::Region => "region",
        }
    }

    /// The setting named `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|setting| setting.key() == key)
    }

    /// What people read in the history.
    pub fn label(self) -> &'static str {
        match self {
            Setting::Comparators => "Comparator group",
            Setting::Region => "Region",
        }
    }

    /// The side that names it, and the words a refusal names it by.
    pub fn owner(self) -> (Role, &'static str) {
        match self {
            Setting::Comparators => (Role::Council, "comparator group"),
            Setting::Region => (Role::Council, "region"),
        }
    }

    /// Whether `text` is a value of this setting as recorded (empty is no
    /// value); the error says why not, in words.
    pub fn check(self, text: &str) -> Result<(), String> {
        match self {
            Setting::Comparators => {
                let codes = measures::parse_group(text).map_err(|code| not_an_area_code(&code))?;
                if measures::group_key(&codes) != text {
                    return Err("that is not a comparator group as recorded".to_owned());
                }
                if codes.len() > measures::MAX_COMPARATORS {
                    return Err(format!(
                        "a comparator group names at most {} councils",
                        measures::MAX_COMPARATORS
                    ));
                }
                Ok(())
            }
            Setting::Region => {
                if text.is_empty() || (measures::is_area_code(text) && text.starts_with("E12")) {
                    Ok(())
                } else {
                    Err(format!(
                        "“{text}” is not an ONS region code, such as E12000003 (Yorkshire and The Humber)"
                    ))
                }
            }
        }
    }

    /// `text` as people write it, made the value a change records (codes
    /// in capitals, a group's codes once each and comma-separated); the
    /// error says what is wrong.
    pub fn normalise(self, text: &str) -> Result<String, String> {
        let value = match self {
            Setting::Comparators => {
                measures::group_key(&measures::parse_group(text).map_err(|code| not_an_area_code(&code))?)
            }
            Setting::Region => text.trim().to_ascii_uppercase(),
        };
        self.check(&value).map(|()| value)
    }
}

/// Why `code` is refused from a comparator group.
fn not_an_area_code(code: &str) -> String {
    format!("“{code}” is not an ONS area code, such as E06000001")
}

/// The settings' values as recorded; a setting without one is empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings(BTreeMap<Setting, String>);

impl Settings {
    /// The value of `setting`; empty when it has none.
    pub fn get(&self, setting: Setting) -> &str {
        self.0.get(&setting).map_or("", String::as_str)
    }

    /// Sets `setting` to `value`; empty or `None` clears it.
    pub fn set(&mut self, setting: Setting, value: Option<&str>) {
        match value.filter(|value| !value.is_empty()) {
            Some(value) => self.0.insert(setting, value.to_owned()),
            None => self.0.remove(&setting),
        };
    }

    /// Each setting that has a value, with it.
    pub fn iter(&self) -> impl Iterator<Item = (Setting, &str)> {
        self.0.iter().map(|(setting, value)| (*setting, value.as_str()))
    }

    /// The comparator group's ONS codes; empty is every council.
    pub fn comparators(&self) -> Vec<String> {
        measures::parse_group(self.get(Setting::Comparators)).unwrap_or_default()
    }

    /// The council's region code, if it has named one.
    pub fn region(&self) -> Option<&str> {
        Some(self.get(Setting::Region)).filter(|code| !code.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_setting_is_found_by_its_key_and_checks_its_value() {
        for setting in Setting::ALL {
            assert_eq!(Setting::from_key(setting.key()), Some(setting));
            assert!(setting.check("").is_ok(), "empty clears {setting:?}");
        }
        assert_eq!(
            Setting::Comparators
                .normalise("e06000001, E06000002 e06000001")
                .as_deref(),
            Ok("E06000001,E06000002")
        );
        assert!(
            Setting::Comparators.check("E06000001, E06000002").is_err(),
            "not as recorded"
        );
        assert_eq!(Setting::Region.normalise(" e12000003 ").as_deref(), Ok("E12000003"));
        assert!(Setting::Region.check("E06000001").is_err(), "a council is not a region");
        assert!(Setting::Region.check("E12000003\n").is_err());
    }

    #[test]
    fn a_setting_set_empty_has_no_value() {
        let mut settings = Settings::default();
        settings.set(Setting::Region, Some("E12000003"));
        assert_eq!(settings.region(), Some("E12000003"));
        settings.set(Setting::Region, Some(""));
        assert_eq!(settings.region(), None);
        assert_eq!(settings.iter().count(), 0);
    }
}
