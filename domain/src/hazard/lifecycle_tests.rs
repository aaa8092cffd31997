//! Exhaustive and property tests of the lifecycle rules.

use super::*;
use crate::hazard::HazardCase;
use proptest::prelude::*;
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

#[test]
fn reviewer_is_never_the_submitter() {
    let inspector = actor(Role::Inspector);
    let submitted = decide(
        &state(Status::Rectifying, Grade::General),
        &inspector,
        Action::Submit { note: "done".into(), rectification_plan: None },
        today(),
    )
    .unwrap()
    .next;
    assert_eq!(submitted.last_submitted_by, Some(inspector.user_id));
    let err = decide(&submitted, &inspector, Action::Approve { note: None }, today()).unwrap_err();
    assert!(matches!(err, DomainError::Forbidden(_)));
    let err =
        decide(&submitted, &inspector, Action::Reject { reason: "x".into(), deadline: None }, today()).unwrap_err();
    assert!(matches!(err, DomainError::Forbidden(_)));
    let other = Actor { user_id: Uuid::from_u128(999), ..inspector };
    assert_eq!(
        decide(&submitted, &other, Action::Approve { note: None }, today()).unwrap().next.status,
        Status::Closed
    );
}

#[test]
fn major_submit_needs_a_complete_plan() {
    let mut s = state(Status::Rectifying, Grade::Major);
    s.plan = Some(RectificationPlan { funds: None, ..complete_plan() });
    let submit = |plan| Action::Submit { note: "done".into(), rectification_plan: plan };
    let err = decide(&s, &actor(Role::Enterprise), submit(None), today()).unwrap_err();
    assert_eq!(err, DomainError::PlanIncomplete(vec!["funds"]));
    s.plan = None;
    let err = decide(&s, &actor(Role::Enterprise), submit(None), today()).unwrap_err();
    assert!(matches!(err, DomainError::PlanIncomplete(m) if m.len() == 5));
    let ok = decide(&s, &actor(Role::Enterprise), submit(Some(complete_plan())), today()).unwrap();
    assert_eq!(ok.next.plan, Some(complete_plan()));
    assert_eq!(ok.next.status, Status::PendingReview);
}

#[test]
fn evidence_photos_are_required_to_submit_and_close_on_site() {
    let mut s = state(Status::Rectifying, Grade::General);
    s.after_photos = 0;
    let submit = Action::Submit { note: "done".into(), rectification_plan: None };
    assert!(matches!(decide(&s, &actor(Role::Inspector), submit, today()), Err(DomainError::PhotoRequired(_))));
    s.status = Status::Reported;
    let close = Action::CloseOnSite { note: "fixed".into() };
    assert!(matches!(decide(&s, &actor(Role::Inspector), close.clone(), today()), Err(DomainError::PhotoRequired(_))));
    s.after_photos = 2;
    assert!(decide(&s, &actor(Role::Inspector), close, today()).is_ok());
}

#[test]
fn bad_input_names_the_field() {
    let s = state(Status::Reported, Grade::General);
    let err = decide(
        &s,
        &actor(Role::Inspector),
        Action::Assign {
            department_code: "fire_rescue".into(),
            responsible_party: " ".into(),
            deadline: NaiveDate::from_ymd_opt(2025, 5, 9).unwrap(),
            rectification_plan: None,
        },
        today(),
    )
    .unwrap_err();
    let DomainError::Validation(fields) = err else { panic!("expected validation") };
    let names: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(names, ["responsible_party", "deadline"]);
}

#[test]
fn extension_must_be_later_and_reasoned() {
    let s = state(Status::Rectifying, Grade::General);
    let sup = actor(Role::Supervisor);
    let same = Action::Extend { deadline: s.deadline.unwrap(), reason: "x".into() };
    assert!(matches!(decide(&s, &sup, same, today()), Err(DomainError::Validation(f)) if f[0].field == "deadline"));
    let blank = Action::Extend { deadline: NaiveDate::from_ymd_opt(2025, 9, 1).unwrap(), reason: "".into() };
    assert!(matches!(decide(&s, &sup, blank, today()), Err(DomainError::Validation(f)) if f[0].field == "reason"));
}

#[test]
fn regrade_rules() {
    let sup = actor(Role::Supervisor);
    let general = state(Status::Reported, Grade::General);
    let no_basis = Action::Regrade { grade: Grade::Major, criterion: None, reason: None };
    assert!(
        matches!(decide(&general, &sup, no_basis, today()), Err(DomainError::Validation(f)) if f[0].field == "criterion_code")
    );
    let wrong_sector = Action::Regrade {
        grade: Grade::Major,
        criterion: Some(CriterionRef { code: "GAS-01".into(), sector: "gas".into() }),
        reason: None,
    };
    assert!(matches!(decide(&general, &sup, wrong_sector, today()), Err(DomainError::Validation(_))));
    let major = state(Status::Rectifying, Grade::Major);
    let no_reason = Action::Regrade { grade: Grade::General, criterion: None, reason: None };
    assert!(
        matches!(decide(&major, &sup, no_reason, today()), Err(DomainError::Validation(f)) if f[0].field == "reason")
    );
    let down = Action::Regrade { grade: Grade::General, criterion: None, reason: Some("误判".into()) };
    let d = decide(&major, &sup, down, today()).unwrap();
    assert_eq!((d.next.grade, d.next.criterion_code, d.next.status), (Grade::General, None, Status::Rectifying));
}

