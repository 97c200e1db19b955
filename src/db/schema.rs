//! Table definitions shared by both backends (kept in step with `migrations/`).

diesel::table! {
    regions (code) {
        code -> Text,
        name -> Text,
        level -> Text,
        category -> Nullable<Text>,
        parent_code -> Nullable<Text>,
        seat_lng -> Nullable<Double>,
        seat_lat -> Nullable<Double>,
        boundary -> Nullable<Text>,
        boundary_updated_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    outlets (id) {
        id -> Text,
        name -> Text,
        name_en -> Nullable<Text>,
        kind -> Text,
        tier -> Text,
        region_code -> Text,
        parent_id -> Nullable<Text>,
        address -> Text,
        lng -> Double,
        lat -> Double,
        phones -> Text,
        email -> Nullable<Text>,
        website -> Nullable<Text>,
        status -> Text,
        status_note -> Nullable<Text>,
        note -> Nullable<Text>,
        verified_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    outlet_revisions (outlet_id, version) {
        outlet_id -> Text,
        version -> BigInt,
        action -> Text,
        actor_key_id -> Nullable<Text>,
        changed_at -> Timestamp,
        snapshot -> Text,
    }
}

diesel::table! {
    api_keys (id) {
        id -> Text,
        key_hash -> Text,
        role -> Text,
        outlet_id -> Nullable<Text>,
        label -> Nullable<Text>,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        created_by -> Nullable<Text>,
        expires_at -> Nullable<Timestamp>,
        person_id -> Nullable<Text>,
    }
}

diesel::joinable!(outlets -> regions (region_code));
diesel::joinable!(outlet_revisions -> outlets (outlet_id));
diesel::allow_tables_to_appear_in_same_query!(regions, outlets, outlet_revisions, api_keys);

diesel::table! {
    calendar_years (year) {
        year -> Integer,
        source -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    calendar_days (day) {
        day -> Date,
        kind -> Text,
        name_zh -> Text,
        name_en -> Text,
    }
}

diesel::table! {
    matters (code) {
        code -> Text,
        name -> Text,
        category -> Text,
        document -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    matter_channels (matter_code, outlet_id) {
        matter_code -> Text,
        outlet_id -> Text,
    }
}

diesel::table! {
    outlet_hours (outlet_id) {
        outlet_id -> Text,
        schedule -> Text,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(matter_channels -> matters (matter_code));
diesel::joinable!(matter_channels -> outlets (outlet_id));
diesel::joinable!(outlet_hours -> outlets (outlet_id));
diesel::allow_tables_to_appear_in_same_query!(
    matters,
    matter_channels,
    outlets,
    outlet_hours,
    calendar_days,
    calendar_years
);

diesel::table! {
    tickets (id) {
        id -> Text,
        tracking_number -> Text,
        token_hash -> Text,
        channel -> Text,
        kind -> Text,
        category -> Text,
        subject -> Text,
        description -> Text,
        lng -> Nullable<Double>,
        lat -> Nullable<Double>,
        region_code -> Nullable<Text>,
        reporter_name -> Nullable<Text>,
        reporter_phone -> Nullable<Text>,
        reporter_email -> Nullable<Text>,
        reporter_org -> Nullable<Text>,
        anonymous -> Bool,
        attachments -> Text,
        tags -> Text,
        received_at -> Timestamp,
        state -> Text,
        outlet_id -> Nullable<Text>,
        escalated_to -> Nullable<Text>,
        merged_into -> Nullable<Text>,
        reply -> Nullable<Text>,
        satisfaction -> Nullable<Integer>,
        close_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
        erased_at -> Nullable<Timestamp>,
        agency_id -> Nullable<Text>,
    }
}

diesel::table! {
    ticket_events (id) {
        id -> Text,
        ticket_id -> Text,
        at -> Timestamp,
        recorded_at -> Timestamp,
        actor_key_id -> Nullable<Text>,
        actor_role -> Text,
        action -> Text,
        from_state -> Nullable<Text>,
        to_state -> Text,
        outlet_id -> Nullable<Text>,
        note -> Nullable<Text>,
        days -> Nullable<Integer>,
        satisfaction -> Nullable<Integer>,
        public_note -> Nullable<Text>,
    }
}

diesel::table! {
    ticket_counters (day) {
        day -> Text,
        last -> BigInt,
    }
}

diesel::table! {
    clock_rules (kind, category, timer) {
        kind -> Text,
        category -> Text,
        timer -> Text,
        days -> Integer,
        day_kind -> Text,
        source -> Text,
        confidence -> Text,
    }
}

diesel::table! {
    competence_rules (kind, category, outlet_kind) {
        kind -> Text,
        category -> Text,
        outlet_kind -> Text,
        priority -> Integer,
    }
}

diesel::table! {
    ticket_deadlines (ticket_id) {
        ticket_id -> Text,
        outlet_id -> Nullable<Text>,
        received_day -> Date,
        closed -> Bool,
        satisfaction -> Nullable<Integer>,
        timer -> Nullable<Text>,
        due -> Nullable<Date>,
        provisional -> Bool,
        due_soon_at -> Nullable<Timestamp>,
        overdue_at -> Nullable<Timestamp>,
        sweep_at -> Nullable<Timestamp>,
        handling_met -> Nullable<Bool>,
        handling_days -> Nullable<Integer>,
        stamp -> BigInt,
        backdated -> Integer,
        acceptance_met -> Nullable<Bool>,
        callback_met -> Nullable<Bool>,
        answered_on -> Nullable<Date>,
        first_contact -> Bool,
    }
}

diesel::joinable!(ticket_events -> tickets (ticket_id));
diesel::joinable!(ticket_deadlines -> tickets (ticket_id));
diesel::allow_tables_to_appear_in_same_query!(tickets, ticket_events, ticket_deadlines, outlets);

diesel::table! {
    pii_access_answers (id) {
        id -> Text,
        at -> Timestamp,
        key_id -> Text,
        role -> Text,
        purpose -> Text,
        record_kind -> Text,
        record_ids -> Text,
    }
}

diesel::table! {
    idempotency_keys (scope, key) {
        scope -> Text,
        key -> Text,
        request_hash -> Text,
        status -> Nullable<Integer>,
        body -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    directory_changes (seq) {
        seq -> BigInt,
        entity -> Text,
        entity_key -> Text,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    webhook_subscriptions (id) {
        id -> Text,
        outlet_id -> Nullable<Text>,
        url -> Text,
        secret -> Text,
        event_types -> Text,
        description -> Nullable<Text>,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        include_subject -> Bool,
    }
}

diesel::table! {
    outbox_events (id) {
        id -> Text,
        event_type -> Text,
        ticket_id -> Text,
        payload -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        event_id -> Text,
        subscription_id -> Text,
        state -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        lease_token -> Nullable<Text>,
        lease_until -> Nullable<Timestamp>,
        last_status -> Nullable<Integer>,
        last_error -> Nullable<Text>,
        delivered_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    webhook_attempts (id) {
        id -> Text,
        delivery_id -> Text,
        started_at -> Timestamp,
        duration_ms -> Integer,
        status_code -> Nullable<Integer>,
        error -> Nullable<Text>,
    }
}

diesel::joinable!(webhook_deliveries -> outbox_events (event_id));
diesel::joinable!(webhook_deliveries -> webhook_subscriptions (subscription_id));
diesel::allow_tables_to_appear_in_same_query!(
    webhook_deliveries,
    outbox_events,
    webhook_subscriptions
);

diesel::table! {
    admin_audit (id) {
        id -> Text,
        at -> Timestamp,
        key_id -> Nullable<Text>,
        role -> Text,
        client -> Text,
        action -> Text,
        resource -> Text,
        resource_id -> Text,
        summary -> Text,
    }
}

diesel::table! {
    knowledge_entries (id) {
        id -> Text,
        content -> Text,
        status -> Text,
        region_code -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    ticket_citations (event_id, entry_id) {
        event_id -> Text,
        ticket_id -> Text,
        entry_id -> Text,
        cited_at -> Timestamp,
    }
}

diesel::table! {
    programme_people (id) {
        id -> Text,
        role -> Text,
        name -> Text,
        employer -> Text,
        phone -> Nullable<Text>,
        email -> Nullable<Text>,
        ip_degree -> Bool,
        ip_work_years -> Integer,
        review_status -> Text,
        training_status -> Text,
        pool_status -> Text,
        submitted_by_region -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
        outlet_id -> Nullable<Text>,
    }
}

diesel::table! {
    service_targets (id) {
        id -> Text,
        name -> Text,
        credit_code -> Text,
        target_type -> Text,
        level -> Text,
        region_code -> Text,
        lat -> Nullable<Double>,
        lng -> Nullable<Double>,
        recruited_by_region -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    programme_assignments (id) {
        id -> Text,
        person_id -> Text,
        target_id -> Nullable<Text>,
        region_code -> Nullable<Text>,
        cycle_start -> Date,
        cycle_end -> Date,
        ended_on -> Nullable<Date>,
        end_reason -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    programme_visits (id) {
        id -> Text,
        person_id -> Text,
        target_id -> Nullable<Text>,
        region_code -> Nullable<Text>,
        mode -> Text,
        visited_on -> Date,
        duration_minutes -> Integer,
        tasks -> Text,
        notes -> Text,
        attachments -> Text,
        created_at -> Timestamp,
        created_by -> Text,
    }
}

diesel::allow_tables_to_appear_in_same_query!(programme_people, programme_visits);

diesel::table! {
    visit_follow_ups (id) {
        id -> Text,
        visit_id -> Text,
        person_id -> Text,
        description -> Text,
        due_on -> Date,
        done_on -> Nullable<Date>,
    }
}

diesel::table! {
    programme_evaluations (id) {
        id -> Text,
        person_id -> Text,
        period_start -> Date,
        period_end -> Date,
        grade -> Text,
        comments -> Text,
        evaluator -> Text,
        evaluated_on -> Date,
        created_at -> Timestamp,
    }
}

diesel::table! {
    ticket_handovers (id) {
        id -> Text,
        ticket_id -> Text,
        person_id -> Text,
        target_id -> Text,
        note -> Text,
        handed_at -> Timestamp,
        handed_by -> Text,
    }
}

diesel::table! {
    region_sets (code) {
        code -> Text,
        name -> Text,
        name_en -> Nullable<Text>,
    }
}

diesel::table! {
    region_set_members (set_code, region_code) {
        set_code -> Text,
        region_code -> Text,
    }
}

diesel::table! {
    work_plans (id) {
        id -> Text,
        year -> Integer,
        title -> Text,
        issuing_body -> Text,
        demonstration -> Bool,
        source -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    plan_tasks (id) {
        id -> Text,
        plan_id -> Text,
        seq -> Integer,
        measure -> Text,
        goal -> Text,
        content -> Text,
        lead_unit -> Text,
        supporting_units -> Text,
    }
}

diesel::table! {
    plan_milestones (id) {
        id -> Text,
        task_id -> Text,
        plan_id -> Text,
        seq -> Integer,
        description -> Text,
        due -> Text,
        due_on -> Date,
        status -> Text,
        done_on -> Nullable<Date>,
    }
}

diesel::table! {
    plan_progress_notes (id) {
        id -> Text,
        milestone_id -> Text,
        noted_on -> Date,
        status -> Text,
        note -> Text,
        created_at -> Timestamp,
        created_by -> Text,
    }
}

diesel::table! {
    outreach_campaigns (id) {
        id -> Text,
        name -> Text,
        region_code -> Text,
        starts_on -> Date,
        ends_on -> Date,
        content -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    outreach_events (id) {
        id -> Text,
        campaign_id -> Nullable<Text>,
        event_type -> Text,
        region_code -> Text,
        city_code -> Text,
        organiser_outlet_id -> Nullable<Text>,
        status -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        lat -> Nullable<Double>,
        lng -> Nullable<Double>,
        content -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    event_outcomes (event_id) {
        event_id -> Text,
        content -> Text,
        pledge_amount_yuan -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    agencies (id) {
        id -> Text,
        name -> Text,
        credit_code -> Text,
        region_code -> Text,
        status -> Text,
        lat -> Nullable<Double>,
        lng -> Nullable<Double>,
        content -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    agency_records (id) {
        id -> Text,
        agency_id -> Text,
        record_kind -> Text,
        content -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}
