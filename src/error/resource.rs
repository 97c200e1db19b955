//! The resources a 404 names.

/// What a 404 says does not exist, named in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    /// 工单.
    Ticket,
    /// A ticket looked up by tracking number and status token.
    TrackedTicket,
    /// 网点.
    Outlet,
    /// 行政区划.
    Region,
    /// 行政区划边界.
    Boundary,
    /// 服务事项.
    Matter,
    /// 办公时间.
    OpeningHours,
    /// 年度日历.
    CalendarYear,
    /// 密钥.
    Key,
    /// 推送订阅.
    Webhook,
    /// 推送记录.
    Delivery,
    /// 可导入导出的数据集.
    Dataset,
    /// HSDS 服务 (a matter at an outlet).
    Service,
    /// HSDS 机构 (the institution running an outlet).
    Organization,
    /// HSDS 地点 (an outlet's site).
    Location,
    /// 知识条目.
    KnowledgeEntry,
    /// 服务专员或特派员.
    Person,
    /// 服务对象.
    ServiceTarget,
    /// 服务关系.
    Assignment,
    /// 后续事项.
    FollowUp,
    /// 年度工作计划.
    WorkPlan,
    /// 计划节点.
    Milestone,
    /// 区域集合.
    RegionSet,
    /// 活动计划 (an outreach campaign).
    Campaign,
    /// 活动.
    Event,
    /// 知识产权服务机构.
    Agency,
    /// 信用记录.
    CreditRecord,
}

impl Resource {
    /// The (Chinese, English) name.
    pub fn labels(self) -> (&'static str, &'static str) {
        use Resource::*;
        match self {
            Ticket => ("工单", "ticket"),
            TrackedTicket => (
                "与该受理编号和查询码相符的工单",
                "ticket with this tracking number and status token",
            ),
            Outlet => ("网点", "outlet"),
            Region => ("行政区划", "region"),
            Boundary => ("该区划的边界", "boundary of region"),
            Matter => ("服务事项", "matter"),
            OpeningHours => ("该网点的办公时间", "opening hours of outlet"),
            CalendarYear => ("该年度的日历", "calendar of year"),
            Key => ("密钥", "key"),
            Webhook => ("推送订阅", "webhook subscription"),
            Delivery => ("推送记录", "webhook delivery"),
            Dataset => ("数据集", "dataset"),
            Service => ("服务", "service"),
            Organization => ("机构", "organization"),
            Location => ("地点", "location"),
            KnowledgeEntry => ("知识条目", "knowledge entry"),
            Person => ("服务专员或特派员", "commissioner or envoy"),
            ServiceTarget => ("服务对象", "service target"),
            Assignment => ("服务关系", "assignment"),
            FollowUp => ("后续事项", "follow-up"),
            WorkPlan => ("工作计划", "work plan"),
            Milestone => ("计划节点", "milestone"),
            RegionSet => ("区域集合", "region set"),
            Campaign => ("活动计划", "campaign"),
            Event => ("活动", "event"),
            Agency => ("知识产权服务机构", "agency"),
            CreditRecord => ("信用记录", "credit record"),
        }
    }
}
