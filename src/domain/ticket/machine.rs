//! The state machine: which action leads where, and who may take it.

use super::{TicketAction, TicketState};
use crate::domain::vocab::Role;

impl TicketAction {
    /// The state after this action from `from`, or `None` when not allowed.
    pub fn next_state(self, from: TicketState) -> Option<TicketState> {
        use TicketAction as A;
        use TicketState as S;
        let open = from != S::Closed;
        match (self, from) {
            (A::Create, _) => Some(S::Received),
            (A::Classify | A::MergedFrom, _) if open => Some(from),
            (A::Assign | A::Answer, S::Received | S::Assigned) => Some(if self == A::Assign {
                S::Assigned
            } else {
                S::Closed
            }),
            (A::Reassign, S::Assigned | S::Accepted | S::Paused) => Some(S::Assigned),
            (A::Accept, S::Assigned) => Some(S::Accepted),
            (A::Return, S::Assigned) => Some(S::Received),
            (A::RequestInfo | A::Suspend, S::Accepted) => Some(S::Paused),
            (A::Resume | A::Supplement, S::Paused) => Some(S::Accepted),
            (A::RequestExtension | A::GrantExtension, S::Accepted | S::Paused) => Some(from),
            (A::Escalate, S::Assigned | S::Accepted | S::Paused) => Some(from),
            (A::Reply, S::Accepted) => Some(S::Replied),
            (A::RequestCallback, S::Replied) => Some(S::Replied),
            (A::Callback, S::Replied) => Some(S::Closed),
            (A::Reopen, S::Replied | S::Closed) => Some(S::Accepted),
            (A::Close | A::Merge, _) if open => Some(S::Closed),
            _ => None,
        }
    }

    /// The actions a role may take on a ticket in `state`, in history order.
    pub fn available(state: TicketState, role: Role) -> Vec<TicketAction> {
        use strum::IntoEnumIterator;
        TicketAction::iter()
            .filter(|a| a.allowed_for(role) && a.next_state(state).is_some())
            .collect()
    }

    /// Whether a role may take this action (outlet staff only on their own outlets' tickets).
    pub fn allowed_for(self, role: Role) -> bool {
        use TicketAction as A;
        match role {
            Role::Admin | Role::Operator => matches!(
                self,
                A::Classify
                    | A::Assign
                    | A::Reassign
                    | A::Answer
                    | A::Close
                    | A::Merge
                    | A::GrantExtension
                    | A::Callback
                    | A::Resume
            ),
            Role::OutletStaff => matches!(
                self,
                A::Accept
                    | A::Return
                    | A::RequestInfo
                    | A::Suspend
                    | A::Resume
                    | A::RequestExtension
                    | A::Reply
                    | A::RequestCallback
            ),
            Role::Auditor | Role::Open311Client | Role::Commissioner | Role::Envoy => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_happy_path_and_illegal_moves() {
        use TicketAction as A;
        use TicketState as S;
        let path = [
            A::Assign,
            A::Accept,
            A::RequestInfo,
            A::Resume,
            A::Reply,
            A::Callback,
        ];
        let end = path.iter().try_fold(S::Received, |s, a| a.next_state(s));
        assert_eq!(end, Some(S::Closed));
        assert_eq!(A::Reply.next_state(S::Assigned), None, "reply before 签收");
        assert_eq!(A::Accept.next_state(S::Closed), None);
        assert_eq!(
            A::Return.next_state(S::Accepted),
            None,
            "退单 only before 签收"
        );
        assert_eq!(A::Reopen.next_state(S::Replied), Some(S::Accepted));
        assert!(!A::Assign.allowed_for(Role::OutletStaff));
        assert!(!A::Reply.allowed_for(Role::Operator));
        assert_eq!(
            TicketAction::available(S::Assigned, Role::OutletStaff),
            [A::Accept, A::Return, A::RequestExtension]
                .into_iter()
                .filter(|a| a.next_state(S::Assigned).is_some())
                .collect::<Vec<_>>()
        );
        assert_eq!(
            TicketAction::available(S::Paused, Role::OutletStaff),
            [A::Resume, A::RequestExtension]
        );
        assert!(TicketAction::available(S::Closed, Role::OutletStaff).is_empty());
    }
}
