//! A small element tree over quick-xml, for the office formats' XML parts. Names are local
//! (namespace prefixes dropped: `a:t` is `t`), entities are resolved, and nesting depth is
//! bounded so that a hostile file cannot exhaust the stack.

use quick_xml::Reader;
use quick_xml::events::Event;

/// Deepest nesting accepted; real documents stay far below.
const MAX_DEPTH: usize = 256;

/// An element with its attributes and children.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Node>,
}

/// A child of an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    /// The value of an attribute by local name, preferring one without a namespace prefix.
    pub(crate) fn attribute(&self, name: &str) -> Option<&str> {
        let local = |key: &str| key.rsplit(':').next() == Some(name);
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .or_else(|| self.attributes.iter().find(|(key, _)| local(key)))
            .map(|(_, value)| value.as_str())
    }

    /// The value of a namespaced attribute by local name (`r:id` for `id`).
    pub(crate) fn prefixed_attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key.contains(':') && key.rsplit(':').next() == Some(name))
            .map(|(_, value)| value.as_str())
    }

    /// Child elements.
    pub(crate) fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|node| match node {
            Node::Element(element) => Some(element),
            Node::Text(_) => None,
        })
    }

    /// The first child element with this name.
    pub(crate) fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|element| element.name == name)
    }

    /// Every descendant element with this name, in document order, not looking inside matches.
    pub(crate) fn find_all<'a>(&'a self, name: &str, out: &mut Vec<&'a Element>) {
        for element in self.elements() {
            if element.name == name {
                out.push(element);
            } else {
                element.find_all(name, out);
            }
        }
    }

    /// The first descendant element with this name.
    pub(crate) fn find(&self, name: &str) -> Option<&Element> {
        self.elements().find_map(|element| {
            if element.name == name {
                Some(element)
            } else {
                element.find(name)
            }
        })
    }
}

/// Why an XML part could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub(crate) struct XmlError(pub String);

/// Parses a whole XML document into its root element.
pub(crate) fn parse(bytes: &[u8]) -> Result<Element, XmlError> {
    let mut reader = Reader::from_reader(bytes);
    let mut stack: Vec<Element> = vec![Element::default()];
    let mut buffer = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buffer)
            .map_err(|error| XmlError(format!("at byte {}: {error}", reader.buffer_position())))?;
        match event {
            Event::Start(start) => {
                if stack.len() > MAX_DEPTH {
                    return Err(XmlError(format!("nested deeper than {MAX_DEPTH} elements")));
                }
                stack.push(element(&start)?);
            }
            Event::Empty(start) => {
                let element = element(&start)?;
                push(&mut stack, Node::Element(element));
            }
            Event::End(_) => {
                let Some(done) = stack.pop().filter(|_| !stack.is_empty()) else {
                    return Err(XmlError("unbalanced end tag".to_owned()));
                };
                push(&mut stack, Node::Element(done));
            }
            Event::Text(text) => push_text(&mut stack, &text.xml10_content()),
            Event::CData(data) => push_text(&mut stack, &data.xml10_content()),
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => {
                        let name = reference.xml10_content();
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| XmlError(format!("unknown entity `&{name};`")))?
                            .to_owned()
                    }
                    Err(error) => return Err(XmlError(error.to_string())),
                };
                push_text(&mut stack, &resolved);
            }
            Event::Eof => break,
            _ => {}
        }
        buffer.clear();
    }
    if stack.len() != 1 {
        return Err(XmlError("the document ends inside an element".to_owned()));
    }
    let root = stack.pop().expect("checked: one element left");
    root.elements()
        .next()
        .cloned()
        .ok_or_else(|| XmlError("no root element".to_owned()))
}

fn local(name: &str) -> String {
    name.rsplit(':').next().unwrap_or_default().to_owned()
}

fn element(start: &quick_xml::events::BytesStart<'_>) -> Result<Element, XmlError> {
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|error| XmlError(error.to_string()))?;
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|error| XmlError(error.to_string()))?;
        // Attributes keep their prefix: `id` and `r:id` may sit on one element.
        attributes.push((attribute.key.as_ref().to_owned(), value.into_owned()));
    }
    Ok(Element {
        name: local(start.name().as_ref()),
        attributes,
        children: Vec::new(),
    })
}

fn push(stack: &mut [Element], node: Node) {
    if let Some(parent) = stack.last_mut() {
        parent.children.push(node);
    }
}

fn push_text(stack: &mut [Element], text: &str) {
    let Some(parent) = stack.last_mut() else {
        return;
    };
    if let Some(Node::Text(previous)) = parent.children.last_mut() {
        previous.push_str(text);
    } else {
        parent.children.push(Node::Text(text.to_owned()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_attributes_text_and_entities() {
        let root = parse(br#"<?xml version="1.0"?><p:sld xmlns:p="x"><a:t b:x="1 &amp; 2">Fiber &amp; 5G &#228;r &lt;b&gt;</a:t><br/></p:sld>"#).unwrap();
        assert_eq!(root.name, "sld");
        let t = root.child("t").unwrap();
        assert_eq!(t.attribute("x"), Some("1 & 2"));
        assert_eq!(t.prefixed_attribute("x"), Some("1 & 2"));
        let ids = parse(br#"<sldId id="256" r:id="rId2"/>"#).unwrap();
        assert_eq!(
            (ids.attribute("id"), ids.prefixed_attribute("id")),
            (Some("256"), Some("rId2"))
        );
        assert_eq!(t.children, [Node::Text("Fiber & 5G är <b>".to_owned())]);
        assert!(root.child("br").is_some());
    }

    #[test]
    fn malformed_xml_is_an_error() {
        assert!(parse(b"<a><b></a>").is_err());
        assert!(parse(b"<a>").is_err());
        assert!(parse(b"").is_err());
        let deep = "<a>".repeat(MAX_DEPTH + 2) + &"</a>".repeat(MAX_DEPTH + 2);
        assert!(
            parse(deep.as_bytes())
                .unwrap_err()
                .0
                .contains("nested deeper")
        );
    }
}
