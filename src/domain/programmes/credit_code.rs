//! The unified social credit code (统一社会信用代码, GB 32100-2015): 18
//! characters from a 31-letter alphabet, the last a check character.

use std::fmt;

/// The code's alphabet: digits and capitals without I, O, Z, S and V.
const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weights of the first 17 positions: 3^i mod 31.
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// A unified social credit code whose check character is right.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreditCode(String);

/// Why a text is not a credit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreditCodeError {
    /// Not 18 characters.
    Length,
    /// A character outside the alphabet (I, O, Z, S, V and lower case are not used).
    Character,
    /// The last character does not match the first 17.
    CheckCharacter,
}

impl CreditCodeError {
    /// The reason in Chinese and English.
    pub fn labels(self) -> (&'static str, &'static str) {
        match self {
            Self::Length => ("须为 18 位", "must be 18 characters"),
            Self::Character => (
                "含有不允许的字符（只用数字和除 I、O、Z、S、V 外的大写字母）",
                "has a character outside the code's alphabet (digits and capitals except I, O, Z, S, V)",
            ),
            Self::CheckCharacter => ("校验码不符", "the check character does not match"),
        }
    }
}

fn value(c: char) -> Option<u32> {
    ALPHABET.find(c).map(|i| i as u32)
}

/// The check character for the first 17 characters (all in the alphabet).
fn check_character(values: &[u32]) -> char {
    let sum: u32 = values.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    let check = (31 - sum % 31) % 31;
    ALPHABET.as_bytes()[check as usize] as char
}

impl CreditCode {
    /// Parses a code (surrounding spaces ignored, letters must be capitals).
    pub fn parse(text: &str) -> Result<Self, CreditCodeError> {
        let text = text.trim();
        let chars: Vec<char> = text.chars().collect();
        if chars.len() != 18 {
            return Err(CreditCodeError::Length);
        }
        let values: Vec<u32> = chars
            .iter()
            .map(|c| value(*c))
            .collect::<Option<_>>()
            .ok_or(CreditCodeError::Character)?;
        if check_character(&values[..17]) != chars[17] {
            return Err(CreditCodeError::CheckCharacter);
        }
        Ok(Self(text.to_owned()))
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The six-digit region code of registration (characters 3 to 8).
    pub fn region_code(&self) -> &str {
        &self.0[2..8]
    }
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Completes 17 characters with their check character (for tests and demonstration data).
pub fn with_check_character(first17: &str) -> Option<String> {
    let values: Vec<u32> = first17.chars().map(value).collect::<Option<_>>()?;
    (values.len() == 17).then(|| format!("{first17}{}", check_character(&values)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_codes_pass_and_altered_ones_fail() {
        // The example code of GB 32100-2015's explanatory material.
        let code = "91350100M000100Y43";
        assert_eq!(
            CreditCode::parse(code).map(|c| c.to_string()),
            Ok(code.into())
        );
        assert_eq!(
            CreditCode::parse("91350100M000100Y44"),
            Err(CreditCodeError::CheckCharacter)
        );
        assert_eq!(
            CreditCode::parse("91350100M000100Y4"),
            Err(CreditCodeError::Length)
        );
        assert_eq!(
            CreditCode::parse("91350100M0001O0Y43"),
            Err(CreditCodeError::Character),
            "the letter O is not in the alphabet"
        );
        assert_eq!(
            CreditCode::parse("91350100m000100Y43"),
            Err(CreditCodeError::Character)
        );
    }

    #[test]
    fn the_check_character_completes_any_prefix() {
        let code = with_check_character("91140702MA0K00001").unwrap();
        let parsed = CreditCode::parse(&code).unwrap();
        assert_eq!(parsed.region_code(), "140702");
    }
}
