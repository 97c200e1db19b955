//! Hotline tickets (工单): vocabularies and the state machine.

use super::vocab::Role;
use crate::vocabulary;

vocabulary! {
    /// How a ticket came in (来源渠道).
    TicketChannel {
        /// 电话.
        Phone => ("电话", "Phone"),
        /// 网站.
        Web => ("网站", "Web"),
        /// 移动应用.
        App => ("移动应用", "App"),
        /// 窗口来访.
        WalkIn => ("来访", "Walk-in"),
        /// 电子邮件.
        Email => ("电子邮件", "Email"),
        /// Open311 客户端.
        Open311 => ("Open311", "Open311"),
    }
}

vocabulary! {
    /// What the caller wants (诉求类型).
    TicketKind {
        /// 咨询: policy or legal question.
        Enquiry => ("咨询", "Enquiry"),
        /// 投诉: a dispute with a party.
        Complaint => ("投诉", "Complaint"),
        /// 举报: reporting a violation.
        Report => ("举报", "Report"),
        /// 维权援助: asking for rights-protection help.
        Assistance => ("维权援助", "Assistance"),
        /// 建议.
        Suggestion => ("建议", "Suggestion"),
    }
}

vocabulary! {
    /// Subject area (业务类别).
    TicketCategory {
        /// 专利.
        Patent => ("专利", "Patent"),
        /// 商标.
        Trademark => ("商标", "Trademark"),
        /// 版权.
        Copyright => ("版权", "Copyright"),
        /// 地理标志.
        GeographicalIndication => ("地理标志", "Geographical indication"),
        /// 代理机构违规.
        AgencyMisconduct => ("代理机构违规", "Agency misconduct"),
        /// 政策.
        Policy => ("政策", "Policy"),
        /// 法律.
        Legal => ("法律", "Legal"),
        /// 其他.
        Other => ("其他", "Other"),
    }
}

vocabulary! {
    /// Where a ticket stands.
    TicketState {
        /// 待派单: logged, not referred yet (or returned).
        Received => ("待派单", "Received"),
        /// 已派单: referred to an outlet, awaiting 签收.
        Assigned => ("已派单", "Assigned"),
        /// 办理中: accepted by the outlet.
        Accepted => ("办理中", "Accepted"),
        /// 已中止: clock paused (awaiting information, or suspended).
        Paused => ("已中止", "Paused"),
        /// 已答复: answered, awaiting callback.
        Replied => ("已答复", "Replied"),
        /// 已办结.
        Closed => ("已办结", "Closed"),
    }
}

vocabulary! {
    /// Why a ticket was closed.
    CloseReason {
        /// 直接答复: an enquiry answered by the operator.
        Answered => ("直接答复", "Answered directly"),
        /// 已解决: replied and called back.
        Resolved => ("已解决", "Resolved"),
        /// 不予受理.
        NotAccepted => ("不予受理", "Not accepted"),
        /// 重复工单 (并单).
        Duplicate => ("重复工单", "Duplicate"),
        /// 转出: referred to another body.
        ReferredOut => ("转出", "Referred out"),
        /// 撤回.
        Withdrawn => ("撤回", "Withdrawn"),
    }
}

vocabulary! {
    /// What happened to a ticket (history entry).
    TicketAction {
        /// 登记.
        Create => ("登记", "Created"),
        /// 分类.
        Classify => ("分类", "Classified"),
        /// 派单.
        Assign => ("派单", "Assigned"),
        /// 改派.
        Reassign => ("改派", "Reassigned"),
        /// 签收.
        Accept => ("签收", "Accepted"),
        /// 退单.
        Return => ("退单", "Returned"),
        /// 补充材料（中止）.
        RequestInfo => ("要求补充材料", "Information requested"),
        /// 中止.
        Suspend => ("中止", "Suspended"),
        /// 恢复.
        Resume => ("恢复办理", "Resumed"),
        /// 申请延期.
        RequestExtension => ("申请延期", "Extension requested"),
        /// 批准延期.
        GrantExtension => ("批准延期", "Extension granted"),
        /// 答复.
        Reply => ("答复", "Replied"),
        /// 申请回访.
        RequestCallback => ("申请回访", "Callback requested"),
        /// 回访.
        Callback => ("回访", "Called back"),
        /// 重办.
        Reopen => ("重办", "Reopened"),
        /// 直接答复.
        Answer => ("直接答复", "Answered"),
        /// 办结.
        Close => ("办结", "Closed"),
        /// 并入他单.
        Merge => ("并单", "Merged into another ticket"),
        /// 他单并入.
        MergedFrom => ("他单并入", "Another ticket merged in"),
        /// 督办.
        Escalate => ("督办", "Escalated"),
    }
}

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
            (A::Resume, S::Paused) => Some(S::Accepted),
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
            Role::Auditor | Role::Open311Client => false,
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
    }
}
