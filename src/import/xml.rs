//! Small helpers over roxmltree for WordprocessingML: elements and
//! attributes are matched by local name, so the transitional and the strict
//! namespaces both read.

use super::ImportError;
use roxmltree::{Document, Node, ParsingOptions};

/// Parses one part (no DTD: an XML entity cannot reach outside the part).
pub fn parse<'a>(xml: &'a str, what: &str) -> Result<Document<'a>, ImportError> {
    Document::parse_with_options(
        xml,
        ParsingOptions {
            allow_dtd: false,
            ..ParsingOptions::default()
        },
    )
    .map_err(|e| {
        ImportError::new(
            format!("{what} is not well-formed XML: {e}"),
            "the file is damaged: open it in Word or LibreOffice and save it again",
        )
    })
}

/// Whether `n` is the element with local name `name`.
pub fn is(n: Node, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name
}

/// The first child element named `name`.
pub fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| is(*c, name))
}

/// The child elements named `name`.
pub fn children<'a, 'i: 'a>(
    n: Node<'a, 'i>,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    n.children().filter(move |c| is(*c, name))
}

/// The attribute with local name `name` (in any namespace).
pub fn attr<'a>(n: Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attributes().find(|a| a.name() == name).map(|a| a.value())
}

/// `w:val` of the child `name`.
pub fn val<'a>(n: Node<'a, '_>, name: &str) -> Option<&'a str> {
    child(n, name).and_then(|c| attr(c, "val"))
}

/// A toggle property (`<w:b/>`, `<w:b w:val="0"/>`) of `props`: None when
/// it is not there.
pub fn toggle(props: Node, name: &str) -> Option<bool> {
    child(props, name).map(|c| !matches!(attr(c, "val"), Some("0" | "false" | "off" | "none")))
}
