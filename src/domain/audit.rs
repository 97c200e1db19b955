//! The admin audit trail (管理审计日志): who changed what outside a ticket's own
//! history, when and from where, with a summary of the record before and after.

use serde_json::Value;

/// Longest summary kept per side; longer ones are cut and marked.
const MAX_SIDE_CHARS: usize = 2_000;

/// Who did it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    /// The key used; `None` for the CLI on the server.
    pub key_id: Option<String>,
    /// The key's role, or `server` for the CLI.
    pub role: String,
    /// The client's address (`server` for the CLI).
    pub client: String,
}

impl Who {
    /// The operator at the server's console.
    pub fn server() -> Self {
        Self {
            key_id: None,
            role: "server".into(),
            client: "server".into(),
        }
    }
}

/// What was done to which record.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// `<resource>.<verb>`, e.g. `key.create`, `calendar.replace`.
    pub action: &'static str,
    /// The kind of record: `key`, `webhook`, `calendar`, `hotline_rules`,
    /// `matter`, `hours`, `boundary`, `outlet`, `auth`, `ticket`.
    pub resource: &'static str,
    /// Which one.
    pub resource_id: String,
    /// The record before (absent for creations).
    pub before: Option<Value>,
    /// The record after (absent for deletions).
    pub after: Option<Value>,
}

impl Change {
    /// A change with no before/after summary yet.
    pub fn new(action: &'static str, resource: &'static str, id: impl Into<String>) -> Self {
        Self {
            action,
            resource,
            resource_id: id.into(),
            before: None,
            after: None,
        }
    }

    /// Adds the record as it was.
    pub fn before(mut self, value: impl serde::Serialize) -> Self {
        self.before = serde_json::to_value(value).ok();
        self
    }

    /// Adds the record as it is now.
    pub fn after(mut self, value: impl serde::Serialize) -> Self {
        self.after = serde_json::to_value(value).ok();
        self
    }

    /// The stored summary: `{"before":…,"after":…}`, each side cut to a
    /// readable length (the full record stays in its own table).
    pub fn summary(&self) -> String {
        let side = |v: &Option<Value>| match v {
            None => Value::Null,
            Some(v) => {
                let text = v.to_string();
                match text.chars().count() > MAX_SIDE_CHARS {
                    false => v.clone(),
                    true => {
                        Value::String(text.chars().take(MAX_SIDE_CHARS).collect::<String>() + "…")
                    }
                }
            }
        };
        serde_json::json!({ "before": side(&self.before), "after": side(&self.after) }).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_keep_small_records_and_cut_large_ones() {
        let small =
            Change::new("key.create", "key", "k1").after(serde_json::json!({"role": "operator"}));
        assert_eq!(
            small.summary(),
            r#"{"before":null,"after":{"role":"operator"}}"#
        );
        let large = Change::new("calendar.replace", "calendar", "2027").before("x".repeat(5_000));
        let summary: Value = serde_json::from_str(&large.summary()).unwrap();
        let cut = summary["before"].as_str().unwrap();
        assert_eq!(cut.chars().count(), MAX_SIDE_CHARS + 1);
        assert!(cut.ends_with('…'));
    }
}
