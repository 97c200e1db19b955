//! Who acts on the programmes: the programme office (admins and operators)
//! on everything, a commissioner or envoy on their own work only.

use crate::domain::vocab::Role;
use crate::error::AppError;

/// The caller of a programme operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// An admin or operator: manages the pool, targets, assignments, plans.
    Office {
        /// The key.
        key_id: String,
        /// Operators see people's contacts in full (logged); admins masked.
        sees_contacts: bool,
    },
    /// A commissioner or envoy: their own assignments, visits and archive.
    Person {
        /// The key.
        key_id: String,
        /// The person the key belongs to.
        person_id: String,
    },
}

impl Actor {
    /// The actor of a key; 403 for roles with no part in the programmes.
    pub fn of(role: Role, key_id: &str, person_id: Option<&str>) -> Result<Self, AppError> {
        match (role, person_id) {
            (Role::Admin | Role::Operator, _) => Ok(Actor::Office {
                key_id: key_id.into(),
                sees_contacts: role == Role::Operator,
            }),
            (Role::Commissioner | Role::Envoy, Some(p)) => Ok(Actor::Person {
                key_id: key_id.into(),
                person_id: p.into(),
            }),
            _ => Err(AppError::Forbidden),
        }
    }

    /// The key acting.
    pub fn key_id(&self) -> &str {
        match self {
            Actor::Office { key_id, .. } | Actor::Person { key_id, .. } => key_id,
        }
    }

    /// The person, for a commissioner or envoy.
    pub fn person_id(&self) -> Option<&str> {
        match self {
            Actor::Person { person_id, .. } => Some(person_id),
            Actor::Office { .. } => None,
        }
    }

    /// Whether it may read this person's records (the office, or the person).
    pub fn may_read(&self, person_id: &str) -> bool {
        self.person_id().is_none_or(|p| p == person_id)
    }

    /// 403 unless it may read this person's records.
    pub fn check_reads(&self, person_id: &str) -> Result<(), AppError> {
        match self.may_read(person_id) {
            true => Ok(()),
            false => Err(AppError::denied(
                "只能查看本人的服务档案",
                "commissioners and envoys see only their own records",
            )),
        }
    }

    /// 403 unless it is the programme office.
    pub fn check_office(&self) -> Result<(), AppError> {
        match self {
            Actor::Office { .. } => Ok(()),
            Actor::Person { .. } => Err(AppError::Forbidden),
        }
    }
}
