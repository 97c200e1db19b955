//! The process's symbol table for outlet texts (FSST: a table of up to 255
//! byte strings of up to 8 bytes, each written as one code), trained once on
//! a sample of the first large directory loaded.
//!
//! One table for the whole process, never replaced: a record compressed with
//! it decodes with it for as long as the record lives, and records outlive
//! the directory that made them (every write makes a new directory).

use std::sync::OnceLock;

static TABLE: OnceLock<fsst::Compressor> = OnceLock::new();

/// Trains the table on `samples` unless it is trained already; `true` when
/// this call trained it.
pub fn train_once(samples: &[String]) -> bool {
    if TABLE.get().is_some() || samples.is_empty() {
        return false;
    }
    let values: Vec<&[u8]> = samples.iter().map(|s| s.as_bytes()).collect();
    TABLE.set(fsst::Compressor::train(&values)).is_ok()
}

/// Whether the table is trained.
pub fn trained() -> bool {
    TABLE.get().is_some()
}

/// `text` compressed, or `None` without a table or when compressing would
/// not make it shorter.
pub fn compress(text: &str) -> Option<Vec<u8>> {
    let compressed = TABLE.get()?.compress(text.as_bytes());
    (compressed.len() < text.len()).then_some(compressed)
}

/// The bytes of the text `compress` made `compressed` from.
pub fn decompress(compressed: &[u8]) -> Vec<u8> {
    // Nothing was compressed without a table.
    TABLE.get().map_or_else(Vec::new, |table| {
        table.decompressor().decompress(compressed)
    })
}
