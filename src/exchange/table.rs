//! CSV files the way spreadsheets write them: UTF-8 with or without a byte
//! order mark, a header row naming the columns, one record per line.

use std::collections::HashMap;
use std::str::FromStr;

use csv::{ReaderBuilder, StringRecord, Terminator, WriterBuilder};

use crate::i18n::Text;

/// The byte order mark that makes spreadsheet programs read UTF-8.
const BOM: &[u8] = "\u{feff}".as_bytes();

/// A refused cell: its spreadsheet row (the header is row 1), the column, why.
#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    /// The record's row as a spreadsheet numbers it; the header is row 1.
    pub row: usize,
    /// The column at fault (or `row` for the record as a whole).
    pub column: String,
    /// Why, in both languages.
    pub reason: Text,
}

impl RowError {
    /// A refusal of `column` in `row`.
    pub fn new(row: usize, column: &str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            row,
            column: column.to_owned(),
            reason: Text::new(zh, en),
        }
    }
}

/// Writes a header and rows: BOM first, CRLF line ends, quotes only where needed.
pub fn write(columns: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Vec<u8> {
    let mut out = WriterBuilder::new()
        .terminator(Terminator::CRLF)
        .from_writer(BOM.to_vec());
    // Writing into a Vec cannot fail.
    out.write_record(columns).expect("in memory");
    for row in rows {
        out.write_record(&row).expect("in memory");
    }
    out.into_inner().expect("in memory")
}

/// A read file: its records and where each known column is.
#[derive(Debug)]
pub struct Table {
    columns: HashMap<String, usize>,
    records: Vec<StringRecord>,
}

/// Reads a file whose header may name any of `columns` (in any order) and
/// must name `key`; a record with too few or too many cells is refused.
pub fn read(bytes: &[u8], columns: &[&str], key: &str) -> Result<Table, RowError> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let mut reader = ReaderBuilder::new().from_reader(bytes);
    let header = reader.headers().map_err(|e| csv_error(&e, 1))?.clone();
    let mut found = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        let name = name.trim();
        if !columns.contains(&name) {
            return Err(RowError::new(
                1,
                name,
                format!("未知的列；可用的列：{}", columns.join(", ")),
                format!("unknown column; the columns are {}", columns.join(", ")),
            ));
        }
        if found.insert(name.to_owned(), i).is_some() {
            return Err(RowError::new(1, name, "列名重复", "column named twice"));
        }
    }
    if !found.contains_key(key) {
        return Err(RowError::new(1, key, "缺少此列", "column missing"));
    }
    let mut records = Vec::new();
    for record in reader.records() {
        let row = records.len() + 2;
        let record = record.map_err(|e| csv_error(&e, row))?;
        // PostgreSQL cannot store a NUL character in text: refused on both backends.
        if let Some(i) = record.iter().position(|cell| cell.contains('\0')) {
            let column = header.get(i).unwrap_or("row").trim();
            return Err(RowError::new(
                row,
                column,
                "不能包含空字符（U+0000）",
                "must not contain the NUL character (U+0000)",
            ));
        }
        records.push(record);
    }
    Ok(Table {
        columns: found,
        records,
    })
}

fn csv_error(e: &csv::Error, row: usize) -> RowError {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => RowError::new(
            row,
            "row",
            "不是 UTF-8 编码的文本（请另存为“CSV UTF-8”）",
            "is not UTF-8 text (save as \"CSV UTF-8\")",
        ),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => RowError::new(
            row,
            "row",
            format!("有 {len} 个单元格，表头有 {expected_len} 列"),
            format!("has {len} cells where the header has {expected_len} columns"),
        ),
        _ => RowError::new(row, "row", "无法读取", format!("cannot be read: {e}")),
    }
}

impl Table {
    /// The records in file order.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        // Numbered as a spreadsheet shows them: the header is row 1, and a
        // cell with line breaks does not add rows.
        (self.records.iter().enumerate()).map(|(i, record)| Row {
            number: i + 2,
            table: self,
            record,
        })
    }

    /// How many records the file holds.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// True when the file holds only a header.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

/// One record, read cell by cell.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    /// Its spreadsheet row (the header is row 1).
    pub number: usize,
    table: &'a Table,
    record: &'a StringRecord,
}

impl Row<'_> {
    /// The cell of a column, trimmed; empty when the file lacks the column.
    pub fn text(&self, column: &str) -> &str {
        (self.table.columns.get(column))
            .and_then(|&i| self.record.get(i))
            .map_or("", str::trim)
    }

    /// The cell, or `None` when it is empty.
    pub fn optional(&self, column: &str) -> Option<String> {
        Some(self.text(column))
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
    }

    /// A refusal of a cell of this row.
    pub fn error(&self, column: &str, zh: impl Into<String>, en: impl Into<String>) -> RowError {
        RowError::new(self.number, column, zh, en)
    }

    /// A required cell parsed as `T` (an enum name, a number, a date).
    pub fn parse<T: FromStr>(&self, column: &str) -> Result<T, RowError> {
        let text = self.text(column);
        if text.is_empty() {
            return Err(self.error(column, "不能为空", "must not be empty"));
        }
        text.parse().map_err(|_| {
            self.error(
                column,
                format!("`{text}` 不是有效的值"),
                format!("`{text}` is not a valid value"),
            )
        })
    }

    /// An optional cell parsed as `T`.
    pub fn parse_optional<T: FromStr>(&self, column: &str) -> Result<Option<T>, RowError> {
        match self.text(column) {
            "" => Ok(None),
            _ => self.parse(column).map(Some),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nul_character_is_refused_at_its_row_and_column() {
        let e = read(b"a,b\n1,x\n2,y\0z\n", &["a", "b"], "a").unwrap_err();
        assert_eq!((e.row, e.column.as_str()), (3, "b"));
    }

    #[test]
    fn a_bom_is_written_and_optional_on_reading() {
        let bytes = write(&["a", "b"], [vec!["1".into(), "x,y".into()]]);
        assert!(bytes.starts_with(BOM));
        assert_eq!(&bytes[BOM.len()..], b"a,b\r\n1,\"x,y\"\r\n");
        for input in [&bytes[..], &bytes[BOM.len()..]] {
            let table = read(input, &["a", "b"], "a").unwrap();
            let row = table.rows().next().unwrap();
            assert_eq!((row.number, row.text("a"), row.text("b")), (2, "1", "x,y"));
        }
    }

    #[test]
    fn unknown_columns_and_short_records_name_their_row() {
        let e = read(b"a,zz\n1,2\n", &["a", "b"], "a").unwrap_err();
        assert_eq!((e.row, e.column.as_str()), (1, "zz"));
        let e = read(b"a,b\n1,2\n3\n", &["a", "b"], "a").unwrap_err();
        assert_eq!((e.row, e.column.as_str()), (3, "row"));
        let e = read(b"b\n1\n", &["a", "b"], "a").unwrap_err();
        assert_eq!((e.row, e.column.as_str()), (1, "a"));
    }
}
