//! The theme: templates, locale strings and static assets. The default theme is
//! compiled into the binary; a site's `themes/<name>/` replaces it file by file.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write;
use std::path::Path;

use crate::config::{CONTENT_LANGUAGE, SiteConfig, has_japanese};
use crate::content::files;
use crate::content::load::MAX_FILE_BYTES;
use crate::content::yaml::parse_yaml;
use crate::diagnostic::{Report, display_path};
use crate::error::{Error, Result};
use crate::render::error_chain;
use include_dir::{Dir, include_dir};
use tera::Tera;

static DEFAULT_THEME: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Words of the site's own text, by key, in the site's language.
pub type Locale = BTreeMap<String, String>;

pub struct Theme {
    pub tera: Tera,
    pub locale: Locale,
    /// Files copied to the output as they are, by output path (`assets/style.css`).
    pub assets: BTreeMap<String, Vec<u8>>,
}

/// A theme's list item of one goal (`goal_item.html`), rendered on its own so
/// that the pages listing the same goal share it.
pub struct GoalItem<'a> {
    tera: &'a Tera,
    /// What every page is given; the item is given `root` and `goal` besides.
    common: tera::Context,
}

impl<'a> GoalItem<'a> {
    pub fn new(theme: &'a Theme, common: tera::Context) -> Self {
        GoalItem {
            tera: &theme.tera,
            common,
        }
    }

    /// The item of `goal` (a goal summary) for a page whose links start with
    /// `root`, or what went wrong, for an `Error::Template`.
    pub fn render(&self, root: &str, goal: &tera::Value) -> std::result::Result<String, String> {
        let mut context = self.common.clone();
        context.insert("root", root);
        context.insert_value("goal", goal.clone());
        self.tera
            .render(GOAL_ITEM, &context)
            .map_err(|err| format!("{GOAL_ITEM}: {}", error_chain(&err)))
    }
}

const GOAL_ITEM: &str = "goal_item.html";

pub fn load_theme(root: &Path, config: &SiteConfig) -> Result<Theme> {
    let mut templates = embedded_files("templates");
    let mut assets: BTreeMap<String, Vec<u8>> = embedded_files("static")
        .into_iter()
        .map(|(path, bytes)| (format!("assets/{path}"), bytes))
        .collect();
    let locale_file = format!("{}.yaml", config.language);
    let mut locale = match embedded_files("locales").remove(&locale_file) {
        Some(bytes) => parse_locale(&format!("(default theme) locales/{locale_file}"), &bytes)?,
        None => {
            return Err(Error::Usage(format!(
                "site.yaml: language `{}` has no locale file; the default theme has ja and en",
                config.language
            )));
        }
    };

    if let Some(name) = &config.theme {
        let theme_dir = root.join("themes").join(name);
        if !theme_dir.is_dir() {
            return Err(Error::Usage(format!(
                "site.yaml: theme `{name}` not found: expected a folder {}",
                theme_dir.display()
            )));
        }
        // Every unreadable file of the theme in one report, not one per run.
        let mut problems = Report::default();
        let mut folder = |name: &str| {
            files::read_folder(root, &theme_dir.join(name), files::MAX_ASSET_BYTES).unwrap_or_else(
                |report| {
                    problems.merge(report);
                    BTreeMap::new()
                },
            )
        };
        templates.extend(folder("templates"));
        let theme_assets = folder("static");
        assets.extend(
            theme_assets
                .into_iter()
                .map(|(path, bytes)| (format!("assets/{path}"), bytes)),
        );
        let override_path = theme_dir.join("locales").join(&locale_file);
        let override_bytes = fs::symlink_metadata(&override_path).ok().and_then(|_| {
            files::read_regular(root, &override_path, MAX_FILE_BYTES)
                .map_err(|diagnostic| problems.push(diagnostic))
                .ok()
        });
        if problems.has_errors() {
            return Err(Error::Content(problems));
        }
        if let Some(bytes) = override_bytes {
            locale.extend(parse_locale(&display_path(root, &override_path), &bytes)?);
        }
    }

    // The site's own words for what the theme calls otherwise: field headings first of all.
    locale.extend(
        config
            .labels
            .iter()
            .map(|(key, label)| (key.clone(), label.to_string())),
    );

    let mut tera = Tera::new();
    tera.set_escape_fn(escape_html);
    tera.register_filter("lang_attr", lang_attr(&config.language));
    tera.register_filter("lang_span", lang_span(&config.language));
    let sources: Vec<(String, String)> = templates
        .into_iter()
        .map(|(name, bytes)| (name, String::from_utf8_lossy(&bytes).into_owned()))
        .collect();
    tera.add_raw_templates(
        sources
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_str())),
    )
    .map_err(|err| Error::Template(err.to_string()))?;
    Ok(Theme {
        tera,
        locale,
        assets,
    })
}

