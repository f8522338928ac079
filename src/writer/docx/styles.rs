//! `word/styles.xml`: document defaults (the body text) and every named
//! style the writer uses, so staff can keep editing in Word.
//!
//! Written here rather than through docx-rs: docx-rs always adds an empty
//! Normal style and cannot set the language or a table style's conditional
//! (header row) formatting.

use super::text::escape;
use crate::style::{Style, mm_to_twips, pt_to_half_points, pt_to_twips};
use crate::values::Lang;
use std::fmt::Write;

/// Style ids (the names shown in Word are in [`styles_xml`]).
pub mod id {
    pub const NORMAL: &str = "Normal";
    pub const TITLE: &str = "Title";
    pub const TITLE_KIND: &str = "TitleKind";
    pub const TITLE_LINE: &str = "TitleLine";
    pub const HEADING1: &str = "Heading1";
    pub const HEADING2: &str = "Heading2";
    pub const HEADING3: &str = "Heading3";
    pub const HEADING4: &str = "Heading4";
    pub const NUMBERED_PARAGRAPH: &str = "NumberedParagraph";
    pub const HYPERLINK: &str = "Hyperlink";
    pub const LIST_BULLET: &str = "ListBullet";
    pub const LIST_NUMBER: &str = "ListNumber";
    pub const FOOTNOTE_TEXT: &str = "FootnoteText";
    pub const FOOTNOTE_REFERENCE: &str = "FootnoteReference";
    pub const MEETDOC_TABLE: &str = "MeetdocTable";
    pub const TABLE_TEXT: &str = "TableText";
    pub const TABLE_HEADING: &str = "TableHeading";
    pub const TABLE_LIST_BULLET: &str = "TableListBullet";
    pub const TABLE_LIST_NUMBER: &str = "TableListNumber";
    pub const TABLE_NOTE: &str = "TableNote";
    pub const TABLE_NOTE_REFERENCE: &str = "TableNoteReference";
    pub const MASTHEAD_SYMBOL: &str = "MastheadSymbol";
    pub const MASTHEAD: &str = "Masthead";
    pub const ISSUER: &str = "Issuer";
    pub const MEETING: &str = "Meeting";
    pub const HEADER: &str = "Header";
    pub const FOOTER: &str = "Footer";

    /// The character style of a field of the data (see
    /// `model::Inline::Field`), and its name in Word.
    pub fn field(f: crate::model::Field) -> &'static str {
        field_style(f).0
    }

    pub fn field_style(f: crate::model::Field) -> (&'static str, &'static str) {
        use crate::model::Field;
        match f {
            Field::SpeakerRole => ("SpeakerRole", "Speaker Role"),
            Field::SpeakerName => ("SpeakerName", "Speaker Name"),
            Field::SpeakerAffiliation => ("SpeakerAffiliation", "Speaker Affiliation"),
            Field::SpeakerCapacity => ("SpeakerCapacity", "Speaker Capacity"),
        }
    }

    /// Every field.
    pub const FIELDS: [crate::model::Field; 4] = [
        crate::model::Field::SpeakerRole,
        crate::model::Field::SpeakerName,
        crate::model::Field::SpeakerAffiliation,
        crate::model::Field::SpeakerCapacity,
    ];
}

/// Styles a user applies by hand, shown in Word's quick-style gallery
/// (`w:qFormat`); the others are applied by the writer and listed only in
/// the Styles pane.
const QUICK_STYLES: [&str; 9] = [
    id::NORMAL,
    id::TITLE,
    id::HEADING1,
    id::HEADING2,
    id::HEADING3,
    id::HEADING4,
    id::NUMBERED_PARAGRAPH,
    id::LIST_BULLET,
    id::LIST_NUMBER,
];

