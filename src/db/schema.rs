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
