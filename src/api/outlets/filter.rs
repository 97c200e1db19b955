//! The attribute filters of outlet lists and nearest searches, built once from
//! either query.

use chrono::{DateTime, Utc};

use crate::api::http::params::bbox;
use crate::directory::Directory;
use crate::directory::IndexedOutlet;
use crate::domain::calendar::local_date;
use crate::domain::coords::CoordSys;
use crate::domain::vocab::{OutletKind, OutletStatus, Tier};
use crate::error::AppError;
use crate::i18n::Text;

/// The attribute filters of outlet lists and nearest searches; all must hold.
#[derive(Debug, Default, Clone)]
pub struct OutletFilter {
    pub kind: Option<OutletKind>,
    pub tier: Option<Tier>,
    pub status: Option<OutletStatus>,
    pub include_closed: bool,
    /// Index in the region tree of the region to search in (and under).
    pub region: Option<usize>,
    pub bbox: Option<[f64; 4]>,
    /// Only outlets offering this matter.
    pub matter: Option<String>,
    /// Only outlets open (`true`) or closed (`false`) at this instant.
    pub open: Option<(DateTime<Utc>, bool)>,
}

impl OutletFilter {
    /// Resolves `region` against the tree; an unknown code is a 400.
    pub fn region_index(dir: &Directory, code: Option<&str>) -> Result<Option<usize>, AppError> {
        code.map(|c| {
            dir.regions.index_of(c).ok_or_else(|| {
                AppError::bad_request(
                    "region",
                    Text::new(
                        format!("行政区划 `{c}` 不存在"),
                        format!("region `{c}` does not exist"),
                    ),
                )
            })
        })
        .transpose()
    }

    /// Statuses allowed, for SQL; empty when every status is.
    pub fn statuses(&self) -> Vec<OutletStatus> {
        use strum::IntoEnumIterator;
        let allowed: Vec<_> = OutletStatus::iter()
            .filter(|s| self.status_allowed(*s))
            .collect();
        if allowed.len() == OutletStatus::iter().count() {
            Vec::new()
        } else {
            allowed
        }
    }

    /// Whether an outlet's status passes: the one asked for, else all but
    /// closed unless closed ones are included.
    fn status_allowed(&self, status: OutletStatus) -> bool {
        match (self.status, self.include_closed) {
            (Some(s), _) => s == status,
            (None, true) => true,
            (None, false) => status != OutletStatus::Closed,
        }
    }

    /// Whether an outlet passes every filter.
    pub fn accepts(&self, o: &IndexedOutlet, dir: &Directory) -> bool {
        self.kind.is_none_or(|k| k == o.kind())
            && self.tier.is_none_or(|t| t == o.tier())
            && self.status_allowed(o.status())
            && self.region.is_none_or(|r| {
                dir.regions
                    .index_of(o.region_code())
                    .is_some_and(|i| dir.regions.ancestors(i).any(|a| a == r))
            })
            && self.bbox.is_none_or(|[w, s, e, n]| {
                (w..=e).contains(&o.location().lng()) && (s..=n).contains(&o.location().lat())
            })
            && self
                .matter
                .as_deref()
                .is_none_or(|m| dir.catalogue.offers(m, (o.id(), o.kind())))
            && self
                .open
                .is_none_or(|(t, open)| dir.catalogue.is_open(o.id(), t) == Ok(Some(open)))
    }

    /// Checks `matter` names a published matter.
    pub fn matter(dir: &Directory, code: Option<String>) -> Result<Option<String>, AppError> {
        match code {
            Some(c) if !dir.catalogue.matters.contains_key(&c) => Err(AppError::bad_request(
                "matter",
                Text::new(
                    format!("服务事项 `{c}` 不存在"),
                    format!("matter `{c}` does not exist"),
                ),
            )),
            other => Ok(other),
        }
    }

    /// Reads `open_now` / `open_at` (RFC 3339; a `+` sent unencoded arrives as a
    /// space and is read back as `+`); the instant's year must have a calendar.
    pub fn open(
        dir: &Directory,
        open_now: Option<bool>,
        open_at: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Option<(DateTime<Utc>, bool)>, AppError> {
        let (field, at) = match (open_now, open_at) {
            (Some(_), Some(_)) => {
                return Err(AppError::bad_request(
                    "open_at",
                    Text::new(
                        "不能与 `open_now` 同时使用",
                        "cannot be combined with open_now",
                    ),
                ))
            }
            (Some(open), None) => ("open_now", Some((now, open))),
            (None, Some(text)) => ("open_at", Some((parse_instant(text)?, true))),
            (None, None) => ("", None),
        };
        if let Some((t, _)) = at {
            dir.catalogue
                .calendar
                .is_working_day(local_date(t))
                .map_err(|e| crate::api::catalogue::calendar::unpublished(field, e))?;
        }
        Ok(at)
    }
}

fn parse_instant(text: &str) -> Result<DateTime<Utc>, AppError> {
    let text = text.trim().replace(' ', "+");
    DateTime::parse_from_rfc3339(&text)
        .or_else(|_| DateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M%:z"))
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            AppError::bad_request(
                "open_at",
                Text::new(
                    "须为 RFC 3339 时间，如 2026-10-10T10:00:00+08:00",
                    "must be an RFC 3339 instant, e.g. 2026-10-10T10:00:00+08:00",
                ),
            )
        })
}

/// The filter parameters outlet lists and nearest searches share, as sent.
#[derive(Debug, Default)]
pub struct FilterParams<'a> {
    pub kind: Option<OutletKind>,
    pub tier: Option<Tier>,
    pub status: Option<OutletStatus>,
    pub include_closed: Option<bool>,
    pub region: Option<&'a str>,
    pub bbox: Option<&'a str>,
    pub matter: Option<String>,
    pub open_now: Option<bool>,
    pub open_at: Option<&'a str>,
}

impl OutletFilter {
    /// Checks and resolves the parameters (`bbox` in `sys`, `open_now` at `now`):
    /// an unknown region or matter, a bad box or instant is a 400 naming it.
    pub fn from_params(
        dir: &Directory,
        p: FilterParams<'_>,
        sys: CoordSys,
        now: DateTime<Utc>,
    ) -> Result<Self, AppError> {
        Ok(OutletFilter {
            kind: p.kind,
            tier: p.tier,
            status: p.status,
            include_closed: p.include_closed.unwrap_or(false),
            region: OutletFilter::region_index(dir, p.region)?,
            bbox: bbox(p.bbox, sys)?,
            matter: OutletFilter::matter(dir, p.matter)?,
            open: OutletFilter::open(dir, p.open_now, p.open_at, now)?,
        })
    }
}
