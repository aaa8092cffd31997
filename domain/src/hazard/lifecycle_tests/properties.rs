//! Random sequences of actions keep the lifecycle's invariants.

use super::*;
use proptest::prelude::*;

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
