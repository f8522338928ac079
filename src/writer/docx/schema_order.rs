//! Puts the children of WordprocessingML property elements (`w:pPr`,
//! `w:rPr`, `w:tblPr`, `w:trPr`, `w:tcPr`, `w:sectPr`) in the order the
//! schema (ECMA-376) prescribes. docx-rs writes some of them out of order
//! (e.g. `w:rPr` before `w:pStyle`), and so does our own post-processing
//! (`w:tblHeader`); Word is strict about schema order in places, so every
//! part is put in order before packing.

/// Schema order of the children of each property element (local names).
const ORDER: [(&str, &[&str]); 6] = [
    (
        "pPr",
        &[
            "pStyle",
            "keepNext",
            "keepLines",
            "pageBreakBefore",
            "framePr",
            "widowControl",
            "numPr",
            "suppressLineNumbers",
            "pBdr",
            "shd",
            "tabs",
            "suppressAutoHyphens",
            "kinsoku",
            "wordWrap",
            "overflowPunct",
            "topLinePunct",
            "autoSpaceDE",
            "autoSpaceDN",
            "bidi",
            "adjustRightInd",
            "snapToGrid",
            "spacing",
            "ind",
            "contextualSpacing",
            "mirrorIndents",
            "suppressOverlap",
            "jc",
            "textDirection",
            "textAlignment",
            "textboxTightWrap",
            "outlineLvl",
            "divId",
            "cnfStyle",
            "rPr",
            "sectPr",
            "pPrChange",
        ],
    ),
    (
        "rPr",
        &[
            "rStyle",
            "rFonts",
            "b",
            "bCs",
            "i",
            "iCs",
            "caps",
            "smallCaps",
            "strike",
            "dstrike",
            "outline",
            "shadow",
            "emboss",
            "imprint",
            "noProof",
            "snapToGrid",
            "vanish",
            "webHidden",
            "color",
            "spacing",
            "w",
            "kern",
            "position",
            "sz",
            "szCs",
            "highlight",
            "u",
            "effect",
            "bdr",
            "shd",
            "fitText",
            "vertAlign",
            "rtl",
            "cs",
            "em",
            "lang",
            "eastAsianLayout",
            "specVanish",
            "oMath",
            "ins",
            "del",
            "moveFrom",
            "moveTo",
            "rPrChange",
        ],
    ),
    (
        "tblPr",
        &[
            "tblStyle",
            "tblpPr",
            "tblOverlap",
            "bidiVisual",
            "tblStyleRowBandSize",
            "tblStyleColBandSize",
            "tblW",
            "jc",
            "tblCellSpacing",
            "tblInd",
            "tblBorders",
            "shd",
            "tblLayout",
            "tblCellMar",
            "tblLook",
            "tblCaption",
            "tblDescription",
            "tblPrChange",
        ],
    ),
    (
        "trPr",
        &[
            "cnfStyle",
            "divId",
            "gridBefore",
            "gridAfter",
            "wBefore",
            "wAfter",
            "cantSplit",
            "trHeight",
            "tblHeader",
            "tblCellSpacing",
            "jc",
            "hidden",
            "ins",
            "del",
            "trPrChange",
        ],
    ),
    (
        "tcPr",
        &[
            "cnfStyle",
            "tcW",
            "gridSpan",
            "hMerge",
            "vMerge",
            "tcBorders",
            "shd",
            "noWrap",
            "tcMar",
            "textDirection",
            "tcFitText",
            "vAlign",
            "hideMark",
            "headers",
            "cellIns",
            "cellDel",
            "cellMerge",
            "tcPrChange",
        ],
    ),
    (
        "sectPr",
        &[
            "headerReference",
            "footerReference",
            "footnotePr",
            "endnotePr",
            "type",
            "pgSz",
            "pgMar",
            "paperSrc",
            "pgBorders",
            "lnNumType",
            "pgNumType",
            "cols",
            "formProt",
            "vAlign",
            "noEndnote",
            "titlePg",
            "textDirection",
            "bidi",
            "rtlGutter",
            "docGrid",
            "printerSettings",
            "sectPrChange",
        ],
    ),
];

/// A node of the part: raw text between tags, or an element with its raw
/// start tag, children and raw end tag (empty for `<x/>`).
enum Node<'a> {
    Text(&'a str),
    Element {
        name: &'a str,
        start: &'a str,
        children: Vec<Node<'a>>,
        end: &'a str,
    },
}

