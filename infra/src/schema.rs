//! Diesel table definitions, shared by both backends (types chosen to be portable).

diesel::table! {
    settings (key) {
        key -> Text,
        value -> Text,
    }
}

diesel::table! {
    streets (code) {
        code -> Text,
        name -> Text,
    }
}

diesel::table! {
    departments (code) {
        code -> Text,
        name -> Text,
    }
}

diesel::table! {
    sectors (code) {
        code -> Text,
        name -> Text,
    }
}

diesel::table! {
    criteria (code) {
        code -> Text,
        sector -> Text,
        text -> Text,
        source -> Text,
    }
}

diesel::table! {
    enterprises (id) {
        id -> Text,
        name -> Text,
        uscc -> Text,
        street_code -> Text,
        sector -> Text,
        address -> Text,
        risk_class -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        username -> Text,
        password_hash -> Text,
        display_name -> Text,
        role -> Text,
        street_code -> Nullable<Text>,
        department_code -> Nullable<Text>,
        enterprise_id -> Nullable<Text>,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        token_generation -> BigInt,
    }
}

diesel::table! {
    rate_buckets (bucket) {
        bucket -> Text,
        tokens -> Double,
        granted -> Bool,
        at -> Timestamp,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        user_id -> Text,
        family_id -> Text,
        token_hash -> Text,
        expires_at -> Timestamp,
        created_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_throttle (key) {
        key -> Text,
        failures -> Integer,
        window_start -> Timestamp,
        locked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    hazard_counters (year) {
        year -> Integer,
        last_seq -> BigInt,
    }
}

diesel::table! {
    hazards (id) {
        id -> Text,
        code -> Text,
        title -> Text,
        description -> Text,
        sector -> Text,
        street_code -> Text,
        address -> Text,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        grade -> Text,
        criterion_code -> Nullable<Text>,
        source -> Text,
        status -> Text,
        enterprise_id -> Nullable<Text>,
        enterprise_name -> Nullable<Text>,
        inspection_id -> Nullable<Text>,
        department_code -> Nullable<Text>,
        responsible_party -> Nullable<Text>,
        deadline -> Nullable<Date>,
        rectification_plan -> Nullable<Text>,
        reported_by -> Text,
        observed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
        version -> BigInt,
        last_submitted_by -> Nullable<Text>,
        request_hash -> Text,
        overdue_recorded_for -> Nullable<Date>,
        reminded_for -> Nullable<Date>,
        close_days -> Nullable<Integer>,
        tip_id -> Nullable<Text>,
        filed_on -> Date,
        listed -> Bool,
        enforced -> Bool,
    }
}

diesel::table! {
    hazard_month_stats (month, street_code, sector, close_days) {
        month -> Date,
        street_code -> Text,
        sector -> Text,
        close_days -> Integer,
        found -> BigInt,
        found_major -> BigInt,
        closed -> BigInt,
        major_closed -> BigInt,
        open -> BigInt,
        in_inspections -> BigInt,
        major_in_inspections -> BigInt,
        major_listed -> BigInt,
        major_enforced -> BigInt,
        self_found -> BigInt,
        self_closed -> BigInt,
    }
}

diesel::table! {
    hazard_events (id) {
        id -> BigInt,
        hazard_id -> Text,
        action -> Text,
        actor_id -> Nullable<Text>,
        actor_role -> Nullable<Text>,
        from_status -> Nullable<Text>,
        to_status -> Text,
        note -> Nullable<Text>,
        data -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(hazard_events -> hazards (hazard_id));
diesel::joinable!(criteria -> sectors (sector));

diesel::table! {
    inspections (id) {
        id -> Text,
        code -> Text,
        kind -> Text,
        enterprise_id -> Nullable<Text>,
        site_address -> Nullable<Text>,
        street_code -> Text,
        department_code -> Nullable<Text>,
        inspector_ids -> Text,
        started_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
        note -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    photos (id) {
        id -> Text,
        hazard_id -> Text,
        kind -> Text,
        sha256 -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        width -> Nullable<Integer>,
        height -> Nullable<Integer>,
        taken_at -> Nullable<Timestamp>,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        uploaded_by -> Text,
        created_at -> Timestamp,
        thumb_sha256 -> Nullable<Text>,
    }
}

diesel::table! {
    idempotency_keys (scope, key) {
        scope -> Text,
        key -> Text,
        fingerprint -> Text,
        status -> Nullable<Integer>,
        headers -> Nullable<Text>,
        body -> Nullable<Binary>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        lease_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    change_counter (id) {
        id -> Integer,
        last_seq -> BigInt,
    }
}

diesel::table! {
    hazard_changes (seq) {
        seq -> BigInt,
        hazard_id -> Text,
        street_code -> Text,
        enterprise_id -> Nullable<Text>,
        prev_street_code -> Nullable<Text>,
        prev_enterprise_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    supervisions (id) {
        id -> Text,
        hazard_id -> Text,
        level -> Text,
        department_code -> Text,
        document_number -> Text,
        deadline -> Date,
        reason -> Text,
        status -> Text,
        listed_by -> Text,
        listed_at -> Timestamp,
        lifted_by -> Nullable<Text>,
        lifted_at -> Nullable<Timestamp>,
        lift_note -> Nullable<Text>,
        overdue_recorded_for -> Nullable<Date>,
        reminded_for -> Nullable<Date>,
    }
}

diesel::table! {
    enforcement_actions (id) {
        id -> Text,
        hazard_id -> Text,
        enterprise_id -> Nullable<Text>,
        kind -> Text,
        action_date -> Date,
        department_code -> Text,
        note -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    tips (id) {
        id -> Text,
        tracking_code -> Text,
        secret_hash -> Text,
        description -> Text,
        address -> Nullable<Text>,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        sector_guess -> Nullable<Text>,
        street_code -> Nullable<Text>,
        status -> Text,
        reject_reason -> Nullable<Text>,
        hazard_id -> Nullable<Text>,
        reward_status -> Text,
        reward_amount -> Nullable<Double>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    tip_reporters (tip_id) {
        tip_id -> Text,
        name -> Nullable<Text>,
        phone -> Nullable<Text>,
    }
}

diesel::table! {
    tip_photos (id) {
        id -> Text,
        tip_id -> Text,
        sha256 -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    api_clients (id) {
        id -> Text,
        name -> Text,
        key_prefix -> Text,
        key_hash -> Text,
        previous_key_prefix -> Nullable<Text>,
        previous_key_hash -> Nullable<Text>,
        previous_valid_until -> Nullable<Timestamp>,
        scopes -> Text,
        street_code -> Nullable<Text>,
        rate_limit_per_minute -> Integer,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    webhooks (id) {
        id -> Text,
        client_id -> Text,
        url -> Text,
        event_types -> Text,
        secret -> Text,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    outbox (id) {
        id -> BigInt,
        event_id -> Text,
        event_type -> Text,
        hazard_id -> Text,
        street_code -> Text,
        data -> Nullable<Text>,
        payload -> Nullable<Text>,
        fanned_out -> Bool,
        created_at -> Timestamp,
        hazard_snapshot -> Nullable<Text>,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        webhook_id -> Text,
        outbox_id -> BigInt,
        hazard_id -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        last_status_code -> Nullable<Integer>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        delivered_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(webhook_deliveries -> outbox (outbox_id));
diesel::joinable!(webhook_deliveries -> webhooks (webhook_id));
diesel::joinable!(supervisions -> hazards (hazard_id));
diesel::joinable!(enforcement_actions -> hazards (hazard_id));
diesel::joinable!(photos -> hazards (hazard_id));
diesel::joinable!(hazard_changes -> hazards (hazard_id));

diesel::allow_tables_to_appear_in_same_query!(
    settings,
    streets,
    departments,
    sectors,
    criteria,
    enterprises,
    users,
    refresh_tokens,
    login_throttle,
    hazard_counters,
    hazards,
    hazard_events,
    hazard_month_stats,
    inspections,
    photos,
    idempotency_keys,
    change_counter,
    hazard_changes,
    supervisions,
    enforcement_actions,
    tips,
    tip_reporters,
    tip_photos,
    api_clients,
    webhooks,
    outbox,
    webhook_deliveries,
    rate_buckets,
);
