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
}