#[test]
fn street_accounts_cannot_act_elsewhere() {
    let mut a = actor(Role::Supervisor);
    a.street_code = Some("hongqiao".into());
    let err =
        decide(&state(Status::Rectifying, Grade::General), &a, Action::Invalidate { reason: "x".into() }, today());
    assert!(matches!(err, Err(DomainError::Forbidden(_))));
}

fn arb_role() -> impl Strategy<Value = Role> {
    prop::sample::select(Role::ALL.to_vec())
}

fn arb_action() -> impl Strategy<Value = Action> {
    let date = (0i64..60).prop_map(|d| today() + chrono::Duration::days(d - 5));
    let plan = prop::option::of(Just(complete_plan()));
    prop_oneof![
        (date.clone(), plan.clone()).prop_map(|(deadline, p)| Action::Assign {
            department_code: "emergency".into(),
            responsible_party: "甲公司".into(),
            deadline,
            rectification_plan: p,
        }),
        plan.prop_map(|p| Action::Submit { note: "done".into(), rectification_plan: p }),
        Just(Action::Approve { note: None }),
        prop::option::of(date.clone()).prop_map(|d| Action::Reject { reason: "no".into(), deadline: d }),
        Just(Action::CloseOnSite { note: "fixed".into() }),
        Just(Action::Invalidate { reason: "dup".into() }),
        prop::bool::ANY.prop_map(|major| if major {
            Action::Regrade {
                grade: Grade::Major,
                criterion: Some(CriterionRef { code: "FIRE-03".into(), sector: "fire".into() }),
                reason: None,
            }
        } else {
            Action::Regrade { grade: Grade::General, criterion: None, reason: Some("r".into()) }
        }),
        date.clone().prop_map(|d| Action::Extend { deadline: d, reason: "more time".into() }),
        prop::option::of(date).prop_map(|d| Action::Reopen { reason: "back".into(), deadline: d }),
    ]
}

proptest! {
    /// Random action sequences by random actors never break the invariants. The case owns
    /// its state and timeline, so a refused action that left a trace, an accepted one that
    /// recorded nothing (or twice, or a no-op), or a broken from→to chain all fail here.
    #[test]
    fn random_sequences_keep_invariants(
        start_major in prop::bool::ANY,
        steps in prop::collection::vec((arb_role(), 0u128..3, arb_action()), 1..60),
    ) {
        let grade = if start_major { Grade::Major } else { Grade::General };
        let mut s = state(Status::Reported, grade);
        s.plan = None;
        s.deadline = None;
        let mut case = HazardCase::new(s);
        let mut accepted = 0usize;
        for (role, who, action) in steps {
            let mut a = actor(role);
            a.user_id = Uuid::from_u128(who);
            let kind = action.event_kind();
            let before = case.clone();
            match case.act(&a, action, today()) {
                Ok(entry) => {
                    accepted += 1;
                    let b = before.state();
                    // Exactly one entry, the one returned, describing this step.
                    prop_assert_eq!(case.timeline().len(), before.timeline().len() + 1);
                    prop_assert_eq!(case.timeline().last(), Some(&entry));
                    prop_assert_eq!(&case.timeline()[..before.timeline().len()], before.timeline());
                    prop_assert_eq!(entry.event, kind);
                    prop_assert_eq!(entry.actor_id, a.user_id);
                    prop_assert_eq!((entry.from, entry.to), (b.status, case.state().status));
                    // An accepted action always changes something: no empty events.
                    prop_assert_ne!(case.state(), b);
                    // Closing a major hazard on site is never accepted.
                    if entry.event == EventKind::CloseOnSite {
                        prop_assert_eq!(b.grade, Grade::General);
                    }
                    // Reviews are by someone else, and major reviews by a supervisor.
                    if matches!(entry.event, EventKind::Approve | EventKind::Reject) {
                        prop_assert_ne!(b.last_submitted_by, Some(a.user_id));
                        if b.grade == Grade::Major {
                            prop_assert_eq!(a.role, Role::Supervisor);
                        }
                    }
                }
                // A refused action leaves the state and the timeline exactly as they were.
                Err(_) => prop_assert_eq!(&case, &before),
            }
            let s = case.state();
            // A closed hazard got there through a passed review or an on-site fix.
            if s.status == Status::Closed {
                let last = case.timeline().last().map(|e| e.event);
                prop_assert!(matches!(last, Some(EventKind::Approve | EventKind::CloseOnSite)));
            }
            // Under rectification there is always a deadline.
            if s.status == Status::Rectifying {
                prop_assert!(s.deadline.is_some());
            }
            // A major hazard always cites its basis; a closed major hazard has its plan.
            if s.grade == Grade::Major {
                prop_assert!(s.criterion_code.is_some());
                if s.status == Status::Closed {
                    prop_assert!(s.plan.as_ref().is_some_and(RectificationPlan::is_complete));
                }
            }
        }
        // The timeline is one chain: every entry starts where the previous one ended.
        let t = case.timeline();
        prop_assert_eq!(t.len(), accepted);
        prop_assert_eq!(t.first().map_or(Status::Reported, |e| e.from), Status::Reported);
        for pair in t.windows(2) {
            prop_assert_eq!(pair[0].to, pair[1].from);
        }
        prop_assert_eq!(t.last().map_or(Status::Reported, |e| e.to), case.state().status);
    }
}
