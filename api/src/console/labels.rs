//! The console's Chinese words for the API's codes (statuses, grades, roles, events…)
//! and for its problems.

use crate::error::ApiError;

/// 已上报, 整改中, …
pub fn status(code: &str) -> &'static str {
    match code {
        "reported" => "已上报",
        "rectifying" => "整改中",
        "pending_review" => "待复查",
        "closed" => "已销号",
        "invalid" => "不属实/已撤销",
        _ => "未知状态",
    }
}

/// 一般 / 重大.
pub fn grade(code: &str) -> &'static str {
    match code {
        "major" => "重大隐患",
        "general" => "一般隐患",
        _ => "未知等级",
    }
}

/// 检查员, 督办人, …
pub fn role(code: &str) -> &'static str {
    match code {
        "inspector" => "检查员",
        "supervisor" => "督办人",
        "enterprise" => "企业",
        "admin" => "管理员",
        _ => "未知角色",
    }
}

/// The timeline's events and the lifecycle's actions.
pub fn event(code: &str) -> &'static str {
    match code {
        "report" => "上报",
        "assign" => "责令整改",
        "submit" => "提交复查",
        "approve" => "复查通过（销号）",
        "reject" => "复查不通过",
        "close_on_site" => "立查立改",
        "invalidate" => "判定不属实",
        "regrade" => "调整等级",
        "extend" => "延期",
        "reopen" => "重新整改",
        "overdue" => "逾期",
        "edit" => "修改信息",
        "photo" => "上传照片",
        "supervision_listed" => "挂牌督办",
        "supervision_escalated" => "提级督办",
        "supervision_lifted" => "摘牌",
        "supervision_overdue" => "督办逾期",
        "enforcement" => "执法措施",
        "deadline_reminder" => "期限提醒",
        _ => "其他",
    }
}

/// 区级, 市级, 街镇级.
pub fn level(code: &str) -> &'static str {
    match code {
        "street" => "街镇级",
        "district" => "区级",
        "city" => "市级",
        _ => "未知级别",
    }
}

/// 约谈, 警示通报, …
pub fn enforcement(code: &str) -> &'static str {
    match code {
        "interview" => "约谈",
        "warning_notice" => "警示通报",
        "escalated_investigation" => "提级调查",
        "double_penalty" => "一案双罚",
        "suspension" => "停产停业整顿",
        _ => "其他",
    }
}

/// 待核查, 已核实, 已驳回.
pub fn tip_status(code: &str) -> &'static str {
    match code {
        "received" => "待核查",
        "verified" => "已核实",
        "rejected" => "已驳回",
        _ => "未知",
    }
}

/// 检查发现, 企业自查, 群众举报, 其他.
pub fn source(code: &str) -> &'static str {
    match code {
        "inspection" => "检查发现",
        "self_check" => "企业自查",
        "public_tip" => "群众举报",
        _ => "其他",
    }
}

/// The wire code of a serialised enum (`StatusDto::PendingReview` → `pending_review`).
pub fn code_of<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// A problem as one sentence for a person: a Chinese lead, then the API's detail.
pub fn problem(e: &ApiError) -> String {
    let lead = match e.code() {
        "validation_failed" => "填写有误，请按提示修改",
        "invalid_transition" => "当前状态下不能执行此操作",
        "forbidden" => "您无权执行此操作",
        "not_found" => "未找到（或不在您的管辖范围内）",
        "conflict" => "与其他更改冲突",
        "precondition_failed" => "此页面已过期：其他人刚刚修改了该隐患。请重新加载页面后再操作，您的更改未保存",
        "rectification_plan_incomplete" => "治理方案（五落实）不完整",
        "photo_required" => "请先上传整改后照片",
        "rate_limited" => "操作过于频繁，请稍后再试",
        "unavailable" | "insufficient_storage" => "服务暂不可用，请稍后再试",
        "invalid_credentials" => "用户名或密码错误",
        _ => "操作未完成",
    };
    format!("{lead}。（{e}）")
}
