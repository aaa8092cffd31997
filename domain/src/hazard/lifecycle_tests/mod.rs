//! Exhaustive and property tests of the lifecycle rules.
//!
//! Shared fixtures and the whole matrix here; the rules of single actions in [`rules`],
//! random sequences in [`properties`].

mod properties;
mod rules;

use super::*;
use crate::hazard::HazardCase;
use uuid::Uuid;

const STREET: &str = "huayanglu";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 5, 10).unwrap()
}

fn complete_plan() -> RectificationPlan {
    RectificationPlan {
        responsible: Some("企业负责人".into()),
        measures: Some("清理通道".into()),
        funds: Some("2万元".into()),
        deadline: NaiveDate::from_ymd_opt(2025, 6, 1),
        contingency_plan: Some("临时警戒".into()),
    }
}

fn state(status: Status, grade: Grade) -> HazardState {
    HazardState {
        status,
        grade,
        criterion_code: (grade == Grade::Major).then(|| "FIRE-01".into()),
        sector: "fire".into(),
        street_code: STREET.into(),
        enterprise_id: Some(Uuid::from_u128(7)),
        department_code: None,
        responsible_party: None,
        deadline: Some(NaiveDate::from_ymd_opt(2025, 5, 20).unwrap()),
        plan: (grade == Grade::Major).then(complete_plan),
        last_submitted_by: None,
        after_photos: 1,
    }
}

fn actor(role: Role) -> Actor {
    Actor {
        user_id: Uuid::from_u128(role as u128 + 100),
        role,
        street_code: None,
        enterprise_id: (role == Role::Enterprise).then(|| Uuid::from_u128(7)),
    }
}

fn valid_actions(grade: Grade) -> Vec<Action> {
    let later = NaiveDate::from_ymd_opt(2025, 7, 1).unwrap();
    vec![
        Action::Assign {
            department_code: "fire_rescue".into(),
            responsible_party: "某公司".into(),
            deadline: later,
            rectification_plan: None,
        },
        Action::Submit { note: "已整改".into(), rectification_plan: None },
        Action::Approve { note: None },
        Action::Reject { reason: "未整改到位".into(), deadline: None },
        Action::CloseOnSite { note: "立查立改".into() },
        Action::Invalidate { reason: "重复".into() },
        match grade {
            Grade::General => Action::Regrade {
                grade: Grade::Major,
                criterion: Some(CriterionRef { code: "FIRE-02".into(), sector: "fire".into() }),
                reason: None,
            },
            Grade::Major => Action::Regrade { grade: Grade::General, criterion: None, reason: Some("误判".into()) },
        },
        Action::Extend { deadline: later, reason: "工程量大".into() },
        Action::Reopen { reason: "隐患反弹".into(), deadline: None },
    ]
}

/// What a console offers is what `decide` would refuse for no reason but the input: an
/// offered action is never refused for visibility, role or status, and an action not
/// offered always is.
#[test]
fn offered_actions_are_exactly_those_decide_admits() {
    for grade in Grade::ALL {
        for status in Status::ALL {
            for role in Role::ALL {
                let mut st = state(status, grade);
                st.after_photos = 1;
                st.plan = Some(complete_plan());
                let who = actor(role);
                let offered = offered(&st, &who);
                for action in valid_actions(grade) {
                    let kind = action.event_kind();
                    let verdict = decide(&st, &who, action, today());
                    let refused_by_rules =
                        matches!(verdict, Err(DomainError::Forbidden(_) | DomainError::InvalidTransition(_)));
                    // A major → general regrade by an inspector is refused for its input
                    // (the downgrade), not for the action: regrading is still offered.
                    let input_rule = kind == EventKind::Regrade && grade == Grade::Major && role == Role::Inspector;
                    if input_rule {
                        continue;
                    }
                    assert_eq!(offered.contains(&kind), !refused_by_rules, "{grade} {status} {role} {kind:?}");
                }
            }
        }
    }
    let mut outside = state(Status::Reported, Grade::General);
    outside.street_code = "elsewhere".into();
    let street_inspector = Actor { street_code: Some(STREET.into()), ..actor(Role::Inspector) };
    assert!(offered(&outside, &street_inspector).is_empty());
}

/// The whole matrix: every status × action × role × grade gets the expected verdict.
#[test]
fn every_status_action_role_combination() {
    for grade in Grade::ALL {
        for status in Status::ALL {
            for action in valid_actions(grade) {
                for role in Role::ALL {
                    let result = decide(&state(status, grade), &actor(role), action.clone(), today());
                    let role_ok = action.allowed_roles().contains(&role);
                    let status_ok = action.allowed_from().contains(&status);
                    let major_rules_ok = match (&action, grade) {
                        (Action::CloseOnSite { .. }, Grade::Major) => false,
                        (Action::Approve { .. } | Action::Reject { .. }, Grade::Major) => role == Role::Supervisor,
                        (Action::Regrade { .. }, Grade::Major) => role == Role::Supervisor,
                        _ => true,
                    };
                    let label = format!("{grade} {status} {:?} {role}", action.event_kind());
                    match result {
                        Ok(d) => {
                            assert!(role_ok && status_ok && major_rules_ok, "accepted: {label}");
                            assert_eq!(d.event, action.event_kind());
                        }
                        Err(DomainError::Forbidden(_)) => {
                            assert!(!role_ok || (status_ok && !major_rules_ok), "forbidden: {label}")
                        }
                        Err(DomainError::InvalidTransition(_)) => {
                            assert!(role_ok && (!status_ok || !major_rules_ok), "invalid: {label}")
                        }
                        Err(other) => panic!("{label}: unexpected {other:?}"),
                    }
                }
            }
        }
    }
}

#[test]
fn transitions_land_in_the_documented_status() {
    let s = actor(Role::Supervisor);
    let expect = [
        (Status::Reported, 0, Status::Rectifying),
        (Status::Rectifying, 1, Status::PendingReview),
        (Status::PendingReview, 2, Status::Closed),
        (Status::PendingReview, 3, Status::Rectifying),
        (Status::Reported, 4, Status::Closed),
        (Status::Rectifying, 5, Status::Invalid),
        (Status::Rectifying, 7, Status::Rectifying),
        (Status::Closed, 8, Status::Rectifying),
    ];
    for (from, idx, to) in expect {
        let action = valid_actions(Grade::General)[idx].clone();
        let d = decide(&state(from, Grade::General), &s, action, today()).unwrap();
        assert_eq!(d.next.status, to, "{from} #{idx}");
    }
}