/// The attributes of `w:lang` (and `w:themeFontLang`) for `language`
/// (BCP 47) as given: `w:val`, and for Chinese, Japanese and Korean also
/// `w:eastAsia`, for Arabic, Hebrew, Persian and Urdu `w:bidi`.
pub fn lang_attrs(language: &Lang) -> String {
    let lang = escape(language.as_str());
    let primary = language.primary();
    let mut out = format!(r#"w:val="{lang}""#);
    if language.is_east_asian() {
        out.push_str(&format!(r#" w:eastAsia="{lang}""#));
    }
    if matches!(primary.as_str(), "ar" | "he" | "fa" | "ur") {
        out.push_str(&format!(r#" w:bidi="{lang}""#));
    }
    out
}

/// The attributes of `w:lang` for a span of text in `language` inside a
/// document: East Asian languages set only `w:eastAsia` (the Latin text
/// around keeps the document's language), others `w:val` (and `w:bidi`).
fn span_lang_attrs(language: &Lang) -> String {
    let lang = escape(language.as_str());
    if language.is_east_asian() {
        return format!(r#"w:eastAsia="{lang}""#);
    }
    let mut out = format!(r#"w:val="{lang}""#);
    if matches!(language.primary().as_str(), "ar" | "he" | "fa" | "ur") {
        out.push_str(&format!(r#" w:bidi="{lang}""#));
    }
    out
}

/// The id of the character style of text in `language` (a span of the
/// model in another language than the document's): "Lang" and the tag's
/// letters and digits, e.g. "Langko", "LangzhHant".
pub fn lang_style_id(language: &Lang) -> String {
    let tag: String = language
        .as_str()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    format!("Lang{tag}")
}

/// Word's line spacing value (240 = "single") for `line_height_em`:
/// Word's "single" line of the body font is `single_line_em`.
fn line_value(style: &Style) -> u32 {
    let sp = &style.spacing_pt;
    (240.0 * sp.line_height_em / sp.single_line_em).round() as u32
}

/// The whole styles part for `style`, with `language` (BCP 47) as the
/// language of the text (its East Asian font from `fonts.cjk_by_language`),
/// and a character style for each language of `spans`.
pub fn styles_xml(style: &Style, language: &Lang, spans: &[Lang]) -> String {
    let f = &style.fonts;
    let s = &style.sizes_pt;
    let sp = &style.spacing_pt;
    let hp = |pt: f64| pt_to_half_points(pt);
    let tw = |pt: f64| pt_to_twips(pt);
    let tw_mm = |mm: f64| mm_to_twips(mm);
    let body = escape(&f.body_docx);
    let cjk = escape(&f.cjk_of(language).docx);
    let line = line_value(style);

    let mut x = String::new();
    x.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
    x.push_str(
        r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    );
    write!(
        x,
        concat!(
            r#"<w:docDefaults><w:rPrDefault><w:rPr>"#,
            r#"<w:rFonts w:ascii="{body}" w:hAnsi="{body}" w:eastAsia="{cjk}" w:cs="{body}"/>"#,
            r#"<w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/><w:lang {lang}/>"#,
            r#"</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>{widow}<w:suppressAutoHyphens/>"#,
            r#"<w:spacing w:before="0" w:after="{after}" w:line="{line}" w:lineRule="auto"/>"#,
            r#"<w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>"#
        ),
        body = body,
        cjk = cjk,
        sz = hp(s.body),
        lang = lang_attrs(language),
        // Said either way: Word and LibreOffice differ when it is left out.
        widow = if style.page.widow_control {
            "<w:widowControl/>"
        } else {
            r#"<w:widowControl w:val="0"/>"#
        },
        after = tw(sp.paragraph_after),
        line = line,
    )
    .unwrap();

    // Word's defaults for each kind of style.
    x.push_str(concat!(
        r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>"#,
        r#"<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"#,
        r#"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#,
        r#"<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"#,
    ));

    let no_after = r#"<w:spacing w:after="0"/>"#;
    let size = |pt: f64| format!(r#"<w:sz w:val="{0}"/><w:szCs w:val="{0}"/>"#, hp(pt));
    let bold = "<w:b/><w:bCs/>";
    let bullets = format!(
        r#"<w:numPr><w:numId w:val="{}"/></w:numPr>"#,
        super::numbering::BULLETS
    );
    let numbers = format!(
        r#"<w:numPr><w:numId w:val="{}"/></w:numPr>"#,
        super::numbering::NUMBERS
    );

    // Title block.
    para(
        &mut x,
        id::TITLE_KIND,
        "Title Kind",
        "Normal",
        &format!(r#"<w:keepNext/>{no_after}<w:jc w:val="center"/>"#),
        &format!("{bold}{}", size(s.kind)),
    );
    para(
        &mut x,
        id::TITLE,
        "Title",
        "Normal",
        &format!(r#"<w:keepNext/>{no_after}<w:jc w:val="center"/>"#),
        &format!("{bold}{}", size(s.title)),
    );
    para(
        &mut x,
        id::TITLE_LINE,
        "Title Line",
        "Normal",
        &format!(r#"<w:keepNext/>{no_after}<w:jc w:val="center"/>"#),
        &size(s.title_lines),
    );

    // Headings.
    for (sid, name, pt, lvl) in [
        (id::HEADING1, "heading 1", s.heading1, 0),
        (id::HEADING2, "heading 2", s.heading2, 1),
        (id::HEADING3, "heading 3", s.heading3, 2),
        (id::HEADING4, "heading 4", s.heading4, 3),
    ] {
        para(
            &mut x,
            sid,
            name,
            "Normal",
            &format!(
                r#"<w:keepNext/><w:keepLines/><w:spacing w:before="{}" w:after="{}"/><w:jc w:val="left"/><w:outlineLvl w:val="{lvl}"/>"#,
                tw(sp.heading_before[lvl]),
                tw(sp.heading_after[lvl])
            ),
            &format!(
                "{}{}",
                if style.heading_bold[lvl] { bold } else { "" },
                size(pt)
            ),
        );
    }

    // Numbered paragraphs: the number from the numbering part, which
    // names no style (a user applies the style to number a paragraph).
    let paragraphs = format!(
        r#"<w:numPr><w:numId w:val="{}"/></w:numPr>"#,
        super::numbering::NUMBERED_PARAGRAPHS
    );
    para(
        &mut x,
        id::NUMBERED_PARAGRAPH,
        "Numbered Paragraph",
        "Normal",
        &paragraphs,
        "",
    );

    // Lists.
    para(
        &mut x,
        id::LIST_BULLET,
        "List Bullet",
        "Normal",
        &format!(r#"{bullets}<w:spacing w:after="{}"/>"#, tw(sp.list_after)),
        "",
    );
    para(
        &mut x,
        id::LIST_NUMBER,
        "List Number",
        "Normal",
        &format!(r#"{numbers}<w:spacing w:after="{}"/>"#, tw(sp.number_after)),
        "",
    );

    // Footnotes.
    para(
        &mut x,
        id::FOOTNOTE_TEXT,
        "footnote text",
        "Normal",
        no_after,
        &size(s.footnote),
    );
    character(
        &mut x,
        id::FOOTNOTE_REFERENCE,
        "footnote reference",
        r#"<w:vertAlign w:val="superscript"/>"#,
    );

    // Tables.
    para(
        &mut x,
        id::TABLE_TEXT,
        "Table Text",
        "Normal",
        &format!(
            r#"<w:spacing w:after="{}"/><w:jc w:val="left"/>"#,
            tw(sp.list_after)
        ),
        &size(s.table),
    );
    para(
        &mut x,
        id::TABLE_HEADING,
        "Table Heading",
        id::TABLE_TEXT,
        "<w:keepNext/>",
        bold,
    );
    para(
        &mut x,
        id::TABLE_LIST_BULLET,
        "Table List Bullet",
        id::TABLE_TEXT,
        &format!(r#"{bullets}<w:spacing w:after="{}"/>"#, tw(sp.list_after)),
        "",
    );
    para(
        &mut x,
        id::TABLE_LIST_NUMBER,
        "Table List Number",
        id::TABLE_TEXT,
        &format!(r#"{numbers}<w:spacing w:after="{}"/>"#, tw(sp.list_after)),
        "",
    );
    para(
        &mut x,
        id::TABLE_NOTE,
        "Table Note",
        "Normal",
        no_after,
        &size(s.footnote),
    );
    character(
        &mut x,
        id::TABLE_NOTE_REFERENCE,
        "Table Note Reference",
        r#"<w:vertAlign w:val="superscript"/>"#,
    );
    table_style(&mut x, style);
    // The fields of the data inside a text: they look like the text
    // around them; the style names what they are.
    for f in id::FIELDS {
        let (sid, name) = id::field_style(f);
        x.push_str(&format!(
            r#"<w:style w:type="character" w:customStyle="1" w:styleId="{sid}"><w:name w:val="{name}"/><w:basedOn w:val="DefaultParagraphFont"/></w:style>"#
        ));
    }

    // Links.
    character(
        &mut x,
        id::HYPERLINK,
        "Hyperlink",
        &format!(
            r#"<w:color w:val="{}"/>{}"#,
            escape(&style.text.link_colour),
            if style.text.link_underline {
                r#"<w:u w:val="single"/>"#
            } else {
                ""
            }
        ),
    );
    // Text in another language (a Korean name in an English programme):
    // its East Asian font and its language.
    for l in spans {
        let font = if l.is_east_asian() {
            format!(r#"<w:rFonts w:eastAsia="{}"/>"#, escape(&f.cjk_of(l).docx))
        } else {
            String::new()
        };
        character(
            &mut x,
            &lang_style_id(l),
            &format!("Text in {}", escape(l.as_str())),
            &format!("{font}<w:lang {}/>", span_lang_attrs(l)),
        );
    }

    // Masthead, page header and footer. The masthead's lines hold the
    // issuer on the left and, after a tab to the right margin, the symbol,
    // distribution, date and original language; the meeting's lines follow
    // under the rule.
    let text_width = tw_mm(style.text_width_mm());
    para(
        &mut x,
        id::MASTHEAD,
        "Masthead",
        "Normal",
        &format!(
            r#"<w:keepNext/><w:keepLines/><w:tabs><w:tab w:val="right" w:pos="{text_width}"/></w:tabs>{no_after}<w:jc w:val="left"/>"#
        ),
        &size(s.masthead),
    );
    character(
        &mut x,
        id::MASTHEAD_SYMBOL,
        "Masthead Symbol",
        &format!("{bold}{}", size(s.masthead_symbol)),
    );
    character(&mut x, id::ISSUER, "Masthead Issuer", bold);
    para(
        &mut x,
        id::MEETING,
        "Masthead Meeting",
        "Normal",
        &format!(r#"<w:keepNext/><w:keepLines/>{no_after}<w:jc w:val="left"/>"#),
        &size(s.masthead),
    );
    para(
        &mut x,
        id::HEADER,
        "header",
        "Normal",
        &format!(r#"{no_after}<w:jc w:val="left"/>"#),
        &size(s.header),
    );
    para(
        &mut x,
        id::FOOTER,
        "footer",
        "Normal",
        &format!(r#"{no_after}<w:jc w:val="left"/>"#),
        &size(s.footer),
    );

    x.push_str("</w:styles>");
    x
}

/// A paragraph style; `ppr` and `rpr` are the inner elements, in schema order.
fn para(x: &mut String, id: &str, name: &str, based_on: &str, ppr: &str, rpr: &str) {
    write!(
        x,
        r#"<w:style w:type="paragraph" w:customStyle="{custom}" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="{based_on}"/><w:next w:val="{next}"/>{quick}<w:pPr>{ppr}</w:pPr>{rpr}</w:style>"#,
        custom = u8::from(!is_builtin(name)),
        next = if id.starts_with("Heading") || id == "Title" { "Normal" } else { id },
        quick = if QUICK_STYLES.contains(&id) { "<w:qFormat/>" } else { "" },
        rpr = if rpr.is_empty() { String::new() } else { format!("<w:rPr>{rpr}</w:rPr>") },
    )
    .unwrap();
}

/// A character style.
fn character(x: &mut String, id: &str, name: &str, rpr: &str) {
    write!(
        x,
        r#"<w:style w:type="character" w:customStyle="{custom}" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="DefaultParagraphFont"/><w:rPr>{rpr}</w:rPr></w:style>"#,
        custom = u8::from(!is_builtin(name)),
    )
    .unwrap();
}

/// Whether Word knows a style of this name (then it is not "custom").
fn is_builtin(name: &str) -> bool {
    matches!(
        name,
        "Title"
            | "heading 1"
            | "heading 2"
            | "heading 3"
            | "heading 4"
            | "Hyperlink"
            | "List Bullet"
            | "List Number"
            | "footnote text"
            | "footnote reference"
            | "header"
            | "footer"
    )
}

/// "Meetdoc Table": borders, cell padding, fixed layout, text at the table
/// size; the header row bold and shaded.
fn table_style(x: &mut String, style: &Style) {
    let border = (style.table.border_pt * 8.0).round().max(2.0) as u32;
    let pad = pt_to_twips(style.spacing_pt.cell_padding);
    let mut borders = String::new();
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        if style.table.border_pt > 0.0 {
            write!(
                borders,
                r#"<w:{side} w:val="single" w:sz="{border}" w:space="0" w:color="{colour}"/>"#,
                colour = escape(&style.table.border_colour)
            )
            .unwrap();
        } else {
            write!(borders, r#"<w:{side} w:val="nil"/>"#).unwrap();
        }
    }
    write!(
        x,
        concat!(
            r#"<w:style w:type="table" w:customStyle="1" w:styleId="{id}"><w:name w:val="Meetdoc Table"/><w:basedOn w:val="TableNormal"/>"#,
            r#"<w:pPr><w:spacing w:after="0"/><w:jc w:val="left"/></w:pPr><w:rPr><w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/></w:rPr>"#,
            r#"<w:tblPr><w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>"#,
            r#"<w:tblCellMar><w:top w:w="{pad_v}" w:type="dxa"/><w:left w:w="{pad}" w:type="dxa"/><w:bottom w:w="{pad_v}" w:type="dxa"/><w:right w:w="{pad}" w:type="dxa"/></w:tblCellMar></w:tblPr>"#,
            r#"<w:trPr><w:cantSplit/></w:trPr>"#,
            r#"<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr><w:trPr><w:tblHeader/></w:trPr>"#,
            r#"<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{fill}"/></w:tcPr></w:tblStylePr>"#,
            r#"</w:style>"#
        ),
        id = id::MEETDOC_TABLE,
        sz = pt_to_half_points(style.sizes_pt.table),
        borders = borders,
        pad = pad,
        pad_v = pad,
        fill = escape(&style.table.header_shading),
    )
    .unwrap();
}
