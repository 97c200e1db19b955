//! Message language, picked per request from `Accept-Language` (zh by default).

use actix_web::http::header::{AcceptLanguage, Header, Preference};
use actix_web::HttpRequest;

/// Language of human-readable messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 简体中文 (default).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The first of zh / en in the client's ranked `Accept-Language`, else zh.
    pub fn from_request(req: &HttpRequest) -> Lang {
        let Ok(accept) = AcceptLanguage::parse(req) else {
            return Lang::Zh;
        };
        for pref in accept.ranked() {
            if let Preference::Specific(tag) = pref {
                match tag.primary_language() {
                    "zh" => return Lang::Zh,
                    "en" => return Lang::En,
                    _ => {}
                }
            }
        }
        Lang::Zh
    }

    /// Picks the text for this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// A message in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Text {
    /// A message given in both languages.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The message in one language.
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn picks_by_rank_and_defaults_to_chinese() {
        let req = |v: &str| {
            TestRequest::default()
                .insert_header(("Accept-Language", v))
                .to_http_request()
        };
        assert_eq!(Lang::from_request(&req("en-US,en;q=0.9")), Lang::En);
        assert_eq!(Lang::from_request(&req("fr, en;q=0.5, zh;q=0.8")), Lang::Zh);
        assert_eq!(Lang::from_request(&req("de")), Lang::Zh);
        assert_eq!(
            Lang::from_request(&TestRequest::default().to_http_request()),
            Lang::Zh
        );
    }
}
