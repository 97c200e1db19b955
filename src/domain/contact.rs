//! Contact details: phone numbers by libphonenumber's rules (mainland China
//! when no country code is given) and email addresses by RFC 5321/5322.

use crate::i18n::Text;

/// Whether `text` is a valid phone number: a mobile, a landline with its
/// area code, a 400/800 number, or any valid number with `+` and country code.
pub fn is_phone(text: &str) -> bool {
    text.len() <= 30
        && phonenumber::parse(Some(phonenumber::country::Id::CN), text)
            .is_ok_and(|n| phonenumber::is_valid(&n))
}

/// The key a phone number is limited by: E.164 (`+8613600000000`), so that
/// `+86 136…`, `0086 136…` and `136…` are one number; the digits otherwise.
pub fn phone_key(text: &str) -> String {
    match phonenumber::parse(Some(phonenumber::country::Id::CN), text) {
        Ok(n) => n.format().mode(phonenumber::Mode::E164).to_string(),
        Err(_) => text.chars().filter(char::is_ascii_digit).collect(),
    }
}

/// Whether `text` is a valid email address.
pub fn is_email(text: &str) -> bool {
    text.len() <= 254 && email_address::EmailAddress::is_valid(text)
}

/// What a phone number must look like.
pub fn phone_expected() -> Text {
    Text::new(
        "须为有效的电话号码：手机号（如 13812341234）、带区号的固定电话（如 0354-3021234）或 400/800 号码（如 400-810-8888）",
        "must be a valid phone number: a mobile (e.g. 13812341234), a landline with its area code (e.g. 0354-3021234) or a 400/800 number (e.g. 400-810-8888)",
    )
}

/// What an email address must look like.
pub fn email_expected() -> Text {
    Text::new(
        "须为有效的电子邮箱地址（如 `zhang@example.cn`）",
        "must be a valid email address (e.g. zhang@example.cn)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobiles_landlines_and_service_numbers() {
        for ok in [
            "13812341234",
            "+86 138 1234 1234",
            "0354-3021234",
            "(0351) 4040123",
            "400-810-8888",
            "800-820-8820",
            "+852 2828 8888",
        ] {
            assert!(is_phone(ok), "{ok}");
        }
        for bad in ["12345", "1381234123", "19999", "abc", "0354-12", ""] {
            assert!(!is_phone(bad), "{bad}");
        }
    }

    #[test]
    fn one_number_one_key() {
        let key = phone_key("13600000000");
        assert_eq!(key, "+8613600000000");
        for same in ["+8613600000000", "+86 136 0000 0000", "0086 13600000000"] {
            assert_eq!(phone_key(same), key, "{same}");
        }
    }

    #[test]
    fn emails() {
        assert!(is_email("zhang.san@example.cn"));
        for bad in ["zhang", "zhang@", "@example.cn", "zhang san@example.cn"] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
