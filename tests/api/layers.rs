//! The layering rule, read from the source: imports point down
//! (`api` → services and jobs → `db` → `domain`), nothing outside `api/`
//! (but `startup` and `cli`) imports the API, `domain/` imports no other
//! layer, and no two modules import each other.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file: `src/api/http/auth.rs` → `api::http::auth`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts.join("::")
}

/// The modules a file's non-test code names with `crate::…` or `super::…`,
/// resolved to the longest known module.
fn imports(module: &str, text: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    let parent: Vec<&str> = module.split("::").collect();
    let parent = &parent[..parent.len().saturating_sub(1)];
    let mut found = BTreeSet::new();
    for (prefix, base) in [("crate::", Vec::new()), ("super::", parent.to_vec())] {
        for (i, _) in code.match_indices(prefix) {
            if code[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let rest = &code[i + prefix.len()..];
            let path: Vec<&str> = rest
                .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .next()
                .unwrap_or_default()
                .split("::")
                .filter(|s| !s.is_empty())
                .collect();
            let mut full: Vec<&str> = base.clone();
            full.extend(path);
            while !full.is_empty() {
                let candidate = full.join("::");
                if known.contains(&candidate) {
                    let is_ancestor = module.starts_with(&format!("{candidate}::"));
                    if candidate != module && !is_ancestor {
                        found.insert(candidate);
                    }
                    break;
                }
                full.pop();
            }
        }
    }
    found
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let modules: BTreeMap<String, PathBuf> = files
        .iter()
        .map(|f| (module_of(&src, f), f.clone()))
        .collect();
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    modules
        .iter()
        .map(|(m, f)| {
            (
                m.clone(),
                imports(m, &std::fs::read_to_string(f).unwrap(), &known),
            )
        })
        .collect()
}

fn top(module: &str) -> &str {
    module.split("::").next().unwrap_or_default()
}

#[test]
fn imports_point_down_and_never_in_a_circle() {
    let graph = graph();
    assert!(graph.len() > 50, "the source tree was read");
    let mut wrong = Vec::new();
    for (from, targets) in &graph {
        for to in targets {
            let (a, b) = (top(from), top(to));
            let up = match a {
                "domain" => !matches!(b, "domain" | "i18n"),
                "db" => !matches!(b, "db" | "domain" | "error" | "config" | "i18n"),
                "directory" | "hotline" | "keys" => {
                    matches!(b, "api" | "jobs" | "state" | "startup" | "cli")
                }
                "jobs" => matches!(b, "api" | "startup" | "cli"),
                "api" | "startup" | "cli" | "main" | "" | "bin" => false,
                _ => b == "api",
            };
            if up {
                wrong.push(format!("{from} imports {to}"));
            }
            if from < to && graph.get(to).is_some_and(|t| t.contains(from)) {
                wrong.push(format!("{from} and {to} import each other"));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}