/// `<p{{ text | lang_attr }}>` gives ` lang="ja"` when the text is Japanese
/// and the page is not, so that a screen reader reads it as Japanese.
fn lang_attr(
    page_language: &str,
) -> impl Fn(&tera::Value, tera::Kwargs, &tera::State) -> tera::Value + use<> {
    let marks_japanese = page_language != CONTENT_LANGUAGE;
    let attribute = format!(" lang=\"{CONTENT_LANGUAGE}\"");
    move |value, _, _| {
        let japanese = marks_japanese && value.as_str().is_some_and(has_japanese);
        tera::Value::safe_string(if japanese { &attribute } else { "" })
    }
}

/// `{{ text | lang_span }}`: the text, escaped, in a `<span lang="ja">` when
/// it is Japanese and the page is not.
fn lang_span(
    page_language: &str,
) -> impl Fn(&tera::Value, tera::Kwargs, &tera::State) -> tera::Value + use<> {
    let marks_japanese = page_language != CONTENT_LANGUAGE;
    move |value, _, _| {
        let Some(text) = value.as_str() else {
            return value.clone();
        };
        let mut escaped = Vec::with_capacity(text.len());
        escape_html(text, &mut escaped).expect("writing to memory does not fail");
        let escaped = String::from_utf8(escaped).expect("escaping keeps UTF-8");
        tera::Value::safe_string(&if marks_japanese && has_japanese(text) {
            format!("<span lang=\"{CONTENT_LANGUAGE}\">{escaped}</span>")
        } else {
            escaped
        })
    }
}

/// Escapes text as Tera does, byte for byte, but hands the writer whole runs
/// of text: Tera's own escaping writes each byte on its own, through a dynamic
/// writer, which was a thirteenth of a large build.
fn escape_html(text: &str, output: &mut dyn Write) -> std::io::Result<()> {
    let bytes = text.as_bytes();
    let mut unwritten = 0;
    for (at, byte) in bytes.iter().enumerate() {
        let entity: &[u8] = match byte {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        output.write_all(&bytes[unwritten..at])?;
        output.write_all(entity)?;
        unwritten = at + 1;
    }
    output.write_all(&bytes[unwritten..])
}

/// The languages the site's own text can be in: a theme may change the
/// words of these, but a new language needs a locale file in the default theme.
pub fn languages() -> BTreeSet<String> {
    embedded_files("locales")
        .into_keys()
        .filter_map(|name| name.strip_suffix(".yaml").map(str::to_owned))
        .collect()
}

/// The keys of the theme's words, which site.yaml's `labels` can say otherwise.
pub fn word_keys() -> BTreeSet<String> {
    embedded_files("locales")
        .remove(&format!("{}.yaml", crate::config::CONTENT_LANGUAGE))
        .and_then(|bytes| parse_locale("locales", &bytes).ok())
        .map(|locale| locale.into_keys().collect())
        .unwrap_or_default()
}

fn parse_locale(file: &str, bytes: &[u8]) -> Result<Locale> {
    let text = String::from_utf8_lossy(bytes);
    parse_yaml::<Locale>(file, &text).map_err(|diagnostic| {
        let mut report = Report::of(diagnostic);
        report.add_source(file, text.as_ref().into());
        Error::Content(report)
    })
}

/// Files of one folder of the embedded default theme, by path inside that folder.
fn embedded_files(folder: &str) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    if let Some(dir) = DEFAULT_THEME.get_dir(folder) {
        collect_embedded(dir, folder, &mut files);
    }
    files
}

fn collect_embedded(dir: &Dir<'_>, prefix: &str, files: &mut BTreeMap<String, Vec<u8>>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        let relative = path
            .strip_prefix(&format!("{prefix}/"))
            .unwrap_or(&path)
            .to_owned();
        files.insert(relative, file.contents().to_vec());
    }
    for sub in dir.dirs() {
        collect_embedded(sub, prefix, files);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_is_escaped_exactly_as_tera_escapes_it() {
        for text in [
            "",
            "plain 日本語",
            "<a href=\"x\">'&'</a>",
            "&&<<>>\"\"''",
            "末尾<",
        ] {
            let (mut ours, mut teras) = (Vec::new(), Vec::new());
            super::escape_html(text, &mut ours).unwrap();
            tera::escape_html(text, &mut teras).unwrap();
            assert_eq!(ours, teras, "{text}");
        }
    }
}
