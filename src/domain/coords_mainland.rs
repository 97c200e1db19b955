//! Whether a point lies in mainland China, where GCJ-02 applies.
//!
//! An approximation by latitude/longitude rectangles: the mainland is covered by
//! a few large boxes, and neighbouring countries, Hong Kong, Macao and Taiwan are
//! cut out of them. Within a few kilometres of a land border the answer can be
//! wrong (twin border towns such as Hekou and Lào Cai share a box); everywhere
//! else it matches the political boundary. A point GCJ-02 does not apply to is
//! returned unchanged, which is what the map SDKs do there too.

/// (south, north, west, east) in degrees.
type Rect = (f64, f64, f64, f64);

const MAINLAND: [Rect; 9] = [
    (35.0, 49.2, 73.5, 97.0),   // Xinjiang, north Qinghai, west Gansu
    (26.0, 35.0, 78.0, 97.0),   // Tibet, south Qinghai, west Sichuan
    (21.5, 42.9, 97.0, 124.4),  // the main body, Bohai to Yunnan
    (21.1, 21.5, 100.0, 101.8), // southern tip of Xishuangbanna
    (17.8, 21.5, 108.3, 111.8), // Leizhou peninsula and Hainan
    (15.0, 17.5, 110.5, 114.0), // Xisha islands (Sansha)
    (42.9, 46.0, 111.0, 124.4), // central and eastern Inner Mongolia
    (46.0, 53.6, 115.5, 127.6), // Hulunbuir, Greater Khingan
    (40.5, 53.6, 124.4, 135.1), // east Liaoning, Jilin, Heilongjiang
];

const NOT_MAINLAND: [Rect; 33] = [
    (41.0, 49.2, 73.5, 79.8),       // Kazakhstan, Kyrgyzstan
    (35.0, 39.5, 73.5, 74.8),       // Tajikistan, Afghanistan, Pakistan
    (45.3, 49.2, 90.5, 97.0),       // western Mongolia
    (47.3, 49.2, 79.8, 85.7),       // eastern Kazakhstan, Zaysan
    (45.3, 47.3, 79.8, 82.0),       // eastern Kazakhstan, Alakol
    (26.0, 28.1, 80.0, 88.2),       // Nepal
    (28.1, 29.0, 80.0, 84.8),       // Nepal, north-west
    (29.0, 30.2, 80.0, 82.5),       // Nepal, far north-west
    (26.0, 30.5, 78.0, 80.0),       // India, Uttarakhand and the plains
    (26.0, 27.9, 88.2, 92.2),       // Sikkim, Bhutan
    (26.0, 28.0, 92.2, 97.5),       // Arunachal Pradesh, Assam
    (24.2, 28.3, 96.0, 98.1),       // Myanmar, Kachin
    (21.5, 23.9, 97.0, 98.8),       // Myanmar, Shan
    (21.5, 22.4, 101.2, 102.2),     // northern Laos
    (21.5, 22.8, 102.2, 106.7),     // northern Vietnam
    (22.8, 23.35, 104.8, 105.9),    // Vietnam, Ha Giang
    (21.5, 22.0, 106.7, 107.4),     // Vietnam, Lang Son
    (21.8, 25.4, 119.3, 122.2),     // Taiwan and Penghu
    (22.15, 22.42, 113.83, 113.96), // Hong Kong, Lantau and Tuen Mun
    (22.15, 22.50, 113.96, 114.45), // Hong Kong
    (22.18, 22.22, 113.52, 113.56), // Macao peninsula
    (22.11, 22.17, 113.55, 113.60), // Macao, Taipa and Coloane
    (44.8, 46.0, 111.0, 113.8),     // Mongolia, Dornogovi
    (45.3, 46.0, 113.8, 116.0),     // Mongolia, Sükhbaatar
    (46.0, 47.7, 115.5, 119.6),     // Mongolia, Dornod
    (49.9, 53.6, 115.5, 119.7),     // Russia, Zabaykalsky
    (40.5, 40.9, 124.9, 129.5),     // North Korea
    (40.9, 41.5, 126.4, 129.5),     // North Korea
    (41.5, 42.3, 128.3, 130.3),     // North Korea, north-east
    (42.3, 45.0, 131.2, 135.1),     // Russia, Primorsky
    (45.0, 47.5, 134.2, 135.1),     // Russia, Primorsky north
    (48.4, 53.6, 130.6, 135.1),     // Russia, Jewish AO, Khabarovsk
    (50.3, 53.6, 127.6, 130.6),     // Russia, Amur
];

