//! An outlet's eleven texts in one allocation: the three it is looked up by
//! (id, region code, parent id) as they are, then the eight it is shown with
//! (its details) in the shortest of three forms: as they are, compressed with
//! the process's symbol table ([`codec`], once one is trained), or with
//! Chinese characters in two bytes ([`cjk`]). The table wins on text that
//! repeats (the synthetic benchmark outlets); real names and addresses use
//! thousands of distinct characters, and there the two-byte form saves up to
//! a third. See README, "Memory at 1,000,000 outlets: compressed details".

pub mod cjk;
pub mod codec;

use std::borrow::Cow;

use crate::domain::leb128;

/// How many keys an outlet has: id, region code, parent id.
pub const KEYS: usize = 3;
/// How many details: name, English name, address, phones, email, website,
/// status note, note.
pub const DETAILS: usize = 8;

/// The details block's first byte: the details as they are.
const PLAIN: u8 = 0;
/// The details block's first byte: the details compressed with the table.
const COMPRESSED: u8 = 1;
/// The details block's first byte: the details with Chinese in two bytes.
const TWO_BYTE_CHINESE: u8 = 2;

/// An outlet's keys and details, in one allocation: 16 bytes in the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutletTexts {
    /// Each key's length as an LEB128 number, the keys end to end, then the
    /// details block: its form ([`PLAIN`], [`COMPRESSED`] or
    /// [`TWO_BYTE_CHINESE`]), each detail's length in bytes as an LEB128
    /// number, and the details end to end in that form.
    bytes: Box<[u8]>,
}

impl OutletTexts {
    /// Packs the texts.
    pub fn new(keys: [&str; KEYS], details: [&str; DETAILS]) -> Self {
        let joined = details.concat();
        let (form, encoded) = shortest_form(&joined);
        let body = encoded.as_deref().unwrap_or(joined.as_bytes());
        let lengths = keys
            .iter()
            .chain(&details)
            .map(|t| leb128::size(t.len() as u64));
        let key_bytes: usize = keys.iter().map(|k| k.len()).sum();
        // Exactly: a boxed slice made from a vector with room to spare is
        // moved to a smaller allocation.
        let mut bytes = Vec::with_capacity(lengths.sum::<usize>() + key_bytes + 1 + body.len());
        for key in keys {
            leb128::push(&mut bytes, key.len() as u64);
        }
        for key in keys {
            bytes.extend_from_slice(key.as_bytes());
        }
        bytes.push(form);
        for detail in details {
            leb128::push(&mut bytes, detail.len() as u64);
        }
        bytes.extend_from_slice(body);
        Self {
            bytes: bytes.into_boxed_slice(),
        }
    }

    /// Where each key starts and ends in the bytes, and where the keys end.
    fn key_ends(&self) -> ([(usize, usize); KEYS], usize) {
        let mut lengths = [0usize; KEYS];
        let mut rest = &self.bytes[..];
        for length in &mut lengths {
            (*length, rest) = read_length(rest);
        }
        let mut at = self.bytes.len() - rest.len();
        let spans = lengths.map(|len| {
            at += len;
            (at - len, at)
        });
        (spans, at)
    }

    /// The `i`th key.
    pub fn key(&self, i: usize) -> &str {
        std::str::from_utf8(self.key_bytes(i)).expect("keys are stored from text, each whole")
    }

    /// The `i`th key's bytes, which order as the key does, without checking
    /// them as text again.
    pub fn key_bytes(&self, i: usize) -> &[u8] {
        let (start, end) = self.key_ends().0[i];
        self.bytes.get(start..end).unwrap_or_default()
    }

    /// The details, decompressed when they were stored compressed.
    pub fn details(&self) -> Details<'_> {
        let block = self.bytes.get(self.key_ends().1..).unwrap_or_default();
        let Some((&form, mut rest)) = block.split_first() else {
            return Details::default();
        };
        let mut ends = [0usize; DETAILS];
        let mut end = 0;
        for slot in &mut ends {
            let (len, after) = read_length(rest);
            end += len;
            *slot = end;
            rest = after;
        }
        let text = match form {
            COMPRESSED => Cow::Owned(text_of(codec::decompress(rest))),
            TWO_BYTE_CHINESE => Cow::Owned(text_of(cjk::decode(rest))),
            _ => String::from_utf8_lossy(rest),
        };
        Details { text, ends }
    }

    /// Bytes held in the allocation (for the memory benchmark).
    pub fn heap_bytes(&self) -> usize {
        self.bytes.len()
    }
}

/// The form that stores `text` in the fewest bytes, and its bytes (`None`
/// for the text as it is).
fn shortest_form(text: &str) -> (u8, Option<Vec<u8>>) {
    let compressed = codec::compress(text);
    // Two bytes for three save at most a third: no use trying after the
    // table did better, nor on ASCII.
    let cjk_can_win = compressed
        .as_ref()
        .is_none_or(|c| 3 * c.len() > 2 * text.len());
    let cjk = (cjk_can_win && !text.is_ascii())
        .then(|| cjk::encode(text))
        .filter(|e| e.len() < text.len());
    match (compressed, cjk) {
        (Some(c), Some(e)) if e.len() < c.len() => (TWO_BYTE_CHINESE, Some(e)),
        (Some(c), _) => (COMPRESSED, Some(c)),
        (None, Some(e)) => (TWO_BYTE_CHINESE, Some(e)),
        (None, None) => (PLAIN, None),
    }
}

/// The number at the front of `bytes` and what follows it: records are made
/// here, so a number cut short (0) does not occur.
fn read_length(mut bytes: &[u8]) -> (usize, &[u8]) {
    let n = leb128::read(&mut bytes).unwrap_or(0);
    (n as usize, bytes)
}

/// The text of bytes decoded from a record: only ever encoded from text;
/// kept visible should that break.
fn text_of(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// An outlet's details, read out of its record.
#[derive(Debug, Default)]
pub struct Details<'a> {
    text: Cow<'a, str>,
    ends: [usize; DETAILS],
}

impl Details<'_> {
    fn get(&self, i: usize) -> &str {
        let start = i.checked_sub(1).map_or(0, |p| self.ends[p]);
        self.text.get(start..self.ends[i]).unwrap_or_default()
    }

    /// An optional text: validation refuses empty ones, so empty means none.
    fn optional(&self, i: usize) -> Option<&str> {
        Some(self.get(i)).filter(|t| !t.is_empty())
    }

    /// The outlet's name (in Chinese).
    pub fn name(&self) -> &str {
        self.get(0)
    }

    /// Its English name, if it has one.
    pub fn name_en(&self) -> Option<&str> {
        self.optional(1)
    }

    /// Its street address.
    pub fn address(&self) -> &str {
        self.get(2)
    }

    /// Its phone numbers, in order (stored joined by `\n`, which a phone
    /// number cannot hold).
    pub fn phones(&self) -> impl Iterator<Item = &str> {
        let joined = self.get(3);
        joined.split('\n').filter(move |_| !joined.is_empty())
    }

    /// Its email address, if it has one.
    pub fn email(&self) -> Option<&str> {
        self.optional(4)
    }

    /// Its website, if it has one.
    pub fn website(&self) -> Option<&str> {
        self.optional(5)
    }

    /// A note on its status (a temporary closure, a move), if any.
    pub fn status_note(&self) -> Option<&str> {
        self.optional(6)
    }

    /// Its public note, if any.
    pub fn note(&self) -> Option<&str> {
        self.optional(7)
    }
}

#[cfg(test)]
mod tests;
