//! Hotline tickets (工单): vocabularies, the ticket and its history, and the
//! state machine.

mod machine;
mod record;

pub use record::{Event, Reporter, Ticket};

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

impl TicketCategory {
    /// The kind assumed when a client does not say (generic Open311 apps send
    /// no attributes): a complaint about an agency, an enquiry otherwise.
    pub fn default_kind(self) -> TicketKind {
        match self {
            TicketCategory::AgencyMisconduct => TicketKind::Complaint,
            _ => TicketKind::Enquiry,
        }
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
        /// 补充材料: the reporter supplied what was asked; the clock runs again.
        Supplement => ("已补充材料", "Information supplied"),
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
