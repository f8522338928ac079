//! Package parts written here whole rather than by docx-rs: settings,
//! font table, theme and extended properties. docx-rs's versions carry
//! defaults a Word user would notice (Japanese layout options, a default
//! tab stop of 840 twips, fonts the document does not use) or are empty.

use super::styles::lang_attrs;
use super::text::escape;
use crate::style::Style;
use crate::values::Lang;
use std::fmt::Write;

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// `word/settings.xml`: Word 2013+ layout (compatibility mode 15) with
/// Word's own defaults, a default tab stop every half inch, the theme
/// fonts' language, with notes the separator notes, and whether odd and
/// even pages have headers and footers of their own (`even_and_odd`).
pub fn settings_xml(
    language: &crate::values::Lang,
    with_notes: bool,
    even_and_odd: bool,
) -> String {
    let mut x = String::new();
    write!(
        x,
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<w:settings xmlns:w="{ns}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>"#,
            "{even_and_odd}",
            r#"<w:characterSpacingControl w:val="doNotCompress"/>"#
        ),
        ns = W_NS,
        even_and_odd = if even_and_odd { "<w:evenAndOddHeaders/>" } else { "" },
    )
    .unwrap();
    if with_notes {
        // The ids of the separator notes (see footnotes.rs).
        x.push_str(r#"<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>"#);
    }
    x.push_str("<w:compat>");
    for (name, val) in [
        ("compatibilityMode", "15"),
        ("overrideTableStyleFontSizeAndJustification", "1"),
        ("enableOpenTypeFeatures", "1"),
        ("doNotFlipMirrorIndents", "1"),
        ("differentiateMultirowTableHeaders", "1"),
        ("useWord2013TrackBottomHyphenation", "0"),
    ] {
        write!(
            x,
            r#"<w:compatSetting w:name="{name}" w:uri="http://schemas.microsoft.com/office/word" w:val="{val}"/>"#
        )
        .unwrap();
    }
    x.push_str("</w:compat>");
    write!(x, "<w:themeFontLang {}/>", lang_attrs(language)).unwrap();
    x.push_str(concat!(
        r#"<w:clrSchemeMapping w:bg1="light1" w:t1="dark1" w:bg2="light2" w:t2="dark2" w:accent1="accent1" w:accent2="accent2" w:accent3="accent3" w:accent4="accent4" w:accent5="accent5" w:accent6="accent6" w:hyperlink="hyperlink" w:followedHyperlink="followedHyperlink"/>"#,
        "</w:settings>"
    ));
    x
}

/// The fonts the styles name, once each: the body font, the East Asian
/// one of the document's language, then those of its spans in other
/// languages.
fn fonts(style: &Style, language: &Lang, spans: &[Lang]) -> Vec<String> {
    let mut out = vec![style.fonts.body_docx.clone()];
    let east_asian = std::iter::once(language)
        .chain(spans.iter().filter(|l| l.is_east_asian()))
        .map(|l| style.fonts.cjk_of(l).docx);
    for f in east_asian {
        if !out.contains(&f) {
            out.push(f);
        }
    }
    out
}

/// `word/fontTable.xml`: the fonts the styles name.
pub fn font_table_xml(style: &Style, language: &Lang, spans: &[Lang]) -> String {
    let mut x = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="{W_NS}">"#
    );
    for f in fonts(style, language, spans) {
        write!(x, r#"<w:font w:name="{}"/>"#, escape(&f)).unwrap();
    }
    x.push_str("</w:fonts>");
    x
}

/// `word/theme/theme1.xml`: Office's colours, and as heading and body
/// fonts the style spec's (`fonts.body_docx`, East Asian that of the
/// document's language), so that "+Body" and "+Headings" in Word are the
/// document's fonts.
pub fn theme_xml(style: &Style, language: &Lang) -> String {
    let body = escape(&style.fonts.body_docx);
    let cjk = escape(&style.fonts.cjk_of(language).docx);
    let font =
        format!(r#"<a:latin typeface="{body}"/><a:ea typeface="{cjk}"/><a:cs typeface="{body}"/>"#);
    let solid = r#"<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>"#;
    let line = |w: u32| {
        format!(
            r#"<a:ln w="{w}" cap="flat" cmpd="sng" algn="ctr">{solid}<a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>"#
        )
    };
    let effect = "<a:effectStyle><a:effectLst/></a:effectStyle>";
    let mut x = String::new();
    x.push_str(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Meetdoc"><a:themeElements>"#,
        r#"<a:clrScheme name="Office">"#,
        r#"<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>"#,
        r#"<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>"#,
        r#"<a:dk2><a:srgbClr val="44546A"/></a:dk2><a:lt2><a:srgbClr val="E7E6E6"/></a:lt2>"#,
        r#"<a:accent1><a:srgbClr val="4472C4"/></a:accent1><a:accent2><a:srgbClr val="ED7D31"/></a:accent2>"#,
        r#"<a:accent3><a:srgbClr val="A5A5A5"/></a:accent3><a:accent4><a:srgbClr val="FFC000"/></a:accent4>"#,
        r#"<a:accent5><a:srgbClr val="5B9BD5"/></a:accent5><a:accent6><a:srgbClr val="70AD47"/></a:accent6>"#,
        r#"<a:hlink><a:srgbClr val="0563C1"/></a:hlink><a:folHlink><a:srgbClr val="954F72"/></a:folHlink>"#,
        r#"</a:clrScheme>"#
    ));
    write!(
        x,
        r#"<a:fontScheme name="Meetdoc"><a:majorFont>{font}</a:majorFont><a:minorFont>{font}</a:minorFont></a:fontScheme>"#
    )
    .unwrap();
    write!(
        x,
        concat!(
            r#"<a:fmtScheme name="Office">"#,
            r#"<a:fillStyleLst>{solid}{solid}{solid}</a:fillStyleLst>"#,
            r#"<a:lnStyleLst>{l1}{l2}{l3}</a:lnStyleLst>"#,
            r#"<a:effectStyleLst>{effect}{effect}{effect}</a:effectStyleLst>"#,
            r#"<a:bgFillStyleLst>{solid}{solid}{solid}</a:bgFillStyleLst>"#,
            r#"</a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"#
        ),
        solid = solid,
        l1 = line(6350),
        l2 = line(12700),
        l3 = line(19050),
        effect = effect,
    )
    .unwrap();
    x
}

/// `docProps/app.xml`: the application that wrote the file.
pub const APP_XML: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">"#,
    r#"<Application>meetdoc</Application><DocSecurity>0</DocSecurity></Properties>"#
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_name_the_separators_only_with_notes() {
        let with = settings_xml(&crate::values::Lang::default(), true, false);
        assert!(with.contains(r#"<w:footnotePr><w:footnote w:id="-1"/>"#));
        assert!(with.find("<w:footnotePr>") < with.find("<w:compat>"));
        assert!(!settings_xml(&crate::values::Lang::default(), false, true).contains("footnotePr"));
        assert!(with.contains(r#"<w:defaultTabStop w:val="720"/>"#));
        assert!(
            with.contains(r#"<w:themeFontLang w:val="en-GB"/>"#),
            "{with}"
        );
        assert!(!with.contains("useFELayout"));
    }
}