fn contains(&(south, north, west, east): &Rect, lng: f64, lat: f64) -> bool {
    (south..=north).contains(&lat) && (west..=east).contains(&lng)
}

/// True when the position is within China's extent (73.4°–135.1° E,
/// 3.8°–53.6° N, the South China Sea islands included): a plausibility check
/// that catches swapped coordinates and points abroad, not a border test.
pub fn in_china_extent(lng: f64, lat: f64) -> bool {
    (73.4..=135.1).contains(&lng) && (3.8..=53.6).contains(&lat)
}

/// True when GCJ-02 applies at this WGS-84 (or GCJ-02) position.
pub fn in_mainland_china(lng: f64, lat: f64) -> bool {
    MAINLAND.iter().any(|r| contains(r, lng, lat))
        && !NOT_MAINLAND.iter().any(|r| contains(r, lng, lat))
}

#[cfg(test)]
mod tests {
    use super::in_mainland_china;

    #[test]
    fn mainland_cities_are_inside() {
        let cities = [
            ("Beijing", 116.40, 39.90),
            ("Pingyao", 112.18, 37.19),
            ("Kashgar", 75.99, 39.47),
            ("Yining", 81.30, 43.90),
            ("Altay", 88.14, 47.84),
            ("Lhasa", 91.17, 29.65),
            ("Ngari", 80.10, 32.50),
            ("Harbin", 126.63, 45.75),
            ("Mohe", 122.53, 52.97),
            ("Manzhouli", 117.38, 49.60),
            ("Erenhot", 111.98, 43.65),
            ("Hunchun", 130.36, 42.87),
            ("Fuyuan", 134.29, 48.36),
            ("Heihe", 127.50, 50.25),
            ("Sanya", 109.51, 18.25),
            ("Sansha", 112.34, 16.83),
            ("Shenzhen Futian", 114.06, 22.54),
            ("Shekou", 113.91, 22.48),
            ("Zhuhai", 113.58, 22.27),
            ("Hengqin", 113.52, 22.13),
            ("Pingtan", 119.79, 25.50),
            ("Ruili", 97.85, 24.01),
            ("Mengla", 101.56, 21.46),
            ("Dongxing", 107.97, 21.55),
            ("Dandong", 124.38, 40.12),
            ("Ji'an", 126.19, 41.12),
        ];
        for (name, lng, lat) in cities {
            assert!(
                in_mainland_china(lng, lat),
                "{name} should be in mainland China"
            );
        }
    }

    #[test]
    fn neighbours_and_special_regions_are_outside() {
        let places = [
            ("Hong Kong", 114.16, 22.28),
            ("Tuen Mun", 113.97, 22.39),
            ("Macao", 113.54, 22.19),
            ("Taipei", 121.56, 25.03),
            ("Kaohsiung", 120.30, 22.63),
            ("Seoul", 126.98, 37.57),
            ("Pyongyang", 125.75, 39.03),
            ("Tokyo", 139.69, 35.68),
            ("Vladivostok", 131.89, 43.12),
            ("Khabarovsk", 135.07, 48.48),
            ("Ulaanbaatar", 106.92, 47.92),
            ("Choibalsan", 114.50, 48.07),
            ("Khovd", 91.64, 48.00),
            ("Almaty", 76.95, 43.24),
            ("Bishkek", 74.60, 42.87),
            ("Kathmandu", 85.32, 27.72),
            ("Thimphu", 89.64, 27.47),
            ("New Delhi", 77.21, 28.61),
            ("Myitkyina", 97.40, 25.38),
            ("Hanoi", 105.85, 21.03),
            ("Lang Son", 106.76, 21.85),
            ("Manila", 120.98, 14.60),
            ("London", -0.13, 51.50),
        ];
        for (name, lng, lat) in places {
            assert!(
                !in_mainland_china(lng, lat),
                "{name} should be outside mainland China"
            );
        }
    }
}
