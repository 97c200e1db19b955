//! Masking personal data (个人信息) for people without a need to know.

/// `13812341234` → `138****1234`; short numbers keep only their last two digits.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    let n = chars.len();
    let (head, tail) = if n >= 8 { (3, 4) } else { (0, n.min(2)) };
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < head || i >= n - tail { *c } else { '*' })
        .collect()
}

/// `张三` → `张*`; `Zhang San` → `Z********`; a one-character name → `*`.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match (chars.next(), name.chars().count()) {
        (None, _) => String::new(),
        (Some(_), 1) => "*".into(),
        (Some(first), _) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
    }
}

/// `晋中某某商贸有限公司` → `晋中********`: the first two characters.
pub fn mask_organisation(name: &str) -> String {
    name.chars()
        .enumerate()
        .map(|(i, c)| if i < 2 { c } else { '*' })
        .collect()
}

/// `zhang@example.cn` → `z****@example.cn`.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => format!("{}@{domain}", mask_name(local)),
        None => mask_name(email),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_just_enough_to_recognise() {
        assert_eq!(mask_phone("13812341234"), "138****1234");
        assert_eq!(mask_phone("0354-5681234"), "035*****1234");
        assert_eq!(mask_phone("12345"), "***45");
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("欧阳娜娜"), "欧***");
        assert_eq!(mask_email("zhang@example.cn"), "z****@example.cn");
        assert_eq!(mask_name(""), "");
        assert_eq!(mask_name("王"), "*", "a one-character name is not kept");
        assert_eq!(mask_email("z@example.cn"), "*@example.cn");
        assert_eq!(mask_organisation("晋中某某商贸有限公司"), "晋中********");
    }
}
