//! WGS-84, GCJ-02 and BD-09 (坐标系) conversions.
//!
//! GCJ-02 is the obfuscated datum Chinese map SDKs (AMap, Tencent) use inside
//! mainland China; outside it GCJ-02 equals WGS-84. BD-09 is Baidu's further
//! offset of GCJ-02. The forward formulas are the published ones; GCJ-02 to
//! WGS-84 is solved by fixed-point iteration to sub-millimetre precision rather
//! than the common one-step approximation (which is off by up to ~2 m).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::point::{LngLat, PointError};

/// A coordinate reference system accepted and returned at the API edge.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CoordSys {
    /// GPS / international maps (stored internally).
    #[default]
    Wgs84,
    /// 国测局坐标 (AMap, Tencent, most Chinese SDKs).
    Gcj02,
    /// 百度坐标 (Baidu Maps).
    Bd09,
}

impl CoordSys {
    /// Converts a point given in this system to WGS-84.
    pub fn to_wgs84(self, lng: f64, lat: f64) -> Result<LngLat, PointError> {
        let p = LngLat::new(lng, lat)?;
        let (lng, lat) = match self {
            CoordSys::Wgs84 => (lng, lat),
            CoordSys::Gcj02 => gcj02_to_wgs84(p.lng(), p.lat()),
            CoordSys::Bd09 => {
                let (g_lng, g_lat) = bd09_to_gcj02(p.lng(), p.lat());
                gcj02_to_wgs84(g_lng, g_lat)
            }
        };
        // BD-09's fixed offset can carry a point at the antimeridian or a
        // pole just past it; the point meant is the one on the globe.
        let lng = if lng < -180.0 {
            lng + 360.0
        } else if lng > 180.0 {
            lng - 360.0
        } else {
            lng
        };
        LngLat::new(lng, lat.clamp(-90.0, 90.0))
    }

    /// Converts a WGS-84 point to this system, as (lng, lat).
    pub fn from_wgs84(self, p: LngLat) -> (f64, f64) {
        match self {
            CoordSys::Wgs84 => (p.lng(), p.lat()),
            CoordSys::Gcj02 => wgs84_to_gcj02(p.lng(), p.lat()),
            CoordSys::Bd09 => {
                let (g_lng, g_lat) = wgs84_to_gcj02(p.lng(), p.lat());
                gcj02_to_bd09(g_lng, g_lat)
            }
        }
    }
}

/// Krasovsky 1940 semi-major axis and eccentricity squared, as GCJ-02 uses them.
const KRASOVSKY_A: f64 = 6_378_245.0;
const KRASOVSKY_EE: f64 = 0.006_693_421_622_965_943;
const BD_FACTOR: f64 = std::f64::consts::PI * 3000.0 / 180.0;

/// WGS-84 to GCJ-02; identity outside mainland China.
pub fn wgs84_to_gcj02(lng: f64, lat: f64) -> (f64, f64) {
    if !super::coords_mainland::in_mainland_china(lng, lat) {
        return (lng, lat);
    }
    let (d_lng, d_lat) = gcj02_offset(lng, lat);
    (lng + d_lng, lat + d_lat)
}

/// GCJ-02 to WGS-84 by iterating the forward transform until it reproduces the input.
pub fn gcj02_to_wgs84(lng: f64, lat: f64) -> (f64, f64) {
    let (mut w_lng, mut w_lat) = (lng, lat);
    for _ in 0..30 {
        let (g_lng, g_lat) = wgs84_to_gcj02(w_lng, w_lat);
        let (e_lng, e_lat) = (g_lng - lng, g_lat - lat);
        if e_lng.abs() < 1e-11 && e_lat.abs() < 1e-11 {
            break;
        }
        w_lng -= e_lng;
        w_lat -= e_lat;
    }
    (w_lng, w_lat)
}

/// GCJ-02 to BD-09.
pub fn gcj02_to_bd09(lng: f64, lat: f64) -> (f64, f64) {
    let z = (lng * lng + lat * lat).sqrt() + 0.00002 * (lat * BD_FACTOR).sin();
    let theta = lat.atan2(lng) + 0.000003 * (lng * BD_FACTOR).cos();
    (z * theta.cos() + 0.0065, z * theta.sin() + 0.006)
}

/// BD-09 to GCJ-02.
pub fn bd09_to_gcj02(lng: f64, lat: f64) -> (f64, f64) {
    let (x, y) = (lng - 0.0065, lat - 0.006);
    let z = (x * x + y * y).sqrt() - 0.00002 * (y * BD_FACTOR).sin();
    let theta = y.atan2(x) - 0.000003 * (x * BD_FACTOR).cos();
    (z * theta.cos(), z * theta.sin())
}

