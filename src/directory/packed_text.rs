//! Several texts in one allocation: the bytes end to end, and where each ends.

/// `N` texts of up to 65,535 bytes together, in one allocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackedText<const N: usize> {
    bytes: Box<str>,
    ends: [u16; N],
}

impl<const N: usize> PackedText<N> {
    /// Packs `texts`, or `None` when they are longer together than 65,535 bytes.
    pub fn new(texts: [&str; N]) -> Option<Self> {
        let mut bytes = String::with_capacity(texts.iter().map(|t| t.len()).sum());
        let mut ends = [0u16; N];
        for (end, text) in ends.iter_mut().zip(texts) {
            bytes.push_str(text);
            *end = u16::try_from(bytes.len()).ok()?;
        }
        Some(Self {
            bytes: bytes.into_boxed_str(),
            ends,
        })
    }

    /// The `i`th text.
    pub fn get(&self, i: usize) -> &str {
        let start = i.checked_sub(1).map_or(0, |p| self.ends[p] as usize);
        &self.bytes[start..self.ends[i] as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::PackedText;

    #[test]
    fn texts_come_back_as_they_went_in_empty_ones_too() {
        let texts = ["平遥", "", "140728", "a\nb", ""];
        let packed = PackedText::new(texts).unwrap();
        for (i, text) in texts.iter().enumerate() {
            assert_eq!(packed.get(i), *text);
        }
    }

    #[test]
    fn texts_too_long_together_are_refused() {
        let long = "字".repeat(10_000); // 30,000 bytes
        assert!(PackedText::new([long.as_str(), long.as_str()]).is_some());
        assert!(
            PackedText::new([long.as_str(), long.as_str(), "x".repeat(6_000).as_str()]).is_none()
        );
    }
}
