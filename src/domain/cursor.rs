//! Opaque paging cursors: base64url of a small JSON value, so clients never
//! build or parse them.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Position after the last item of a nearest page: its distance and id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NearestCursor {
    /// Distance in metres of the last item returned.
    pub d: f64,
    /// Id of the last item returned.
    pub id: String,
}

/// Position after the last item of a list page ordered by id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AfterId {
    /// Id of the last item returned.
    pub id: String,
}

/// Encodes a cursor value.
pub fn encode<T: Serialize>(value: &T) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).expect("cursor values serialize"))
}

/// Decodes a cursor; `None` when it is not one of ours.
pub fn decode<T: DeserializeOwned>(text: &str) -> Option<T> {
    let bytes = URL_SAFE_NO_PAD.decode(text).ok()?;
    serde_json::from_slice(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_garbage() {
        let c = NearestCursor {
            d: 1234.5,
            id: "abc".into(),
        };
        assert_eq!(decode::<NearestCursor>(&encode(&c)), Some(c));
        assert_eq!(decode::<NearestCursor>("not a cursor!"), None);
        assert_eq!(decode::<AfterId>(&encode(&42)), None);
    }
}
