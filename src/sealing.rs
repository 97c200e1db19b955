//! Sealing secrets at rest with ChaCha20-Poly1305: webhook signing secrets
//! (under the configured secret key) and idempotent intake receipts (under a
//! key derived from the client's own Idempotency-Key, which is stored only
//! as a hash, so the database alone cannot reveal a receipt's status token).

use base64::engine::general_purpose::STANDARD_NO_PAD;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use sha2::{Digest, Sha256};

/// Marks sealed text; text without it is from before sealing and read as is.
const PREFIX: &str = "sealed:v1:";

/// A secret key that seals and opens text.
#[derive(Clone)]
pub struct Sealer {
    cipher: ChaCha20Poly1305,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer(..)")
    }
}

impl Sealer {
    /// A sealer with this 256-bit key.
    pub fn new(key: [u8; 32]) -> Self {
        Self {
            cipher: ChaCha20Poly1305::new(&Key::from(key)),
        }
    }

    /// A sealer whose key is derived from `parts` (each length-prefixed, so
    /// `("ab","c")` and `("a","bc")` differ).
    pub fn derived(purpose: &str, parts: &[&str]) -> Self {
        let mut hash = Sha256::new();
        for part in std::iter::once(purpose).chain(parts.iter().copied()) {
            hash.update((part.len() as u64).to_be_bytes());
            hash.update(part.as_bytes());
        }
        Self::new(hash.finalize().into())
    }

    /// Parses a key written as 64 hex digits.
    pub fn from_hex(text: &str) -> Option<Self> {
        let bytes: [u8; 32] = hex::decode(text.trim()).ok()?.try_into().ok()?;
        Some(Self::new(bytes))
    }

    /// Seals `plain` with a fresh random nonce.
    pub fn seal(&self, plain: &str) -> String {
        let nonce: [u8; 12] = rand::random();
        let sealed = (self.cipher)
            .encrypt(&Nonce::from(nonce), plain.as_bytes())
            .expect("sealing in memory does not fail");
        let mut out = nonce.to_vec();
        out.extend(sealed);
        format!("{PREFIX}{}", STANDARD_NO_PAD.encode(out))
    }

    /// Opens sealed text (text from before sealing is returned as is);
    /// `None` when it was sealed under another key or altered.
    pub fn open(&self, text: &str) -> Option<String> {
        let Some(encoded) = text.strip_prefix(PREFIX) else {
            return Some(text.to_owned());
        };
        let bytes = STANDARD_NO_PAD.decode(encoded).ok()?;
        if bytes.len() < 12 {
            return None;
        }
        let (nonce, sealed) = bytes.split_at(12);
        let nonce = Nonce::try_from(nonce).ok()?;
        let plain = self.cipher.decrypt(&nonce, sealed).ok()?;
        String::from_utf8(plain).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_text_opens_only_with_its_key() {
        let a = Sealer::new([7; 32]);
        let sealed = a.seal("whsec_abc");
        assert!(sealed.starts_with(PREFIX) && !sealed.contains("whsec_abc"));
        assert_ne!(sealed, a.seal("whsec_abc"), "fresh nonce each time");
        assert_eq!(a.open(&sealed).as_deref(), Some("whsec_abc"));
        assert_eq!(Sealer::new([8; 32]).open(&sealed), None);
        assert_eq!(a.open("legacy plain").as_deref(), Some("legacy plain"));
        let k1 = Sealer::derived("idem", &["ab", "c"]).seal("x");
        assert_eq!(Sealer::derived("idem", &["a", "bc"]).open(&k1), None);
        assert!(Sealer::from_hex(&"ab".repeat(32)).is_some());
        assert!(Sealer::from_hex("abc").is_none());
    }
}
