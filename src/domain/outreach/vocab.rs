//! Outreach vocabularies (知识产权服务万里行), with schema.org names where
//! schema.org has them.

use crate::vocabulary;

vocabulary! {
    /// Type of outreach event (活动类型).
    EventType {
        /// 招聘会.
        JobFair => ("知识产权人才招聘会", "Job fair"),
        /// 银企对接.
        FinanceMatching => ("银企对接", "Bank–enterprise matching"),
        /// 培训.
        Training => ("培训", "Training"),
        /// 专利导航.
        PatentNavigation => ("专利导航", "Patent navigation"),
        /// 技术转移.
        TechTransfer => ("技术转移", "Technology transfer"),
        /// 地理标志推广.
        GeographicalIndication => ("地理标志推广", "Geographical indication promotion"),
        /// 展会执法.
        EnforcementAtFair => ("展会知识产权执法", "Enforcement at trade fairs"),
        /// 便利化服务.
        Facilitation => ("便利化服务", "Facilitation"),
        /// 其他.
        Other => ("其他", "Other"),
    }
}

vocabulary! {
    /// Where an event stands, as schema.org's `eventStatus` (plus `held`).
    EventStatus {
        /// 已排期: schema.org EventScheduled.
        Scheduled => ("已排期", "Scheduled"),
        /// 已取消: schema.org EventCancelled.
        Cancelled => ("已取消", "Cancelled"),
        /// 已延期: schema.org EventPostponed.
        Postponed => ("已延期", "Postponed"),
        /// 改为线上: schema.org EventMovedOnline.
        MovedOnline => ("改为线上", "Moved online"),
        /// 已举办: took place; its outcomes can be recorded.
        Held => ("已举办", "Held"),
    }
}

vocabulary! {
    /// How people attend (schema.org `eventAttendanceMode`).
    AttendanceMode {
        /// 线上.
        Online => ("线上", "Online"),
        /// 线下.
        Offline => ("线下", "Offline"),
        /// 线上线下结合.
        Hybrid => ("线上线下结合", "Hybrid"),
    }
}

impl EventStatus {
    /// The schema.org `EventStatusType` (a held event was scheduled and took place).
    pub fn schema_org(self) -> &'static str {
        match self {
            EventStatus::Scheduled | EventStatus::Held => "https://schema.org/EventScheduled",
            EventStatus::Cancelled => "https://schema.org/EventCancelled",
            EventStatus::Postponed => "https://schema.org/EventPostponed",
            EventStatus::MovedOnline => "https://schema.org/EventMovedOnline",
        }
    }
}

impl AttendanceMode {
    /// The schema.org `EventAttendanceModeEnumeration` member.
    pub fn schema_org(self) -> &'static str {
        match self {
            AttendanceMode::Online => "https://schema.org/OnlineEventAttendanceMode",
            AttendanceMode::Offline => "https://schema.org/OfflineEventAttendanceMode",
            AttendanceMode::Hybrid => "https://schema.org/MixedEventAttendanceMode",
        }
    }
}