/// The part with the children of every property element in schema order.
/// Anything it cannot read is returned as it was.
pub fn reorder(xml: &str) -> String {
    let mut pos = 0;
    let Some(nodes) = parse(xml, &mut pos, None) else {
        return xml.to_string();
    };
    let mut out = String::with_capacity(xml.len());
    for n in &nodes {
        write(n, &mut out);
    }
    out
}

fn tag_end(xml: &str, from: usize) -> Option<usize> {
    let mut quote = None;
    for (i, &b) in xml.as_bytes()[from..].iter().enumerate() {
        match (quote, b) {
            (None, b'"') | (None, b'\'') => quote = Some(b),
            (Some(q), c) if c == q => quote = None,
            (None, b'>') => return Some(from + i + 1),
            _ => {}
        }
    }
    None
}

fn name_of(tag: &str) -> &str {
    let inner = tag.trim_start_matches("</").trim_start_matches('<');
    inner
        .split(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .next()
        .unwrap_or("")
}

/// Parses nodes until the end tag of `parent` (or the end of the text).
fn parse<'a>(xml: &'a str, pos: &mut usize, parent: Option<&str>) -> Option<Vec<Node<'a>>> {
    let mut nodes = Vec::new();
    while *pos < xml.len() {
        let lt = match xml[*pos..].find('<') {
            Some(i) => *pos + i,
            None => {
                nodes.push(Node::Text(&xml[*pos..]));
                *pos = xml.len();
                break;
            }
        };
        if lt > *pos {
            nodes.push(Node::Text(&xml[*pos..lt]));
        }
        let end = tag_end(xml, lt)?;
        let tag = &xml[lt..end];
        *pos = end;
        if tag.starts_with("</") {
            if Some(name_of(tag)) != parent {
                return None;
            }
            // The caller reads the end tag.
            *pos = lt;
            return Some(nodes);
        }
        if tag.starts_with("<?") || tag.starts_with("<!") || tag.ends_with("/>") {
            let name = name_of(tag);
            if tag.starts_with("<?") || tag.starts_with("<!") {
                nodes.push(Node::Text(tag));
            } else {
                nodes.push(Node::Element {
                    name,
                    start: tag,
                    children: Vec::new(),
                    end: "",
                });
            }
            continue;
        }
        let name = name_of(tag);
        let children = parse(xml, pos, Some(name))?;
        let close = tag_end(xml, *pos)?;
        let end_tag = &xml[*pos..close];
        *pos = close;
        nodes.push(Node::Element {
            name,
            start: tag,
            children,
            end: end_tag,
        });
    }
    parent.is_none().then_some(nodes)
}

fn rank(order: &[&str], node: &Node) -> usize {
    match node {
        Node::Element { name, .. } => {
            let local = name.rsplit(':').next().unwrap_or(name);
            order
                .iter()
                .position(|o| *o == local)
                .unwrap_or(order.len())
        }
        Node::Text(_) => order.len(),
    }
}

fn write(node: &Node, out: &mut String) {
    match node {
        Node::Text(t) => out.push_str(t),
        Node::Element {
            name,
            start,
            children,
            end,
        } => {
            out.push_str(start);
            let local = name.rsplit(':').next().unwrap_or(name);
            match ORDER.iter().find(|(n, _)| *n == local) {
                Some((_, order)) => {
                    let mut sorted: Vec<&Node> = children.iter().collect();
                    sorted.sort_by_key(|c| rank(order, c));
                    for c in sorted {
                        write(c, out);
                    }
                }
                None => {
                    for c in children {
                        write(c, out);
                    }
                }
            }
            out.push_str(end);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn puts_property_children_in_schema_order() {
        let xml = r#"<?xml version="1.0"?><w:document><w:p><w:pPr><w:rPr><w:b/></w:rPr><w:pStyle w:val="a&gt;b"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">x &lt; y</w:t></w:r></w:p><w:tbl><w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr></w:tr></w:tbl></w:document>"#;
        let out = reorder(xml);
        assert_eq!(
            out,
            r#"<?xml version="1.0"?><w:document><w:p><w:pPr><w:pStyle w:val="a&gt;b"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:t xml:space="preserve">x &lt; y</w:t></w:r></w:p><w:tbl><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr></w:tr></w:tbl></w:document>"#
        );
    }

    #[test]
    fn leaves_unreadable_text_alone() {
        assert_eq!(reorder("<a><b></a>"), "<a><b></a>");
    }
}
