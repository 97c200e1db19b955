use super::{codec, OutletTexts};

fn details<'a>(name: &'a str, address: &'a str, note: &'a str) -> [&'a str; 8] {
    [
        name,
        "Pingyao IP station",
        address,
        "0354-5688000\n12345",
        "",
        "https://example.cn",
        "",
        note,
    ]
}

fn assert_round_trip(texts: &OutletTexts, keys: [&str; 3], expected: [&str; 8]) {
    for (i, key) in keys.iter().enumerate() {
        assert_eq!(texts.key(i), *key);
    }
    let d = texts.details();
    assert_eq!(d.name(), expected[0]);
    assert_eq!(d.name_en(), Some(expected[1]));
    assert_eq!(d.address(), expected[2]);
    assert_eq!(d.phones().collect::<Vec<_>>(), ["0354-5688000", "12345"]);
    assert_eq!(d.email(), None);
    assert_eq!(d.website(), Some(expected[5]));
    assert_eq!(d.status_note(), None);
    assert_eq!(d.note(), Some(expected[7]).filter(|n| !n.is_empty()));
}

#[test]
fn texts_come_back_as_they_went_in_with_or_without_a_table() {
    let keys = ["o-1", "140728", ""];
    let long = "字".repeat(300); // a length of more than one LEB128 byte
    for name in ["平遥县商标品牌指导站", "", long.as_str()] {
        let expected = details(name, "平遥县古陶镇", "周末不办公");
        let texts = OutletTexts::new(keys, expected);
        assert_round_trip(&texts, keys, expected);
    }
}

#[test]
fn long_keys_come_back_whole() {
    let long = "字".repeat(30_000); // 90,000 bytes
    let texts = OutletTexts::new([&long, "", &long], [""; 8]);
    assert_eq!(
        (texts.key(0), texts.key(1), texts.key(2)),
        (&*long, "", &*long)
    );
    assert_eq!(texts.details().name(), "");
}

#[test]
fn a_trained_table_shortens_texts_like_its_sample_and_keeps_rare_ones_whole() {
    let sample: Vec<String> = (0..2_000)
        .map(|i| {
            details(
                &format!("平遥县商标品牌指导站（合成{i}）"),
                "平遥县（合成数据）",
                "合成基准测试数据",
            )
            .concat()
        })
        .collect();
    // The table is the process's: another test may have trained it first,
    // and every record still reads back the same.
    codec::train_once(&sample);
    let keys = ["9f0c2d4e-0000-5000-8000-000000000001", "140728", ""];
    let similar = details(
        "平遥县商标品牌指导站（合成12345）",
        "平遥县（合成数据）",
        "合成基准测试数据",
    );
    let texts = OutletTexts::new(keys, similar);
    assert_round_trip(&texts, keys, similar);
    let plain: usize = similar.iter().map(|t| t.len()).sum();
    assert!(texts.heap_bytes() < 3 + keys.concat().len() + 1 + 8 + plain);
    let rare = details("𠀀𪚥🀄 ǅ\u{0}\u{7f}", "\u{ffff}\u{10ffff}", "é");
    let texts = OutletTexts::new(keys, rare);
    assert_round_trip(&texts, keys, rare);
}

#[test]
fn real_chinese_details_take_the_two_byte_form_when_the_table_does_worse() {
    // Names and an address of the seeded network: whatever table the
    // process holds, they are stored in no more than two bytes a character.
    let name = "晋中市知识产权保护中心榆次区工作站";
    let address = "山西省晋中市榆次区迎宾西街１２号";
    let note = "周末不办公";
    let keys = ["o-9", "140702", ""];
    let texts = OutletTexts::new(keys, details(name, address, note));
    assert_round_trip(&texts, keys, details(name, address, note));
    let ascii = "Pingyao IP station0354-5688000\n12345https://example.cn".len();
    let chinese = 2 * [name, address, note].concat().chars().count();
    assert!(
        texts.heap_bytes() <= 3 + 9 + 1 + 8 + ascii + chinese,
        "{}",
        texts.heap_bytes()
    );
}
