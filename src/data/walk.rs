//! Every text in a data value, with its JSON path.
//!
//! A serde `Serializer` that walks any data type and stops at each text: a
//! markup value (`values::Markup`, `values::MarkupNoNotes`), which shows
//! itself to it with its already-parsed facts, or a plain text
//! (`values::Text`; identifiers, `values::Code`, are not texts). So every
//! text field of every file is found by construction: a field added to a
//! data type is walked without anyone listing it, and validation (footnote
//! references), the editor and language versions (which texts a
//! translation gives, which it lacks) see the same fields as compose.

use crate::markup::{TEXT_WALK_TOKEN, WALK_TOKEN};
use serde::ser::{self, Serialize};
use std::fmt;

/// One text in the data.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRef {
    /// JSON path, e.g. `days[0].items[2].speakers[1].name`.
    pub path: String,
    /// Whether it is a text with markup (else plain text, printed as typed).
    pub markup: bool,
    /// Whether footnote references may appear there.
    pub notes_allowed: bool,
    /// The text as written.
    pub source: String,
    /// The footnote ids it references.
    pub note_ids: Vec<String>,
}

/// Every text in `value` (with markup or plain), in the order of its
/// fields.
pub fn texts<T: Serialize + ?Sized>(value: &T) -> Vec<TextRef> {
    let mut out = Vec::new();
    let mut w = Walker {
        path: String::new(),
        out: &mut out,
    };
    value
        .serialize(&mut w)
        .expect("walking data values cannot fail");
    out
}

struct Walker<'a> {
    path: String,
    out: &'a mut Vec<TextRef>,
}

#[derive(Debug)]
pub struct Never(String);
impl fmt::Display for Never {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for Never {}
impl ser::Error for Never {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Never(msg.to_string())
    }
}

impl Walker<'_> {
    fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), Never> {
        if name == "$schema" {
            return Ok(());
        }
        let len = self.path.len();
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(name);
        value.serialize(&mut *self)?;
        self.path.truncate(len);
        Ok(())
    }

    fn index<T: Serialize + ?Sized>(&mut self, i: usize, value: &T) -> Result<(), Never> {
        let len = self.path.len();
        self.path.push_str(&format!("[{i}]"));
        value.serialize(&mut *self)?;
        self.path.truncate(len);
        Ok(())
    }
}

/// Sequences and maps remember the next index or key; a variant's fields
/// the length of the path before its name.
struct Compound<'w, 'a> {
    w: &'w mut Walker<'a>,
    next: usize,
    key: Option<String>,
    restore: Option<usize>,
}

macro_rules! ignore {
    ($($name:ident: $t:ty),*) => {
        $(fn $name(self, _: $t) -> Result<(), Never> { Ok(()) })*
    };
}

impl<'w, 'a> ser::Serializer for &'w mut Walker<'a> {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Compound<'w, 'a>;
    type SerializeTuple = Compound<'w, 'a>;
    type SerializeTupleStruct = Compound<'w, 'a>;
    type SerializeTupleVariant = Compound<'w, 'a>;
    type SerializeMap = Compound<'w, 'a>;
    type SerializeStruct = Compound<'w, 'a>;
    type SerializeStructVariant = Compound<'w, 'a>;

    fn is_human_readable(&self) -> bool {
        false
    }

    ignore!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_f32: f32, serialize_f64: f64, serialize_char: char,
        serialize_str: &str, serialize_bytes: &[u8], serialize_unit_struct: &'static str);

