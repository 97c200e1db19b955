//! Validated WGS-84 points and great-circle distances on a spherical Earth.

use geo::{Distance, Haversine};

/// Mean Earth radius in metres, the one `geo::Haversine` uses.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Degrees to 1e-7 (about 1 cm): further digits of a converted or stored
/// position are noise, so answers and records show seven.
pub fn round_degrees(v: f64) -> f64 {
    (v * 1e7).round() / 1e7
}

/// A longitude/latitude pair in degrees, checked to be finite and in range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LngLat {
    lng: f64,
    lat: f64,
}

/// Why a coordinate pair was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PointError {
    /// Longitude outside -180..=180 or not a number.
    #[error("longitude must be a number from -180 to 180")]
    Longitude,
    /// Latitude outside -90..=90 or not a number.
    #[error("latitude must be a number from -90 to 90")]
    Latitude,
}

impl LngLat {
    /// Checks the ranges; never clamps.
    pub fn new(lng: f64, lat: f64) -> Result<Self, PointError> {
        if !(lng.is_finite() && (-180.0..=180.0).contains(&lng)) {
            return Err(PointError::Longitude);
        }
        if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
            return Err(PointError::Latitude);
        }
        Ok(Self { lng, lat })
    }

    /// Longitude in degrees.
    pub fn lng(self) -> f64 {
        self.lng
    }

    /// Latitude in degrees.
    pub fn lat(self) -> f64 {
        self.lat
    }

    /// Great-circle (haversine) distance in metres.
    pub fn distance_m(self, other: LngLat) -> f64 {
        Haversine.distance(self.to_geo(), other.to_geo())
    }

    /// The point on the unit sphere. Straight-line (chord) distance between unit
    /// vectors grows monotonically with great-circle distance, so a Euclidean
    /// nearest-neighbour search over these vectors yields great-circle order.
    pub fn unit_vector(self) -> [f64; 3] {
        let (lat, lng) = (self.lat.to_radians(), self.lng.to_radians());
        [lat.cos() * lng.cos(), lat.cos() * lng.sin(), lat.sin()]
    }

    /// As a `geo` point (x = longitude, y = latitude).
    pub fn to_geo(self) -> geo::Point<f64> {
        geo::Point::new(self.lng, self.lat)
    }
}

/// Great-circle distance in metres for a chord length on the unit sphere.
pub fn chord_to_metres(chord: f64) -> f64 {
    2.0 * (chord / 2.0).clamp(0.0, 1.0).asin() * EARTH_RADIUS_M
}

/// Chord length on the unit sphere for a great-circle distance in metres.
pub fn metres_to_chord(metres: f64) -> f64 {
    let angle = (metres / EARTH_RADIUS_M).min(std::f64::consts::PI);
    2.0 * (angle / 2.0).sin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_out_of_range_and_nan() {
        assert_eq!(LngLat::new(181.0, 0.0), Err(PointError::Longitude));
        assert_eq!(LngLat::new(0.0, -90.5), Err(PointError::Latitude));
        assert_eq!(LngLat::new(f64::NAN, 0.0), Err(PointError::Longitude));
        assert!(LngLat::new(-180.0, 90.0).is_ok());
    }

    #[test]
    fn chord_and_haversine_agree() {
        let beijing = LngLat::new(116.407, 39.904).unwrap();
        let taiyuan = LngLat::new(112.549, 37.857).unwrap();
        let [a, b] = [beijing.unit_vector(), taiyuan.unit_vector()];
        let chord = ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt();
        let by_chord = chord_to_metres(chord);
        let by_haversine = beijing.distance_m(taiyuan);
        assert!(
            (by_chord - by_haversine).abs() < 1e-6,
            "{by_chord} vs {by_haversine}"
        );
        assert!((metres_to_chord(by_haversine) - chord).abs() < 1e-12);
        // Beijing to Taiyuan is about 400 km.
        assert!((395_000.0..410_000.0).contains(&by_haversine));
    }
}
