//! An outlet's JSON rendered once: its object members in three runs, and
//! where each member's value ends, so a sparse answer copies the values it
//! asks for instead of reading the outlet's details and escaping them again.

/// JSON object members in three runs, without braces: the members before the
/// per-request ones (`head`), the `location` value in WGS-84 (the default
/// coordinate system, so most answers use it as it is), and the members after
/// the per-request ones (`tail`).
#[derive(Debug)]
pub struct CachedJson {
    json: Box<str>,
    head_len: u32,
    location_len: u32,
    /// Where each member's value ends in its run, the head's then the
    /// tail's; empty when a run is longer than 65,535 bytes.
    value_ends: Box<[u16]>,
    head_members: u8,
}

impl CachedJson {
    /// Joins the three runs. `head` and `tail` are `"key":value` members as
    /// serde_json writes them (compact, keys without escapes).
    pub fn new(head: &str, wgs84_location: &str, tail: &str) -> Self {
        // An outlet's JSON is a few kilobytes: its texts are under 64 KiB together.
        let len = |s: &str| u32::try_from(s.len()).expect("an outlet's JSON is under 4 GiB");
        let (head_ends, tail_ends) = (value_ends(head), value_ends(tail));
        let head_members = head_ends.as_ref().map_or(0, |e| e.len().min(255) as u8);
        let value_ends = match (head_ends, tail_ends) {
            (Some(mut h), Some(t)) if h.len() < 256 => {
                h.extend(t);
                h.into_boxed_slice()
            }
            _ => Box::default(),
        };
        Self {
            head_len: len(head),
            location_len: len(wgs84_location),
            json: format!("{head}{wgs84_location}{tail}").into_boxed_str(),
            value_ends,
            head_members,
        }
    }

    /// The three runs: head, WGS-84 location, tail.
    pub fn parts(&self) -> (&str, &str, &str) {
        let (head, rest) = self.json.split_at(self.head_len as usize);
        let (location, tail) = rest.split_at(self.location_len as usize);
        (head, location, tail)
    }

    /// The value of the `i`th member of the head (`in_tail` false) or the
    /// tail, as JSON; `None` when not known.
    pub fn value(&self, in_tail: bool, i: usize) -> Option<&str> {
        let (head, _, tail) = self.parts();
        let (run, ends) = match in_tail {
            false => (head, self.value_ends.get(..self.head_members as usize)?),
            true => (tail, self.value_ends.get(self.head_members as usize..)?),
        };
        let end = *ends.get(i)? as usize;
        let previous_end = i.checked_sub(1).map_or(0, |p| ends[p] as usize);
        // The key's closing quote and colon: keys hold no colon.
        let colon = previous_end + run.get(previous_end..end)?.find(':')?;
        run.get(colon + 1..end)
    }
}

/// Where each member's value ends in `"k":v,"k":v` (compact JSON), or
/// `None` past 65,535 bytes.
fn value_ends(run: &str) -> Option<Vec<u16>> {
    let bytes = run.as_bytes();
    let mut ends = Vec::new();
    let (mut depth, mut in_string, mut escaped) = (0i32, false, false);
    // Past each key there is a colon; a member ends at a comma at depth 0
    // outside strings, or at the run's end.
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth -= 1,
            b',' if depth == 0 => ends.push(u16::try_from(i).ok()?),
            _ => {}
        }
    }
    if !run.is_empty() {
        ends.push(u16::try_from(run.len()).ok()?);
    }
    Some(ends)
}

#[cfg(test)]
mod tests {
    use super::CachedJson;

    #[test]
    fn each_members_value_is_found_strings_arrays_and_escapes_too() {
        let head = r#""id":"o-1","name":"平遥, \"站\" [1]","name_en":null,"kind":"x""#;
        let tail = r#""phones":["1,2","3"],"email":null,"version":7"#;
        let json = CachedJson::new(head, r#"{"lng":1,"lat":2}"#, tail);
        let head_values = ["\"o-1\"", r#""平遥, \"站\" [1]""#, "null", "\"x\""];
        for (i, v) in head_values.iter().enumerate() {
            assert_eq!(json.value(false, i), Some(*v));
        }
        assert_eq!(json.value(false, 4), None);
        for (i, v) in [r#"["1,2","3"]"#, "null", "7"].iter().enumerate() {
            assert_eq!(json.value(true, i), Some(*v));
        }
        assert_eq!(json.value(true, 3), None);
    }
}
