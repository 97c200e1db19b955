//! README.md runs as pasted: every `sh` block (but those fenced `sh no-run`)
//! runs, in order, in one bash against the real binary on a fresh database,
//! with `cargo run --release --` standing for the binary under test and
//! `127.0.0.1:8080` for the test server's port. Each curl answer is checked
//! against the comment under its command: a status at its start (`# 422: …`)
//! or else a 2xx, and every `"field":value` shown there (values with `…` are
//! illustrative and skipped) must appear in the answer.

use std::path::Path;
use std::process::Command;

use crate::helpers::process::{free_port, start, url_string};
use crate::helpers::test_database;

/// One curl command of the README and what its comment says it answers.
#[derive(Debug, Default)]
struct Expected {
    command: String,
    status: Option<u16>,
    fragments: Vec<String>,
    /// Whether its first comment was read (the only one that may carry a status).
    commented: bool,
}

/// `422` of a comment starting `422: …`.
fn status_of(comment: &str) -> Option<u16> {
    let c = comment.trim();
    let digits = c.get(..3)?;
    let ends = c.chars().nth(3).is_none_or(|c| !c.is_ascii_digit());
    digits.parse().ok().filter(|_| ends)
}

/// Splits a line at a `#` comment outside quotes; tracks quotes across lines.
#[derive(Default)]
struct Quotes {
    single: bool,
    double: bool,
}

impl Quotes {
    /// The code part of the line and its trailing comment, if any.
    fn split<'a>(&mut self, line: &'a str) -> (&'a str, Option<&'a str>) {
        let mut escaped = false;
        let mut previous = ' ';
        for (i, c) in line.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' if !self.single => escaped = true,
                '\'' if !self.double => self.single = !self.single,
                '"' if !self.single => self.double = !self.double,
                '#' if !self.single && !self.double && previous.is_whitespace() => {
                    return (&line[..i], Some(&line[i + 1..]));
                }
                _ => {}
            }
            previous = c;
        }
        (line, None)
    }

    fn open(&self) -> bool {
        self.single || self.double
    }
}

/// The `sh` blocks to run, joined.
fn runnable_blocks(readme: &str) -> String {
    let mut script = String::new();
    let mut inside = false;
    for line in readme.lines() {
        let fence = line.trim_start();
        if let Some(info) = fence.strip_prefix("```") {
            inside = !inside && info.trim() == "sh";
            continue;
        }
        if inside {
            script.push_str(line.trim_start());
            script.push('\n');
        }
    }
    script
}

/// `"key":value` pairs of a comment, but illustrative ones (with `…`).
fn fragments(comment: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = comment;
    while let Some(start) = rest.find('"') {
        rest = &rest[start + 1..];
        let key_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let after_key = &rest[key_len..];
        let Some(value) = after_key.strip_prefix("\":") else {
            continue;
        };
        let value_len = if let Some(text) = value.strip_prefix('"') {
            text.find('"').map_or(value.len(), |end| end + 2)
        } else if value.starts_with(|c: char| c == '-' || c.is_ascii_alphanumeric()) {
            value.find([',', '}', ']', ' ']).unwrap_or(value.len())
        } else {
            // An object or array: its own fields are read next.
            rest = after_key;
            continue;
        };
        let fragment = format!("\"{}\":{}", &rest[..key_len], &value[..value_len]);
        if key_len > 0 && value_len > 0 && !fragment.contains('…') {
            found.push(fragment);
        }
        rest = &value[value_len..];
    }
    found
}

/// Every curl command of the script with its expectations, in order.
fn expectations(script: &str) -> Vec<Expected> {
    let mut all: Vec<Expected> = Vec::new();
    let (mut quotes, mut command) = (Quotes::default(), String::new());
    let mut attached = false;
    for line in script.lines() {
        if !quotes.open() && command.is_empty() {
            if line.trim().is_empty() {
                attached = false;
                continue;
            }
            if let Some(comment) = line.trim().strip_prefix('#') {
                if attached {
                    let last = all.last_mut().unwrap();
                    if !last.commented {
                        last.status = status_of(comment);
                        last.commented = true;
                    }
                    last.fragments.extend(fragments(comment));
                }
                continue;
            }
        }
        let (code, comment) = quotes.split(line);
        command.push_str(code);
        if quotes.open() || code.trim_end().ends_with('\\') {
            command.push('\n');
            continue;
        }
        let is_curl = command.contains("curl ") && !command.contains("() {");
        if is_curl {
            all.push(Expected {
                command: command.trim().to_owned(),
                status: comment.and_then(status_of),
                fragments: comment.map(fragments).unwrap_or_default(),
                commented: comment.is_some(),
            });
            attached = true;
        } else if let (Some(last), Some(comment)) = (all.last_mut(), comment) {
            last.fragments.extend(fragments(comment));
        }
        command.clear();
    }
    all
}

