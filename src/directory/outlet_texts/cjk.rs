//! Chinese text in two bytes a character instead of UTF-8's three, without
//! training: what real directory text (names and addresses of thousands of
//! distinct characters) gains where a symbol table of 255 entries cannot
//! cover it.
//!
//! - ASCII: one byte, as it is.
//! - U+4E00–U+CCFF (all the CJK unified ideographs of the basic block): two
//!   bytes, the first 0x80–0xFD.
//! - CJK punctuation U+3000–U+303F and full-width forms U+FF00–U+FFBF
//!   (`（）`, `，`, full-width digits): 0xFE and one byte.
//! - Any other character: 0xFF and its UTF-8 bytes.

const IDEOGRAPHS: u32 = 0x4E00;
/// First bytes 0x80..=0xFD: 126 × 256 code points from U+4E00.
const IDEOGRAPH_SPAN: u32 = 126 * 256;
const PUNCTUATION: u8 = 0xFE;
const OTHER: u8 = 0xFF;

/// `text` encoded.
pub fn encode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        let u = c as u32;
        if u < 0x80 {
            out.push(u as u8);
        } else if (IDEOGRAPHS..IDEOGRAPHS + IDEOGRAPH_SPAN).contains(&u) {
            let offset = u - IDEOGRAPHS;
            out.extend_from_slice(&[0x80 + (offset >> 8) as u8, offset as u8]);
        } else if (0x3000..0x3040).contains(&u) {
            out.extend_from_slice(&[PUNCTUATION, (u - 0x3000) as u8]);
        } else if (0xFF00..0xFFC0).contains(&u) {
            out.extend_from_slice(&[PUNCTUATION, 0x40 + (u - 0xFF00) as u8]);
        } else {
            out.push(OTHER);
            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        }
    }
    out
}

/// The UTF-8 bytes of the text `encode` made `bytes` from: every code point
/// of the two-byte forms takes three.
pub fn decode(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() * 3 / 2 + 4);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let next = bytes.get(i + 1).copied();
        let code_point = match (b, next) {
            (0..=0x7F, _) => {
                out.push(b);
                i += 1;
                continue;
            }
            (OTHER, _) => {
                let len = utf8_len(next.unwrap_or(0));
                out.extend_from_slice(bytes.get(i + 1..i + 1 + len).unwrap_or_default());
                i += 1 + len;
                continue;
            }
            (PUNCTUATION, Some(n)) if n < 0x40 => 0x3000 + u32::from(n),
            (PUNCTUATION, Some(n)) => 0xFF00 + u32::from(n - 0x40),
            (_, Some(low)) => IDEOGRAPHS + ((u32::from(b - 0x80) << 8) | u32::from(low)),
            // Only ever encoded from text: a lone first byte cannot occur.
            (_, None) => break,
        };
        // U+3000–U+FFBF, no surrogates among them: three bytes each.
        out.extend_from_slice(&[
            0xE0 | (code_point >> 12) as u8,
            0x80 | ((code_point >> 6) & 0x3F) as u8,
            0x80 | (code_point & 0x3F) as u8,
        ]);
        i += 2;
    }
    out
}

/// How many bytes the UTF-8 character with this first byte takes.
fn utf8_len(first: u8) -> usize {
    match first {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::{decode, encode};

    #[test]
    fn every_character_comes_back() {
        let all: Vec<char> = (0..=0x10FFFF).filter_map(char::from_u32).collect();
        for chunk in all.chunks(4096) {
            let text: String = chunk.iter().collect();
            assert_eq!(decode(&encode(&text)), text.as_bytes());
        }
    }

    #[test]
    fn chinese_takes_two_bytes_a_character_and_ascii_one() {
        let name = "山西省晋中市平遥县古陶镇顺城路（商标品牌指导站），１号";
        assert_eq!(encode(name).len(), 2 * name.chars().count());
        assert_eq!(encode("0354-5688000").len(), 12);
        assert_eq!(encode("é🀄").len(), 1 + 2 + 1 + 4);
    }
}
