//! The imported document's styles (`styles.xml`) and list definitions
//! (`numbering.xml`): what a style is called, whether it makes text bold
//! or italic, whether it is a heading or a list, and whether a list is of
//! bullets or numbers.

use super::ImportError;
use super::xml::{attr, child, children, is, parse, toggle, val};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default)]
struct StyleDef {
    name: String,
    based_on: Option<String>,
    bold: Option<bool>,
    italic: Option<bool>,
    outline: Option<u8>,
    num: Option<(String, u8)>,
    shading: Option<String>,
}

/// The styles of a document, by id.
#[derive(Debug, Clone, Default)]
pub struct Styles {
    defs: BTreeMap<String, StyleDef>,
    /// The default paragraph style's id.
    default_paragraph: Option<String>,
    /// The language of the document defaults (`w:lang`).
    pub language: Option<String>,
}

/// How a style name compares: lower case, without spaces, hyphens or
/// underscores ("List Bullet", "ListBullet" and "list-bullet" are one).
pub fn norm(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect()
}

impl Styles {
    pub fn read(xml: Option<&str>) -> Result<Styles, ImportError> {
        let Some(xml) = xml else {
            return Ok(Styles::default());
        };
        let doc = parse(xml, "the styles part")?;
        let mut out = Styles::default();
        for n in doc.descendants() {
            if is(n, "docDefaults") {
                out.language = n
                    .descendants()
                    .find(|c| is(*c, "lang"))
                    .and_then(|l| attr(l, "val"))
                    .map(str::to_string);
            }
            if !is(n, "style") {
                continue;
            }
            let Some(id) = attr(n, "styleId") else {
                continue;
            };
            let mut def = StyleDef {
                name: val(n, "name").unwrap_or(id).to_string(),
                based_on: val(n, "basedOn").map(str::to_string),
                ..StyleDef::default()
            };
            if let Some(rpr) = child(n, "rPr") {
                def.bold = toggle(rpr, "b");
                def.italic = toggle(rpr, "i");
            }
            if let Some(ppr) = child(n, "pPr") {
                def.outline = val(ppr, "outlineLvl").and_then(|v| v.parse().ok());
                if let Some(num) = child(ppr, "numPr") {
                    let id = val(num, "numId").unwrap_or("0").to_string();
                    let lvl = val(num, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                    def.num = Some((id, lvl));
                }
                def.shading = child(ppr, "shd")
                    .and_then(|s| attr(s, "fill"))
                    .map(str::to_string);
            }
            if attr(n, "type") == Some("paragraph")
                && matches!(attr(n, "default"), Some("1" | "true"))
            {
                out.default_paragraph = Some(id.to_string());
            }
            out.defs.insert(id.to_string(), def);
        }
        Ok(out)
    }

    /// The style's name (its id when the document does not define it).
    pub fn name(&self, id: &str) -> String {
        self.defs
            .get(id)
            .map_or_else(|| id.to_string(), |d| d.name.clone())
    }

    /// The id of the paragraph style of a paragraph naming `id` (the
    /// default paragraph style when it names none).
    pub fn paragraph_style(&self, id: Option<&str>) -> Option<String> {
        id.map(str::to_string)
            .or_else(|| self.default_paragraph.clone())
    }

    /// A property through the style's `basedOn` chain.
    fn inherited<T>(&self, id: &str, get: impl Fn(&StyleDef) -> Option<T>) -> Option<T> {
        let mut at = Some(id.to_string());
        for _ in 0..32 {
            let def = self.defs.get(at.as_deref()?)?;
            if let Some(v) = get(def) {
                return Some(v);
            }
            at = def.based_on.clone();
        }
        None
    }

    pub fn bold(&self, id: &str) -> Option<bool> {
        self.inherited(id, |d| d.bold)
    }

    pub fn italic(&self, id: &str) -> Option<bool> {
        self.inherited(id, |d| d.italic)
    }

    /// The list a paragraph style puts its paragraphs in: (numId, level).
    pub fn num(&self, id: &str) -> Option<(String, u8)> {
        self.inherited(id, |d| d.num.clone())
    }

    /// The heading level (1 = top) of a paragraph style: "heading N", or
    /// an outline level.
    pub fn heading_level(&self, id: &str) -> Option<u8> {
        let mut at = Some(id.to_string());
        for _ in 0..32 {
            let def = self.defs.get(at.as_deref()?)?;
            let n = norm(&def.name);
            if let Some(level) = n.strip_prefix("heading").and_then(|l| l.parse::<u8>().ok()) {
                return Some(level);
            }
            if let Some(o) = def.outline
                && o < 9
            {
                return Some(o + 1);
            }
            at = def.based_on.clone();
        }
        None
    }
}

/// The list definitions: for each list (numId) and level, whether it is a
/// bullet list.
#[derive(Debug, Clone, Default)]
pub struct Numbering {
    /// numId -> level -> (format (`bullet`, `decimal`, …), level text
    /// (`%1.`), start).
    formats: BTreeMap<String, BTreeMap<u8, Level>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    pub format: String,
    pub text: String,
    pub start: u32,
}

impl Numbering {
    pub fn read(xml: Option<&str>) -> Result<Numbering, ImportError> {
        let Some(xml) = xml else {
            return Ok(Numbering::default());
        };
        let doc = parse(xml, "the numbering part")?;
        let root = doc.root_element();
        let mut abstracts: BTreeMap<String, BTreeMap<u8, Level>> = BTreeMap::new();
        for a in children(root, "abstractNum") {
            let Some(id) = attr(a, "abstractNumId") else {
                continue;
            };
            abstracts.insert(id.to_string(), levels(a));
        }
        let mut formats = BTreeMap::new();
        for n in children(root, "num") {
            let (Some(id), Some(abs)) = (attr(n, "numId"), val(n, "abstractNumId")) else {
                continue;
            };
            let mut lv = abstracts.get(abs).cloned().unwrap_or_default();
            for o in children(n, "lvlOverride") {
                if let Some(l) = child(o, "lvl") {
                    lv.extend(levels_of(&[l]));
                }
                if let (Some(ilvl), Some(start)) = (
                    attr(o, "ilvl").and_then(|v| v.parse::<u8>().ok()),
                    val(o, "startOverride").and_then(|v| v.parse::<u32>().ok()),
                ) && let Some(level) = lv.get_mut(&ilvl)
                {
                    level.start = start;
                }
            }
            formats.insert(id.to_string(), lv);
        }
        Ok(Numbering { formats })
    }

    /// Whether list `num_id` at `level` is a bullet list (None: the
    /// document does not define it).
    pub fn is_bullet(&self, num_id: &str, level: u8) -> Option<bool> {
        self.formats
            .get(num_id)?
            .get(&level)
            .map(|l| l.format == "bullet" || l.format == "none")
    }

    /// The definition of list `num_id`'s `level`.
    pub fn level(&self, num_id: &str, level: u8) -> Option<&Level> {
        self.formats.get(num_id)?.get(&level)
    }
}

fn levels(abs: roxmltree::Node) -> BTreeMap<u8, Level> {
    let lvls: Vec<_> = children(abs, "lvl").collect();
    levels_of(&lvls)
}

fn levels_of(lvls: &[roxmltree::Node]) -> BTreeMap<u8, Level> {
    lvls.iter()
        .filter_map(|l| {
            let ilvl = attr(*l, "ilvl")?.parse().ok()?;
            Some((
                ilvl,
                Level {
                    format: val(*l, "numFmt").unwrap_or("decimal").to_string(),
                    text: val(*l, "lvlText").unwrap_or("").to_string(),
                    start: val(*l, "start").and_then(|v| v.parse().ok()).unwrap_or(1),
                },
            ))
        })
        .collect()
}
