//! Chinese text to search terms: jieba's search-mode words (long words also
//! as their parts) plus the character pairs of each run of Chinese, so that
//! colloquial questions meet the written ones; ASCII words lowercased; common
//! function words dropped.

use std::sync::OnceLock;

use jieba_rs::Jieba;

/// Words that say nothing about the subject of a question.
const STOP: [&str; 40] = [
    "的",
    "了",
    "吗",
    "呢",
    "吧",
    "啊",
    "呀",
    "我",
    "我们",
    "你",
    "您",
    "他",
    "是",
    "在",
    "有",
    "和",
    "与",
    "要",
    "想",
    "能",
    "会",
    "可以",
    "能不能",
    "怎么",
    "怎样",
    "如何",
    "什么",
    "哪些",
    "哪里",
    "多少",
    "一下",
    "一个",
    "还",
    "就",
    "都",
    "也",
    "被",
    "把",
    "给",
    "请问",
];

fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// The search terms of a text (with repeats, for term frequencies).
pub fn terms(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut out: Vec<String> = (jieba().cut_for_search(&lower, true).into_iter())
        .map(str::trim)
        .filter(|w| !w.is_empty() && w.chars().any(|c| c.is_alphanumeric()))
        .filter(|w| !STOP.contains(w))
        .map(str::to_owned)
        .collect();
    let chars: Vec<char> = lower.chars().collect();
    for pair in chars.windows(2) {
        if pair.iter().all(|c| is_cjk(*c)) {
            let bigram: String = pair.iter().collect();
            if !STOP.contains(&bigram.as_str()) {
                out.push(format!("#{bigram}"));
            }
        }
    }
    out
}

/// The words of a query worth looking for in a text (no character pairs).
pub fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = terms(text)
        .into_iter()
        .filter(|t| !t.starts_with('#'))
        .collect();
    out.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    out.dedup();
    out
}

/// Up to `width` characters of `text` around the first query word it holds,
/// HTML-escaped, with every query word in it marked `<mark>…</mark>`.
pub fn snippet(text: &str, words: &[String], width: usize) -> String {
    let chars: Vec<char> = text.chars().filter(|c| *c != '\n').collect();
    let flat: String = chars.iter().collect();
    let first = (words.iter())
        .filter_map(|w| {
            flat.find(w.as_str())
                .map(|byte| flat[..byte].chars().count())
        })
        .min()
        .unwrap_or(0);
    let start = first.saturating_sub(width / 4);
    let window: String = chars.iter().skip(start).take(width).collect();
    let mut out = String::new();
    let mut rest = window.as_str();
    'outer: while !rest.is_empty() {
        for w in words
            .iter()
            .filter(|w| w.chars().count() > 1 || w.chars().all(|c| c.is_ascii_alphanumeric()))
        {
            if let Some(tail) = rest.strip_prefix(w.as_str()) {
                out.push_str("<mark>");
                escape_into(&mut out, w);
                out.push_str("</mark>");
                rest = tail;
                continue 'outer;
            }
        }
        let c = rest.chars().next().expect("not empty");
        escape_into(&mut out, &c.to_string());
        rest = &rest[c.len_utf8()..];
    }
    if start > 0 {
        out.insert(0, '…');
    }
    if start + width < chars.len() {
        out.push('…');
    }
    out
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::terms;

    #[test]
    fn words_and_character_pairs_without_function_words() {
        let t = terms("商标续展要什么材料");
        assert!(
            t.contains(&"商标".to_owned()) && t.contains(&"续展".to_owned()),
            "{t:?}"
        );
        assert!(
            t.contains(&"#商标".to_owned()) || t.contains(&"#续展".to_owned()),
            "{t:?}"
        );
        assert!(!t.contains(&"什么".to_owned()));
        assert_eq!(terms("Open311 API"), ["open311", "api"]);
    }

    #[test]
    fn snippets_mark_the_words_and_escape_the_rest() {
        let words = super::words("商标续展");
        let s = super::snippet("<b>注册商标</b>有效期十年，期满前办理续展。", &words, 40);
        assert!(
            s.contains("<mark>商标</mark>") && s.contains("<mark>续展</mark>"),
            "{s}"
        );
        assert!(s.contains("&lt;b&gt;") && !s.contains("<b>"), "{s}");
    }
}