const PRELUDE: &str = r#"set -euo pipefail
cargo() {
  if [ "$1 $2 $3" = "run --release --" ]; then shift 3; "$IPR_BIN" "$@"
  else echo "README runner: only 'cargo run --release --' is expected, not: cargo $*" >&2; return 97; fi
}
curl() {
  local args=() a body code n
  for a in "$@"; do args+=("${a//127.0.0.1:8080/127.0.0.1:$PORT}"); done
  body=$(mktemp)
  code=$(command curl -sS -o "$body" -w '%{http_code}' "${args[@]}")
  if [ "${FUNCNAME[1]}" = main ]; then
    n=$(( $(wc -l < "$CALLS") + 1 ))
    cp "$body" "$OUT/$n"
    echo "$code" >> "$CALLS"
  fi
  cat "$body"; rm -f "$body"
}
"#;

#[tokio::test]
async fn every_readme_command_answers_what_the_readme_says() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let script = runnable_blocks(&readme);
    let expected = expectations(&script);
    assert!(
        expected.len() > 40,
        "only {} curl commands found",
        expected.len()
    );

    let (url, _db) = test_database();
    let port = free_port();
    let _server = start(&url_string(&url), port, &[]).await;
    let work = tempfile::tempdir().unwrap();
    let (calls, out) = (work.path().join("calls"), work.path().join("out"));
    std::fs::write(&calls, "").unwrap();
    std::fs::create_dir(&out).unwrap();
    std::fs::write(work.path().join("readme.sh"), format!("{PRELUDE}{script}")).unwrap();
    let run = Command::new("bash")
        .arg(work.path().join("readme.sh"))
        .current_dir(root)
        .env("PORT", port.to_string())
        .env("IPR_BIN", env!("CARGO_BIN_EXE_ipr-service"))
        .env("IPR_DATABASE_URL", url_string(&url))
        .env("CALLS", &calls)
        .env("OUT", &out)
        .output()
        .expect("bash runs (the README needs bash, curl and jq)");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "the README script failed:\n{stderr}");

    let statuses: Vec<u16> = std::fs::read_to_string(&calls)
        .unwrap()
        .lines()
        .map(|l| l.parse().unwrap())
        .collect();
    assert_eq!(
        statuses.len(),
        expected.len(),
        "curl calls made vs. found in README"
    );
    let mut wrong = Vec::new();
    for (n, (status, want)) in statuses.iter().zip(&expected).enumerate() {
        let body = std::fs::read_to_string(out.join((n + 1).to_string())).unwrap_or_default();
        let status_ok = match want.status {
            Some(s) => *status == s,
            None => (200..300).contains(status),
        };
        let missing: Vec<&String> = want
            .fragments
            .iter()
            .filter(|f| !body.contains(*f))
            .collect();
        if !status_ok || !missing.is_empty() {
            let head: String = body.chars().take(600).collect();
            wrong.push(format!(
                "{}\n  answered {status} (expected {:?}); missing {missing:?}\n  {head}",
                want.command, want.status
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "README commands that do not answer what it says:\n{}",
        wrong.join("\n\n")
    );
}

#[test]
fn the_reader_finds_statuses_and_fields() {
    let script = "curl 'a?x=1'   # 422: not yet\ncurl -d '{\"a\":\n 1}' b\n# {\"due\":\"2026-10-12\",\"n\":5,\"skip\":\"…\"}\n\n# header\ncurl c\n# 409: {\"o\":{\"k\":true}}";
    let e = expectations(script);
    assert_eq!(e.len(), 3);
    assert_eq!(
        (e[2].status, e[2].fragments.clone()),
        (Some(409), vec!["\"k\":true".to_owned()])
    );
    assert_eq!(e[0].status, Some(422));
    assert_eq!(
        (e[1].status, e[1].fragments.clone()),
        (
            None,
            vec!["\"due\":\"2026-10-12\"".to_owned(), "\"n\":5".to_owned()]
        )
    );
}
