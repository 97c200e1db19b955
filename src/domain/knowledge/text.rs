//! Chinese text to search terms: jieba's search-mode words (long words also
//! as their parts) plus the character pairs of each run of Chinese, so that
//! colloquial questions meet the written ones; ASCII words lowercased; common
//! function words dropped. Titles also give the pinyin initials of their
//! words and word pairs (`py:sbxz` for 商标续展), so that a query typed as
//! initials on a phone keyboard finds them.

use std::sync::OnceLock;

use jieba_rs::Jieba;
use pinyin::ToPinyin;

/// The prefix of a pinyin-initials term.
pub const INITIALS: &str = "py:";

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

/// The segmentation dictionary: jieba's words of frequency 7 or more and the
/// rarer ones the seed uses (`seed/segmentation/make-words.py` says how it is
/// made). jieba's whole dictionary held about 57 MB in every process.
const WORDS: &str = include_str!("../../../seed/segmentation/words.txt");

fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(|| {
        Jieba::with_dict(&mut WORDS.as_bytes()).expect("the shipped dictionary is well formed")
    })
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

/// The pinyin initials of a word of Chinese characters (`None` when any
/// character has no reading).
fn initials_of(word: &str) -> Option<String> {
    (word.chars())
        .map(|c| c.to_pinyin().map(|p| p.first_letter()))
        .collect()
}

/// The pinyin-initials terms of a title: those of each Chinese word of two
/// characters or more (in search mode, so 注册商标 gives `zcsb`, `zc` and
/// `sb`) and of each pair of adjacent words.
pub fn initials(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lower = text.to_lowercase();
    let chinese = |w: &str| w.chars().count() >= 2 && w.chars().all(is_cjk);
    for w in jieba().cut_for_search(&lower, true) {
        if let Some(i) = chinese(w).then(|| initials_of(w)).flatten() {
            out.push(format!("{INITIALS}{i}"));
        }
    }
    let words: Vec<Option<String>> = (jieba().cut(&lower, true).into_iter())
        .map(|w| chinese(w).then(|| initials_of(w)).flatten())
        .collect();
    for pair in words.windows(2) {
        if let [Some(a), Some(b)] = pair {
            out.push(format!("{INITIALS}{a}{b}"));
        }
    }
    out
}

/// The terms of a query: [`terms`], and for a word of 2–8 Latin letters
/// also its reading as pinyin initials, whole and in pairs of letters.
pub fn query_terms(query: &str) -> Vec<String> {
    let mut out = terms(query);
    let letters: Vec<String> = (out.iter())
        .filter(|t| (2..=8).contains(&t.len()) && t.chars().all(|c| c.is_ascii_lowercase()))
        .cloned()
        .collect();
    for word in letters {
        out.push(format!("{INITIALS}{word}"));
        if word.len() > 2 {
            for pair in word.as_bytes().chunks(2).filter(|p| p.len() == 2) {
                out.push(format!("{INITIALS}{}", String::from_utf8_lossy(pair)));
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
    fn titles_give_initials_and_queries_read_letters_as_initials() {
        let d = super::initials("注册商标续展");
        assert!(d.contains(&"py:sb".to_owned()), "{d:?}");
        assert!(d.contains(&"py:zcsbxz".to_owned()), "{d:?}");
        assert!(!terms("商标续展").iter().any(|t| t.starts_with("py:")));
        let q = super::query_terms("sbxz");
        for t in ["sbxz", "py:sbxz", "py:sb", "py:xz"] {
            assert!(q.contains(&t.to_owned()), "{q:?}");
        }
        assert!(!super::query_terms("商标")
            .iter()
            .any(|t| t.starts_with("py:")));
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
