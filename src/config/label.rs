//! A word or sentence of site.yaml that readers see: written once, or once
//! per language, and shown in the language of the site's pages.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The language of what staff write: the content and plain labels of site.yaml.
pub const CONTENT_LANGUAGE: &str = "ja";

/// `label: 順調` or `label: {ja: 順調, en: On track}`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Label {
    /// As written, by language; a plain text is kept under `""`.
    written: BTreeMap<String, String>,
    /// What pages show, chosen by `localize`.
    shown: String,
}

/// A label that has no text in the pages' language, so pages show another one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fallback {
    /// The language the shown text is in.
    pub shown_language: String,
}

impl Label {
    /// Chooses the text for pages in `language`: that language's, else the
    /// content's. A plain label counts for every language unless it is
    /// Japanese text on pages in another language.
    pub fn localize(&mut self, language: &str) -> Option<Fallback> {
        if let Some(text) = self.written.get(language) {
            self.shown = text.clone();
            return None;
        }
        if let Some(plain) = self.written.get("") {
            self.shown = plain.clone();
            return (language != CONTENT_LANGUAGE && has_japanese(plain)).then(|| Fallback {
                shown_language: CONTENT_LANGUAGE.to_owned(),
            });
        }
        let (shown_language, text) = self
            .written
            .get_key_value(CONTENT_LANGUAGE)
            .or_else(|| self.written.iter().next())?;
        self.shown = text.clone();
        Some(Fallback {
            shown_language: shown_language.clone(),
        })
    }

    /// The languages the label is written in; empty for a plain label.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.written
            .keys()
            .map(String::as_str)
            .filter(|l| !l.is_empty())
    }

    pub fn as_str(&self) -> &str {
        &self.shown
    }
}

/// Whether the text has kana or kanji: such a text is Japanese to a screen reader.
pub fn has_japanese(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c,
            '\u{3040}'..='\u{30FF}' // hiragana, katakana
            | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' // kanji
            | '\u{FF66}'..='\u{FF9F}') // half-width katakana
    })
}

impl From<&str> for Label {
    fn from(text: &str) -> Self {
        Label {
            written: BTreeMap::from([(String::new(), text.to_owned())]),
            shown: text.to_owned(),
        }
    }
}

impl Deref for Label {
    type Target = str;

    fn deref(&self) -> &str {
        &self.shown
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

impl Serialize for Label {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.shown)
    }
}

impl<'de> Deserialize<'de> for Label {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(
            untagged,
            expecting = "a text, or one text per language such as `{ja: 順調, en: On track}`"
        )]
        enum Written {
            Plain(String),
            PerLanguage(BTreeMap<String, String>),
        }
        Ok(match Written::deserialize(deserializer)? {
            Written::Plain(text) => Label::from(text.as_str()),
            Written::PerLanguage(written) => {
                let mut label = Label {
                    written,
                    shown: String::new(),
                };
                label.localize(CONTENT_LANGUAGE);
                label
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn per_language(pairs: &[(&str, &str)]) -> Label {
        let mut label = Label {
            written: pairs
                .iter()
                .map(|(l, t)| (l.to_string(), t.to_string()))
                .collect(),
            shown: String::new(),
        };
        label.localize(CONTENT_LANGUAGE);
        label
    }

    #[test]
    fn pages_show_their_own_language_and_fall_back_to_the_content_s() {
        let mut label = per_language(&[("ja", "順調"), ("en", "On track")]);
        assert_eq!(label.localize("en"), None);
        assert_eq!(label.as_str(), "On track");
        let mut label = per_language(&[("ja", "順調")]);
        assert_eq!(label.localize("en").unwrap().shown_language, "ja");
        assert_eq!(label.as_str(), "順調");
    }

    #[test]
    fn a_plain_label_is_missing_in_english_only_when_it_is_japanese() {
        assert!(Label::from("町田市").localize("en").is_some());
        assert!(Label::from("Machida City").localize("en").is_none());
        assert!(Label::from("町田市").localize("ja").is_none());
    }
}
