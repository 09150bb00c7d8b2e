//! Distances on the Earth's surface.

/// Mean Earth radius used everywhere in the project (pairing contract included).
pub const EARTH_RADIUS_KM: f64 = 6371.0;

/// A point in decimal degrees (WGS 84).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Point {
    pub lat: f64,
    pub lon: f64,
}

impl Point {
    pub fn new(lat: f64, lon: f64) -> Self {
        Self { lat, lon }
    }

    /// Great-circle distance (haversine formula) in kilometres.
    pub fn distance_km(self, other: Point) -> f64 {
        let (lat1, lat2) = (self.lat.to_radians(), other.lat.to_radians());
        let d_lat = lat2 - lat1;
        let d_lon = (other.lon - self.lon).to_radians();
        let a = (d_lat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (d_lon / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
    }

    /// A latitude/longitude box that contains every point within `radius_km`; lets the
    /// database discard far rows through an index before the exact distance is computed.
    pub fn bounding_box(self, radius_km: f64) -> BoundingBox {
        // Widest longitude of a spherical cap: sin Δλ = sin(r/R) / cos φ. A small margin
        // keeps points exactly on the circle inside despite rounding.
        let angle = radius_km / EARTH_RADIUS_KM * (1.0 + 1e-9) + 1e-12;
        let d_lat = angle.to_degrees();
        let ratio = angle.sin() / self.lat.to_radians().cos().abs();
        let d_lon = if angle >= std::f64::consts::FRAC_PI_2 || ratio >= 1.0 || ratio.is_nan() {
            180.0
        } else {
            ratio.asin().to_degrees()
        };
        BoundingBox {
            min_lat: self.lat - d_lat,
            max_lat: self.lat + d_lat,
            min_lon: self.lon - d_lon,
            max_lon: self.lon + d_lon,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BoundingBox {
    pub min_lat: f64,
    pub max_lat: f64,
    pub min_lon: f64,
    pub max_lon: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARIS: Point = Point {
        lat: 48.8534,
        lon: 2.3488,
    };
    const RENNES: Point = Point {
        lat: 48.112,
        lon: -1.6743,
    };

    #[test]
    fn paris_rennes_is_about_308_km() {
        let d = PARIS.distance_km(RENNES);
        assert!((d - 307.7).abs() < 0.5, "{d}");
        assert_eq!(PARIS.distance_km(PARIS), 0.0);
        assert!((PARIS.distance_km(RENNES) - RENNES.distance_km(PARIS)).abs() < 1e-9);
    }

    /// The point at `km` from `from` in direction `bearing` (radians from north).
    fn destination(from: Point, km: f64, bearing: f64) -> Point {
        let (lat1, delta) = (from.lat.to_radians(), km / EARTH_RADIUS_KM);
        let lat2 = (lat1.sin() * delta.cos() + lat1.cos() * delta.sin() * bearing.cos()).asin();
        let d_lon =
            (bearing.sin() * delta.sin() * lat1.cos()).atan2(delta.cos() - lat1.sin() * lat2.sin());
        Point::new(lat2.to_degrees(), from.lon + d_lon.to_degrees())
    }

    #[test]
    fn bounding_box_holds_every_point_of_the_circle_even_far_north() {
        for lat in [-60.0, 0.0, 43.3, 48.85, 70.0] {
            let centre = Point::new(lat, 2.35);
            for radius in [1.0, 20.0, 200.0, 1500.0] {
                let bbox = centre.bounding_box(radius);
                for degree in 0..3600 {
                    let p = destination(centre, radius, f64::from(degree).to_radians() / 10.0);
                    assert!(centre.distance_km(p) <= radius + 1e-6);
                    assert!(
                        p.lat >= bbox.min_lat && p.lat <= bbox.max_lat,
                        "lat {lat} r {radius} bearing {degree}"
                    );
                    assert!(
                        p.lon >= bbox.min_lon && p.lon <= bbox.max_lon,
                        "lon {lat} r {radius} bearing {degree}"
                    );
                }
            }
        }
    }

    #[test]
    fn bounding_box_contains_the_circle() {
        let bbox = PARIS.bounding_box(50.0);
        for bearing in 0..36 {
            let angle = f64::from(bearing) * 10f64.to_radians();
            // A point ~49 km away in every direction.
            let p = Point::new(
                PARIS.lat + 0.44 * angle.cos(),
                PARIS.lon + 0.66 * angle.sin(),
            );
            if PARIS.distance_km(p) <= 50.0 {
                assert!(p.lat >= bbox.min_lat && p.lat <= bbox.max_lat);
                assert!(p.lon >= bbox.min_lon && p.lon <= bbox.max_lon);
            }
        }
    }
}
