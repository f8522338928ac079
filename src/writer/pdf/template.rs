//! The minijinja environment for `*.typ.j2` templates.
//!
//! Escaping is done by the engine, not by filters someone has to remember:
//! for templates named `*.typ.j2` (or `*.typ`) auto-escaping is on, and the
//! formatter prints every value that is not marked safe as a Typst
//! *literal*: strings as `"…"` string literals, numbers as numbers, none as
//! `none`, booleans as `true`/`false`, sequences as arrays and maps as
//! dictionaries. Templates therefore write `#{{ value }}` in markup and
//! `{{ value }}` in code; only the output of the templates' own macros is
//! safe (raw Typst).

use crate::layouts::{LayoutSource, built_in};
use minijinja::value::{Value, ValueKind};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, Output, State, UndefinedBehavior};
use std::fmt::Write as _;

const TYPST_ESCAPE: &str = "typst";

/// An environment loading templates from the built-in layouts, or from a
/// layouts folder at run time.
pub fn environment(layouts: &LayoutSource) -> Environment<'static> {
    let mut env = Environment::new();
    match layouts {
        LayoutSource::Folder(dir) => env.set_loader(minijinja::path_loader(dir)),
        LayoutSource::BuiltIn => env.set_loader(|name| Ok(built_in(name).map(String::from))),
    }
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".typ.j2") || name.ends_with(".typ") {
            AutoEscape::Custom(TYPST_ESCAPE.into())
        } else {
            AutoEscape::None
        }
    });
    env.set_formatter(format_value);
    env.add_function("unknown", unknown);
    env
}

/// Called by a template for a model variant it does not know: the render
/// fails naming it, instead of leaving the content out of the PDF.
fn unknown(what: String, kind: Value) -> Result<Value, Error> {
    Err(Error::new(
        ErrorKind::InvalidOperation,
        format!("the layout does not know the {what} kind \"{kind}\": the PDF would lose it"),
    ))
}

fn format_value(out: &mut Output, state: &mut State, value: &Value) -> Result<(), Error> {
    let escaping = matches!(state.auto_escape(), AutoEscape::Custom(name) if name == TYPST_ESCAPE);
    let text = if value.is_safe() {
        value.to_string()
    } else if escaping {
        typst_literal(value)?
    } else {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            "only *.typ.j2 templates can be rendered (their values are escaped as Typst literals)",
        ));
    };
    out.write_str(&text).map_err(Error::from)
}

/// A Typst literal for a template value.
pub fn typst_literal(value: &Value) -> Result<String, Error> {
    let mut s = String::new();
    write_literal(&mut s, value)?;
    Ok(s)
}

fn write_literal(s: &mut String, value: &Value) -> Result<(), Error> {
    match value.kind() {
        ValueKind::None => s.push_str("none"),
        ValueKind::Bool => s.push_str(if value.is_true() { "true" } else { "false" }),
        ValueKind::Number => {
            if let Some(i) = value.as_i64() {
                write!(s, "{i}").unwrap();
            } else {
                let f = f64::try_from(value.clone())?;
                if !f.is_finite() {
                    return Err(Error::new(
                        ErrorKind::InvalidOperation,
                        format!("cannot print {f} as a Typst number"),
                    ));
                }
                // Rust never prints f64 in exponent notation.
                write!(s, "{f}").unwrap();
            }
        }
        ValueKind::String => s.push_str(&typst_string(value.as_str().unwrap_or_default())),
        ValueKind::Seq | ValueKind::Iterable => {
            let items: Vec<Value> = value.try_iter()?.collect();
            s.push('(');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                write_literal(s, item)?;
            }
            if items.len() == 1 {
                s.push(',');
            }
            s.push(')');
        }
        ValueKind::Map => {
            let keys: Vec<Value> = value.try_iter()?.collect();
            if keys.is_empty() {
                s.push_str("(:)");
                return Ok(());
            }
            s.push('(');
            for (i, key) in keys.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                s.push_str(&typst_string(&key.to_string()));
                s.push_str(": ");
                write_literal(s, &value.get_item(key)?)?;
            }
            s.push(')');
        }
        kind => {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                format!("cannot print a value of kind {kind} into Typst"),
            ));
        }
    }
    Ok(())
}

/// `text` as a Typst string literal: `"…"` with `\`, `"` and every control
/// character escaped. Nothing inside it is ever markup or code.
pub fn typst_string(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('"');
    for c in text.chars() {
        match c {
            '\\' => s.push_str("\\\\"),
            '"' => s.push_str("\\\""),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            c if c.is_control() || is_format_break(c) => {
                write!(s, "\\u{{{:x}}}", c as u32).unwrap();
            }
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

/// Line/paragraph separators: harmless inside a string literal, but
/// escaped too so the generated source stays one line per value.
fn is_format_break(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use minijinja::context;

    fn render(src: &str, ctx: Value) -> String {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| AutoEscape::Custom(TYPST_ESCAPE.into()));
        env.set_formatter(format_value);
        env.add_template("t.typ.j2", src).unwrap();
        env.get_template("t.typ.j2").unwrap().render(ctx).unwrap()
    }

    #[test]
    fn strings_become_string_literals() {
        assert_eq!(typst_string(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(typst_string("x\ny\u{1}"), r#""x\ny\u{1}""#);
        assert_eq!(
            typst_string("#read(\"/etc/passwd\")"),
            r##""#read(\"/etc/passwd\")""##
        );
        assert_eq!(typst_string("北京 😀"), "\"北京 😀\"");
    }

    #[test]
    fn the_formatter_escapes_every_value() {
        let out = render(
            "#{{ s }} {{ n }} {{ f }} {{ b }} {{ z }} {{ one }} {{ m }} {{ s|safe }}",
            context! { s => "*x* $y$ \"q\"", n => 3, f => 1.5, b => true, z => (),
            one => vec!["a"], m => context!{ k => 2 } },
        );
        assert_eq!(
            out,
            r#"#"*x* $y$ \"q\"" 3 1.5 true none ("a",) ("k": 2) *x* $y$ "q""#
        );
    }

    #[test]
    fn macro_output_is_raw() {
        let out = render(
            "{% macro m(x) %}#emph[#{{ x }}]{% endmacro %}{{ m('[a]') }}",
            context! {},
        );
        assert_eq!(out, r#"#emph[#"[a]"]"#);
    }
}
