//! The rules of single actions: reviewer and submitter, plans, evidence, input,
//! extensions, regrading and streets.

use super::*;

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