fn gcj02_offset(lng: f64, lat: f64) -> (f64, f64) {
    let (x, y) = (lng - 105.0, lat - 35.0);
    let d_lat = offset_lat(x, y);
    let d_lng = offset_lng(x, y);
    let rad_lat = lat.to_radians();
    let magic = 1.0 - KRASOVSKY_EE * rad_lat.sin().powi(2);
    let sqrt_magic = magic.sqrt();
    let d_lat = (d_lat * 180.0)
        / ((KRASOVSKY_A * (1.0 - KRASOVSKY_EE)) / (magic * sqrt_magic) * std::f64::consts::PI);
    let d_lng = (d_lng * 180.0) / (KRASOVSKY_A / sqrt_magic * rad_lat.cos() * std::f64::consts::PI);
    (d_lng, d_lat)
}

fn periodic(x: f64, y: f64, pairs: [(f64, f64); 2]) -> f64 {
    use std::f64::consts::PI;
    let [(a1, p1), (a2, p2)] = pairs;
    (a1 * (x * p1 * PI).sin() + a2 * (y * p2 * PI).sin()) * 2.0 / 3.0
}

fn offset_lat(x: f64, y: f64) -> f64 {
    -100.0
        + 2.0 * x
        + 3.0 * y
        + 0.2 * y * y
        + 0.1 * x * y
        + 0.2 * x.abs().sqrt()
        + periodic(x, x, [(20.0, 6.0), (20.0, 2.0)])
        + periodic(y, y, [(20.0, 1.0), (40.0, 1.0 / 3.0)])
        + periodic(y, y, [(160.0, 1.0 / 12.0), (320.0, 1.0 / 30.0)])
}

fn offset_lng(x: f64, y: f64) -> f64 {
    300.0
        + x
        + 2.0 * y
        + 0.1 * x * x
        + 0.1 * x * y
        + 0.1 * x.abs().sqrt()
        + periodic(x, x, [(20.0, 6.0), (20.0, 2.0)])
        + periodic(x, x, [(20.0, 1.0), (40.0, 1.0 / 3.0)])
        + periodic(x, x, [(150.0, 1.0 / 12.0), (300.0, 1.0 / 30.0)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: (f64, f64), b: (f64, f64), tol: f64) -> bool {
        (a.0 - b.0).abs() < tol && (a.1 - b.1).abs() < tol
    }

    // Reference values published with the wandergis/coordtransform library
    // (test/app.js), the de-facto reference implementation, for (116.404, 39.915).
    #[test]
    fn matches_published_reference_values() {
        let p = (116.404, 39.915);
        assert!(close(
            wgs84_to_gcj02(p.0, p.1),
            (116.41024449916938, 39.91640428150164),
            1e-9
        ));
        assert!(close(
            gcj02_to_bd09(p.0, p.1),
            (116.41036949371029, 39.92133699351021),
            1e-9
        ));
        assert!(close(
            bd09_to_gcj02(p.0, p.1),
            (116.39762729119315, 39.90865673957631),
            1e-9
        ));
        // The reference inverse is the one-step approximation: ours must agree within ~2 m.
        assert!(close(
            gcj02_to_wgs84(p.0, p.1),
            (116.39775550083061, 39.91359571849836),
            2e-5
        ));
    }

    #[test]
    fn inverse_round_trips_to_a_millimetre() {
        for (lng, lat) in [
            (112.18, 37.19),
            (121.47, 31.23),
            (87.6, 43.8),
            (109.51, 18.25),
        ] {
            let (g_lng, g_lat) = wgs84_to_gcj02(lng, lat);
            assert!(
                !close((g_lng, g_lat), (lng, lat), 1e-4),
                "offset applies in China"
            );
            assert!(close(gcj02_to_wgs84(g_lng, g_lat), (lng, lat), 1e-8));
            let (b_lng, b_lat) = gcj02_to_bd09(g_lng, g_lat);
            assert!(close(bd09_to_gcj02(b_lng, b_lat), (g_lng, g_lat), 2e-6));
        }
    }

    #[test]
    fn identity_outside_mainland() {
        for (lng, lat) in [
            (139.69, 35.68),
            (114.16, 22.28),
            (121.56, 25.03),
            (-0.13, 51.5),
        ] {
            assert_eq!(wgs84_to_gcj02(lng, lat), (lng, lat));
            assert_eq!(gcj02_to_wgs84(lng, lat), (lng, lat));
        }
    }

    #[test]
    fn coord_sys_converts_both_ways() {
        let p = LngLat::new(112.176, 37.189).unwrap();
        for sys in [CoordSys::Wgs84, CoordSys::Gcj02, CoordSys::Bd09] {
            let (lng, lat) = sys.from_wgs84(p);
            let back = sys.to_wgs84(lng, lat).unwrap();
            assert!(p.distance_m(back) < 0.5, "{sys:?} round trip");
        }
        assert!(CoordSys::Gcj02.to_wgs84(200.0, 0.0).is_err());
    }
}
