//! Webhooks: event types, signatures and retry delays (no I/O).
//!
//! Signatures follow the Standard Webhooks scheme (standardwebhooks.com), for
//! which receivers have ready-made verifiers: `webhook-signature: v1,<base64
//! HMAC-SHA256 over "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the
//! base64 part of the `whsec_…` secret.

use std::time::Duration;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use utoipa::ToSchema;

/// Prefix of webhook secrets.
pub const SECRET_PREFIX: &str = "whsec_";

/// What happened to a ticket, as sent to subscribers.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    ToSchema,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
)]
pub enum WebhookEventType {
    /// 登记: a ticket was logged.
    #[serde(rename = "ticket.created")]
    #[strum(serialize = "ticket.created")]
    TicketCreated,
    /// 派单/改派: referred to an outlet (at intake, or by an operator).
    #[serde(rename = "ticket.assigned")]
    #[strum(serialize = "ticket.assigned")]
    TicketAssigned,
    /// 督办: overdue, escalated to the parent outlet.
    #[serde(rename = "ticket.escalated")]
    #[strum(serialize = "ticket.escalated")]
    TicketEscalated,
    /// 退单: returned by the outlet to the hotline.
    #[serde(rename = "ticket.returned")]
    #[strum(serialize = "ticket.returned")]
    TicketReturned,
    /// 答复: the outlet or operator replied.
    #[serde(rename = "ticket.replied")]
    #[strum(serialize = "ticket.replied")]
    TicketReplied,
    /// 重办: reopened after a dissatisfied callback.
    #[serde(rename = "ticket.reopened")]
    #[strum(serialize = "ticket.reopened")]
    TicketReopened,
    /// 补充材料: the reporter supplied the information the outlet asked for;
    /// the handling clock runs again.
    #[serde(rename = "ticket.supplemented")]
    #[strum(serialize = "ticket.supplemented")]
    TicketSupplemented,
    /// 办结: closed, whatever the reason.
    #[serde(rename = "ticket.closed")]
    #[strum(serialize = "ticket.closed")]
    TicketClosed,
}

impl WebhookEventType {
    /// The wire name, e.g. `ticket.assigned`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A new secret: `whsec_` and 32 random bytes in base64.
pub fn new_secret() -> String {
    format!(
        "{SECRET_PREFIX}{}",
        BASE64.encode(rand::random::<[u8; 32]>())
    )
}

/// Whether a secret has the `whsec_<base64 of 24 to 64 bytes>` shape.
pub fn secret_is_valid(secret: &str) -> bool {
    secret
        .strip_prefix(SECRET_PREFIX)
        .and_then(|b| BASE64.decode(b).ok())
        .is_some_and(|k| (24..=64).contains(&k.len()))
}

/// The `webhook-signature` value for a message.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> String {
    let key = secret
        .strip_prefix(SECRET_PREFIX)
        .and_then(|b| BASE64.decode(b).ok())
        .unwrap_or_else(|| secret.as_bytes().to_vec());
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("HMAC takes keys of any length");
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    format!("v1,{}", BASE64.encode(mac.finalize().into_bytes()))
}

/// How long to wait after the `failures`-th failed attempt: the base delay
/// doubled per failure, capped, then "equal jitter" (half fixed, half random,
/// `jitter` in 0..1) so that receivers coming back are not hit all at once.
pub fn retry_delay(failures: u32, base: Duration, cap: Duration, jitter: f64) -> Duration {
    let exp = base
        .saturating_mul(2u32.saturating_pow(failures.saturating_sub(1)))
        .min(cap);
    exp / 2 + exp.mul_f64(jitter.clamp(0.0, 1.0) / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_matches_the_standard_webhooks_example() {
        // The example from the Standard Webhooks specification.
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let body = br#"{"test": 2432232314}"#;
        assert_eq!(
            sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn new_secrets_are_valid_and_distinct() {
        let (a, b) = (new_secret(), new_secret());
        assert!(secret_is_valid(&a) && secret_is_valid(&b) && a != b);
        assert!(!secret_is_valid("whsec_short"));
        assert!(!secret_is_valid("plain-text-secret-without-prefix"));
    }

    #[test]
    fn retry_delays_double_up_to_the_cap_with_bounded_jitter() {
        let (base, cap) = (Duration::from_secs(5), Duration::from_secs(3600));
        assert_eq!(retry_delay(1, base, cap, 1.0), Duration::from_secs(5));
        assert_eq!(retry_delay(1, base, cap, 0.0), Duration::from_millis(2500));
        assert_eq!(retry_delay(3, base, cap, 1.0), Duration::from_secs(20));
        assert_eq!(retry_delay(40, base, cap, 1.0), cap);
        for j in [0.0, 0.3, 0.99] {
            let d = retry_delay(4, base, cap, j);
            assert!(d >= Duration::from_secs(20) && d <= Duration::from_secs(40));
        }
    }

    #[test]
    fn event_types_round_trip_through_their_wire_names() {
        use std::str::FromStr;
        use strum::IntoEnumIterator;
        for t in WebhookEventType::iter() {
            assert_eq!(WebhookEventType::from_str(t.as_str()).unwrap(), t);
            assert_eq!(serde_json::to_value(t).unwrap(), t.as_str());
        }
    }
}
