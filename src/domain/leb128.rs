//! Unsigned LEB128 numbers: seven bits a byte, low bits first, the high bit
//! set on every byte but the last. Small numbers (most lengths and gaps)
//! take one byte.

/// Appends `n`.
#[inline]
pub fn push(out: &mut impl Extend<u8>, mut n: u64) {
    while n >= 0x80 {
        out.extend([(n as u8 & 0x7f) | 0x80]);
        n >>= 7;
    }
    out.extend([n as u8]);
}

/// Bytes `n` takes.
pub fn size(n: u64) -> usize {
    (u64::BITS - n.leading_zeros()).max(1).div_ceil(7) as usize
}

/// Reads one number off the front of `bytes`; `None` when they end inside it.
#[inline]
pub fn read(bytes: &mut &[u8]) -> Option<u64> {
    let (&first, rest) = bytes.split_first()?;
    *bytes = rest;
    if first < 0x80 {
        return Some(u64::from(first));
    }
    let (mut n, mut shift) = (u64::from(first & 0x7f), 7);
    loop {
        let (&b, rest) = bytes.split_first()?;
        *bytes = rest;
        n |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(n);
        }
        shift += 7;
    }
}

#[cfg(test)]
mod tests {
    use super::{push, read, size};

    #[test]
    fn numbers_come_back_in_the_bytes_size_says() {
        for n in [
            0,
            1,
            127,
            128,
            300,
            16_383,
            16_384,
            65_535,
            1 << 21,
            u64::from(u32::MAX),
        ] {
            let mut bytes = Vec::new();
            push(&mut bytes, n);
            assert_eq!(bytes.len(), size(n), "{n}");
            let mut rest = &bytes[..];
            assert_eq!(read(&mut rest), Some(n));
            assert!(rest.is_empty());
        }
        assert_eq!(read(&mut &[0x80u8][..]), None);
    }
}
