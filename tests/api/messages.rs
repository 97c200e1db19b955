//! Every message the service can say exists in both languages: the Chinese
//! text uses no English nouns (only field names in backquotes and technical
//! names such as `If-Match` or `RFC 3339`), the English text no Chinese.
//! Messages are the literal pairs passed to `Text::new`, `AppError::conflict`,
//! `AppError::rejected`, `Lang::pick` and the error helpers, `("中文", "English")`
//! label pairs, and the labels of every `vocabulary!`; this test reads them
//! from the source.

use std::path::Path;

use syn::visit::Visit;

/// ASCII words a Chinese message may carry: protocol, format and product names.
const TECHNICAL: &[&str] = &[
    "JSON",
    "GeoJSON",
    "RFC",
    "ETag",
    "If",
    "Match",
    "Bearer",
    "Authorization",
    "Content",
    "Type",
    "HH",
    "MM",
    "GCJ",
    "WGS",
    "BD",
    "URL",
    "HTTP",
    "HTTPS",
    "API",
    "Open311",
    "UTF",
    "CSV",
    "SHA",
    "ID",
    "true",
    "false",
    "Polygon",
    "MultiPolygon",
    "Feature",
    "Idempotency",
    "Key",
    "UUID",
    "Accept",
    "Language",
    "Retry",
    "After",
    "Asia",
    "Shanghai",
    "application",
    "problem",
    "json",
    "geo",
    "whsec",
    "ipr",
    "T09",
    "T10",
    "v1",
    "http",
    "https",
    "ASCII",
    "base64",
    "W3C",
];

/// Function and method names whose last two (or only two) literal arguments are (zh, en).
const MESSAGE_CALLS: &[&str] = &[
    "conflict",
    "rejected",
    "pick",
    "t",
    "fail",
    "new",
    "bad",
    "labels_pair",
];

#[derive(Default)]
struct Messages {
    pairs: Vec<(String, String, String)>,
    file: String,
}

/// The literal text of an argument: a string literal, or the template of `format!`.
fn literal(expr: &syn::Expr) -> Option<String> {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        syn::Expr::Macro(m) if m.mac.path.is_ident("format") => {
            let first = m.mac.tokens.clone().into_iter().next()?;
            syn::parse2::<syn::LitStr>(first.into())
                .ok()
                .map(|s| s.value())
        }
        syn::Expr::Reference(r) => literal(&r.expr),
        _ => None,
    }
}

impl Messages {
    fn take(&mut self, name: &str, args: Vec<&syn::Expr>, line: usize) {
        if !MESSAGE_CALLS.contains(&name) || args.len() < 2 {
            return;
        }
        let (zh, en) = (args[args.len() - 2], args[args.len() - 1]);
        if let (Some(zh), Some(en)) = (literal(zh), literal(en)) {
            // Only pairs with Chinese on the left are messages (`Text::new`
            // is also the name of unrelated constructors).
            if zh.chars().any(cjk) || name != "new" {
                self.pairs.push((format!("{}:{line}", self.file), zh, en));
            }
        }
    }
}

impl<'ast> Visit<'ast> for Messages {
    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if let syn::Expr::Path(p) = &*call.func {
            let name = p.path.segments.last().unwrap().ident.to_string();
            let line = p.path.segments.last().unwrap().ident.span().start().line;
            self.take(&name, call.args.iter().collect(), line);
        }
        syn::visit::visit_expr_call(self, call);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        let line = call.method.span().start().line;
        self.take(&call.method.to_string(), call.args.iter().collect(), line);
        syn::visit::visit_expr_method_call(self, call);
    }

    fn visit_expr_tuple(&mut self, tuple: &'ast syn::ExprTuple) {
        // `("工单", "ticket")`: label pairs such as the names of resources.
        if let [zh, en] = tuple.elems.iter().collect::<Vec<_>>()[..] {
            if let (Some(zh), Some(en)) = (literal(zh), literal(en)) {
                if zh.chars().any(cjk) {
                    self.pairs.push((format!("{} (pair)", self.file), zh, en));
                }
            }
        }
        syn::visit::visit_expr_tuple(self, tuple);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if mac.path.is_ident("vocabulary") {
            let text = mac.tokens.to_string();
            for pair in text.split("=> (").skip(1) {
                let mut parts = pair.splitn(3, '"');
                let (_, zh) = (parts.next(), parts.next().unwrap_or_default());
                let rest = parts.next().unwrap_or_default();
                let en = rest.split('"').nth(1).unwrap_or_default();
                self.pairs
                    .push((format!("{} vocabulary", self.file), zh.into(), en.into()));
            }
        }
        syn::visit::visit_macro(self, mac);
    }
}

fn cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

/// The text with `code spans`, "quotes" and {placeholders} removed.
fn prose(text: &str) -> String {
    let mut out = String::new();
    let mut skip_until = None;
    for c in text.chars() {
        match (skip_until, c) {
            (Some(end), c) if c == end => skip_until = None,
            (Some(_), _) => {}
            (None, '`') => skip_until = Some('`'),
            (None, '"') => skip_until = Some('"'),
            (None, '{') => skip_until = Some('}'),
            (None, c) => out.push(c),
        }
    }
    out
}

fn english_words(text: &str) -> Vec<String> {
    prose(text)
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 2)
        .filter(|w| !TECHNICAL.contains(w))
        .map(str::to_owned)
        .collect()
}

fn collect(dir: &Path, messages: &mut Messages) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, messages);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let source = std::fs::read_to_string(&path).unwrap();
            let file = syn::parse_file(&source).unwrap_or_else(|e| panic!("{path:?}: {e}"));
            messages.file = path.display().to_string();
            messages.visit_file(&file);
        }
    }
}

#[test]
fn every_message_is_in_both_languages_without_untranslated_words() {
    let mut messages = Messages::default();
    collect(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut messages,
    );
    assert!(
        messages.pairs.len() > 200,
        "found only {} messages: is the reader still finding them?",
        messages.pairs.len()
    );
    let mut wrong = Vec::new();
    for (at, zh, en) in &messages.pairs {
        if (zh.as_str(), en.as_str()) == ("zh", "en") {
            continue; // the Content-Language header, not a message
        }
        if zh.trim().is_empty() || en.trim().is_empty() {
            wrong.push(format!("{at}: a language is missing: {zh:?} / {en:?}"));
            continue;
        }
        let words = english_words(zh);
        if !words.is_empty() {
            wrong.push(format!(
                "{at}: English in the Chinese text {zh:?}: {words:?}"
            ));
        }
        if !zh.chars().any(cjk) && !english_words(zh).is_empty() {
            wrong.push(format!("{at}: the Chinese text is not Chinese: {zh:?}"));
        }
        if prose(en).chars().any(cjk) {
            wrong.push(format!("{at}: Chinese in the English text {en:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} messages to mend:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