    fn serialize_none(self) -> Result<(), Never> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), Never> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Never> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Never> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        v: &T,
    ) -> Result<(), Never> {
        if name == WALK_TOKEN {
            let facts = serde_json::to_value(v).map_err(|e| Never(e.to_string()))?;
            let (notes_allowed, source, note_ids): (bool, String, Vec<String>) =
                serde_json::from_value(facts).map_err(|e| Never(e.to_string()))?;
            self.out.push(TextRef {
                path: self.path.clone(),
                markup: true,
                notes_allowed,
                source,
                note_ids,
            });
            return Ok(());
        }
        if name == TEXT_WALK_TOKEN {
            let source = serde_json::to_value(v)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            self.out.push(TextRef {
                path: self.path.clone(),
                markup: false,
                notes_allowed: false,
                source,
                note_ids: Vec::new(),
            });
            return Ok(());
        }
        v.serialize(self)
    }
    // An externally tagged variant holding data is `{"variant": …}` in
    // JSON: its name is a step of the path.
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<(), Never> {
        self.field(variant, v)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'w, 'a>, Never> {
        Ok(Compound {
            w: self,
            next: 0,
            key: None,
            restore: None,
        })
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'w, 'a>, Never> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'w, 'a>, Never> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'w, 'a>, Never> {
        Ok(self.variant(variant))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'w, 'a>, Never> {
        self.serialize_seq(None)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'w, 'a>, Never> {
        self.serialize_seq(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'w, 'a>, Never> {
        Ok(self.variant(variant))
    }
}

impl<'a> Walker<'a> {
    /// The fields of an externally tagged variant, under its name.
    fn variant<'w>(&'w mut self, name: &str) -> Compound<'w, 'a> {
        let len = self.path.len();
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(name);
        Compound {
            w: self,
            next: 0,
            key: None,
            restore: Some(len),
        }
    }
}

impl Compound<'_, '_> {
    fn element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Never> {
        let i = self.next;
        self.next += 1;
        self.w.index(i, v)
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = Never;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Never> {
        self.element(v)
    }
    fn end(self) -> Result<(), Never> {
        Ok(())
    }
}
impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = Never;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Never> {
        self.element(v)
    }
    fn end(self) -> Result<(), Never> {
        Ok(())
    }
}
impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Never> {
        self.element(v)
    }
    fn end(self) -> Result<(), Never> {
        Ok(())
    }
}
impl ser::SerializeTupleVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Never> {
        self.element(v)
    }
    fn end(self) -> Result<(), Never> {
        if let Some(len) = self.restore {
            self.w.path.truncate(len);
        }
        Ok(())
    }
}
impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Never;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), Never> {
        let key = serde_json::to_value(k).map_err(|e| Never(e.to_string()))?;
        self.key = Some(match key {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        });
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Never> {
        let key = self.key.take().unwrap_or_default();
        self.w.field(&key, v)
    }
    fn end(self) -> Result<(), Never> {
        Ok(())
    }
}
impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        k: &'static str,
        v: &T,
    ) -> Result<(), Never> {
        self.w.field(k, v)
    }
    fn end(self) -> Result<(), Never> {
        Ok(())
    }
}
impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        k: &'static str,
        v: &T,
    ) -> Result<(), Never> {
        self.w.field(k, v)
    }
    fn end(self) -> Result<(), Never> {
        if let Some(len) = self.restore {
            self.w.path.truncate(len);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Item, ItemKind, Speaker};
    use crate::values::{Clock, Markup};

    #[test]
    fn finds_every_markup_field_with_its_path() {
        let m = |s: &str| Markup::parse(s).unwrap();
        let item = Item {
            start: Clock::parse("09:00").unwrap(),
            end: Clock::parse("10:00").unwrap(),
            kind: ItemKind::Session,
            title: m("Opening[^a]"),
            description: vec![m("One"), m("Two[^b]")],
            speakers: vec![Speaker {
                role: None,
                name: m("Ms. X[^c]"),
                affiliation: None,
                capacity: Some(m("Chair")),
                lang: None,
            }],
            parts: vec![],
        };
        let found: Vec<(String, Vec<String>)> = texts(&vec![item])
            .into_iter()
            .map(|t| (t.path, t.note_ids))
            .collect();
        assert_eq!(
            found,
            vec![
                ("[0].title".to_string(), vec!["a".to_string()]),
                ("[0].description[0]".to_string(), vec![]),
                ("[0].description[1]".to_string(), vec!["b".to_string()]),
                ("[0].speakers[0].name".to_string(), vec!["c".to_string()]),
                ("[0].speakers[0].capacity".to_string(), vec![]),
            ]
        );
        // JSON sees the text as written.
        assert_eq!(serde_json::to_string(&m("a *b*")).unwrap(), "\"a *b*\"");
    }
}
