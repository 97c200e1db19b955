//! The programmes' closed vocabularies, labelled in Chinese and English.

use crate::vocabulary;

vocabulary! {
    /// Which programme a person serves in.
    PersonRole {
        /// 知识产权服务专员: serves assigned innovation bodies.
        Commissioner => ("知识产权服务专员", "Service commissioner"),
        /// 知识产权特派员: serves one assigned region.
        Envoy => ("知识产权特派员", "Special envoy"),
    }
}

vocabulary! {
    /// Standing in the pool (人才库状态).
    PoolStatus {
        /// 候选: submitted, not yet serving.
        Candidate => ("候选", "Candidate"),
        /// 在岗: serving.
        Active => ("在岗", "Active"),
        /// 暂停: suspended.
        Suspended => ("暂停", "Suspended"),
        /// 退出: retired from the pool.
        Retired => ("退出", "Retired"),
    }
}

vocabulary! {
    /// Outcome of the review of a submitted person (审核).
    ReviewStatus {
        /// 待审核.
        Pending => ("待审核", "Pending"),
        /// 审核通过.
        Approved => ("审核通过", "Approved"),
        /// 审核未通过.
        Rejected => ("审核未通过", "Rejected"),
    }
}

vocabulary! {
    /// Training before service (培训).
    TrainingStatus {
        /// 未培训.
        NotTrained => ("未培训", "Not trained"),
        /// 培训中.
        InTraining => ("培训中", "In training"),
        /// 已培训.
        Trained => ("已培训", "Trained"),
    }
}

vocabulary! {
    /// Type of service target (服务对象类型).
    TargetType {
        /// 全国重点实验室.
        NationalLab => ("全国重点实验室", "National key laboratory"),
        /// 省实验室.
        ProvincialLab => ("省实验室", "Provincial laboratory"),
        /// 技术创新中心.
        TechInnovationCenter => ("技术创新中心", "Technology innovation centre"),
        /// 制造业创新中心.
        ManufacturingInnovationCenter => ("制造业创新中心", "Manufacturing innovation centre"),
        /// 高校.
        University => ("高校", "University"),
        /// 科研院所.
        ResearchInstitute => ("科研院所", "Research institute"),
        /// 医疗卫生机构.
        MedicalInstitution => ("医疗卫生机构", "Medical institution"),
        /// 科技型企业.
        TechFirm => ("科技型企业", "Technology firm"),
        /// 其他.
        Other => ("其他", "Other"),
    }
}

vocabulary! {
    /// Level of a service target (级别).
    TargetLevel {
        /// 国家级.
        National => ("国家级", "National"),
        /// 省级.
        Provincial => ("省级", "Provincial"),
        /// 市县级.
        Local => ("市县级", "Local"),
    }
}

vocabulary! {
    /// Grade of an evaluation (考核等次).
    Grade {
        /// 优秀.
        Excellent => ("优秀", "Excellent"),
        /// 良好.
        Good => ("良好", "Good"),
        /// 合格.
        Pass => ("合格", "Pass"),
        /// 不合格.
        Fail => ("不合格", "Fail"),
    }
}

vocabulary! {
    /// How a visit was made (服务方式).
    VisitMode {
        /// 上门服务: on site.
        OnSite => ("上门服务", "On site"),
        /// 远程服务: by phone or video.
        Remote => ("远程服务", "Remote"),
    }
}

vocabulary! {
    /// What a visit covered (服务内容).
    VisitTask {
        /// 政策宣讲.
        PolicyBriefing => ("政策宣讲", "Policy briefing"),
        /// 答疑解惑.
        AnsweringEnquiries => ("答疑解惑", "Answering enquiries"),
        /// 了解情况.
        UnderstandingSituation => ("了解情况", "Understanding the situation"),
        /// 业务指导.
        BusinessGuidance => ("业务指导", "Business guidance"),
        /// 协调事项.
        CoordinatingMatters => ("协调事项", "Coordinating matters"),
        /// 意见建议.
        Recommendations => ("意见建议", "Recommendations"),
    }
}
