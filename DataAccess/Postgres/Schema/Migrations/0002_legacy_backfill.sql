-- What a backfill from a legacy claude-relay-service Redis writes, and the views through which
-- usage queries see migrated history next to the rows this service records itself.
--
-- Legacy usage counters are kept twice: as read (legacy_usage_buckets, legacy_usage_lifetime:
-- one row per Redis key, absolute values) and as residuals (legacy_usage_*_model,
-- legacy_usage_totals_*), which the backfill computes from the first so that every request is
-- counted once: an hourly bucket as it is, a daily bucket minus the hourly rows inside it, a
-- monthly bucket minus the daily and hourly rows inside it, each minus what this service
-- recorded natively in the same bucket (during a dual-write phase both systems count the same
-- requests). Native rows plus residual rows therefore add up to the Redis value of every bucket.

-- Legacy usage keys name models after this normalization (layout §3); native rows carry the
-- raw model name. Used to match the two when native usage is subtracted.
CREATE FUNCTION legacy_normalize_model(model text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN model IS NULL OR model = '' OR model = 'unknown' THEN model
        WHEN strpos(model, '.anthropic.') > 0 OR strpos(model, '.claude') > 0 THEN
            regexp_replace(regexp_replace(regexp_replace(model, '^[a-z0-9-]+\.', ''), 'anthropic\.', ''), '-v[0-9]+:[0-9]+$', '')
        WHEN model ~ '-v[0-9]+:[0-9]+$' THEN regexp_replace(model, '-v[0-9]+:[0-9]+$', '')
        ELSE regexp_replace(model, ':latest$', '')
    END
$$;

-- The UTC start of the legacy hour, day or month bucket (layout §2) that holds an instant, for
-- a whole-hour offset.
CREATE FUNCTION legacy_bucket_start(instant timestamptz, granularity text, offset_hours integer) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE granularity
        WHEN 'hour' THEN date_trunc('hour', instant AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
        ELSE (date_trunc(granularity, (instant AT TIME ZONE 'UTC') + make_interval(hours => offset_hours))
              - make_interval(hours => offset_hours)) AT TIME ZONE 'UTC'
    END
$$;

-- One row per backfill run: where its SCAN has got to (committed together with the rows of
-- each page, so a run that was stopped continues from its last committed page), its phase,
-- and the report so far.
CREATE TABLE legacy_backfill_runs (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    finished_at   timestamptz,
    phase         text NOT NULL CHECK (phase IN ('scan', 'residuals', 'verify', 'done')),
    scan_cursor   bigint NOT NULL DEFAULT 0,
    pages         bigint NOT NULL DEFAULT 0,
    offset_hours  integer NOT NULL,
    report        jsonb NOT NULL DEFAULT '{}'
);

-- Legacy usage buckets as read, one row per Redis key. kind: key (usage:{daily|monthly|hourly}:
-- {keyId}:…), key_model (usage:{keyId}:model:…), key_cost (usage:cost:…), account
-- (account_usage:{daily|…}:…), account_model (account_usage:model:…). model is '' unless the
-- key names one. bucket is the name's date, hour or month in the offset that produced it;
-- bucket_start is that bucket's UTC start. raw holds the stored value when the columns do not
-- reproduce it exactly (hashes without the input/output split, unknown fields, junk numbers).
-- The key's text columns compare bytewise ("C"): they are identifiers, and a backfill inserts
-- a row per legacy key into this index.
CREATE TABLE legacy_usage_buckets (
    owner_id             uuid NOT NULL,
    kind                 text COLLATE "C" NOT NULL CHECK (kind IN ('key', 'key_model', 'key_cost', 'account', 'account_model')),
    bucket_start         timestamptz NOT NULL,
    granularity          text COLLATE "C" NOT NULL CHECK (granularity IN ('hour', 'day', 'month')),
    model                text COLLATE "C" NOT NULL,
    bucket               text NOT NULL,
    offset_hours         integer NOT NULL,
    requests             bigint NOT NULL DEFAULT 0,
    input_tokens         bigint NOT NULL DEFAULT 0,
    output_tokens        bigint NOT NULL DEFAULT 0,
    cache_create_tokens  bigint NOT NULL DEFAULT 0,
    cache_read_tokens    bigint NOT NULL DEFAULT 0,
    ephemeral_5m_tokens  bigint NOT NULL DEFAULT 0,
    ephemeral_1h_tokens  bigint NOT NULL DEFAULT 0,
    cost                 numeric NOT NULL DEFAULT 0,
    raw                  jsonb,
    PRIMARY KEY (owner_id, kind, bucket_start, granularity, model)
);

-- Lifetime legacy counters as read: usage:{keyId} (key), usage:cost:total:{keyId} (key_cost),
-- account_usage:{accountId} (account).
CREATE TABLE legacy_usage_lifetime (
    owner_id             uuid NOT NULL,
    kind                 text NOT NULL CHECK (kind IN ('key', 'key_cost', 'account')),
    requests             bigint NOT NULL DEFAULT 0,
    input_tokens         bigint NOT NULL DEFAULT 0,
    output_tokens        bigint NOT NULL DEFAULT 0,
    cache_create_tokens  bigint NOT NULL DEFAULT 0,
    cache_read_tokens    bigint NOT NULL DEFAULT 0,
    ephemeral_5m_tokens  bigint NOT NULL DEFAULT 0,
    ephemeral_1h_tokens  bigint NOT NULL DEFAULT 0,
    cost                 numeric NOT NULL DEFAULT 0,
    raw                  jsonb,
    PRIMARY KEY (owner_id, kind)
);

-- Residual usage per key, bucket and model (see the top of this file). Legacy costs exist per
-- key and bucket but not per model: they are rows of their own with the empty model, so model
-- breakdowns show them as unattributed.
CREATE TABLE legacy_usage_key_model (
    api_key_id           uuid NOT NULL,
    bucket_start         timestamptz NOT NULL,
    granularity          text NOT NULL CHECK (granularity IN ('hour', 'day', 'month')),
    model                text NOT NULL,
    requests             bigint NOT NULL DEFAULT 0,
    input_tokens         bigint NOT NULL DEFAULT 0,
    output_tokens        bigint NOT NULL DEFAULT 0,
    cache_create_tokens  bigint NOT NULL DEFAULT 0,
    cache_read_tokens    bigint NOT NULL DEFAULT 0,
    ephemeral_5m_tokens  bigint NOT NULL DEFAULT 0,
    ephemeral_1h_tokens  bigint NOT NULL DEFAULT 0,
    -- Unconstrained: legacy costs carry up to 17 significant digits, and rounding them would
    -- make sums drift from the Redis values.
    cost                 numeric NOT NULL DEFAULT 0,
    PRIMARY KEY (api_key_id, bucket_start, granularity, model)
);

CREATE INDEX legacy_usage_key_model_bucket_start ON legacy_usage_key_model (bucket_start);

CREATE TABLE legacy_usage_account_model (
    account_id           uuid NOT NULL,
    bucket_start         timestamptz NOT NULL,
    granularity          text NOT NULL CHECK (granularity IN ('hour', 'day', 'month')),
    model                text NOT NULL,
    -- The platform of the account (layout §5.4: legacy account usage is not typed), or
    -- 'unknown' when no migrated account has the id.
    account_type         text NOT NULL,
    requests             bigint NOT NULL DEFAULT 0,
    input_tokens         bigint NOT NULL DEFAULT 0,
    output_tokens        bigint NOT NULL DEFAULT 0,
    cache_create_tokens  bigint NOT NULL DEFAULT 0,
    cache_read_tokens    bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, bucket_start, granularity, model)
);

CREATE INDEX legacy_usage_account_model_bucket_start ON legacy_usage_account_model (bucket_start);

CREATE TABLE legacy_usage_totals_key (
    api_key_id           uuid PRIMARY KEY,
    requests             bigint NOT NULL DEFAULT 0,
    input_tokens         bigint NOT NULL DEFAULT 0,
    output_tokens        bigint NOT NULL DEFAULT 0,
    cache_create_tokens  bigint NOT NULL DEFAULT 0,
    cache_read_tokens    bigint NOT NULL DEFAULT 0,
    ephemeral_5m_tokens  bigint NOT NULL DEFAULT 0,
    ephemeral_1h_tokens  bigint NOT NULL DEFAULT 0,
    cost                 numeric NOT NULL DEFAULT 0
);

CREATE TABLE legacy_usage_totals_account (
    account_id           uuid PRIMARY KEY,
    requests             bigint NOT NULL DEFAULT 0,
    input_tokens         bigint NOT NULL DEFAULT 0,
    output_tokens        bigint NOT NULL DEFAULT 0,
    cache_create_tokens  bigint NOT NULL DEFAULT 0,
    cache_read_tokens    bigint NOT NULL DEFAULT 0
);

-- What usage queries read: native hourly rollups and legacy residuals together.
CREATE VIEW usage_key_model_all AS
    SELECT api_key_id, hour, model, requests, input_tokens, output_tokens, cache_create_tokens, cache_read_tokens,
           ephemeral_5m_tokens, ephemeral_1h_tokens, cost
    FROM usage_hourly_key_model
    UNION ALL
    SELECT api_key_id, bucket_start, model, requests, input_tokens, output_tokens, cache_create_tokens, cache_read_tokens,
           ephemeral_5m_tokens, ephemeral_1h_tokens, cost
    FROM legacy_usage_key_model;

CREATE VIEW usage_account_model_all AS
    SELECT account_id, hour, model, account_type, requests, input_tokens, output_tokens, cache_create_tokens, cache_read_tokens,
           ephemeral_5m_tokens, ephemeral_1h_tokens, cost
    FROM usage_hourly_account_model
    UNION ALL
    SELECT account_id, bucket_start, model, account_type, requests, input_tokens, output_tokens, cache_create_tokens, cache_read_tokens,
           0::bigint, 0::bigint, 0::numeric
    FROM legacy_usage_account_model;

CREATE VIEW usage_totals_key_all AS
    SELECT api_key_id, sum(requests)::bigint AS requests, sum(input_tokens)::bigint AS input_tokens,
           sum(output_tokens)::bigint AS output_tokens, sum(cache_create_tokens)::bigint AS cache_create_tokens,
           sum(cache_read_tokens)::bigint AS cache_read_tokens, sum(ephemeral_5m_tokens)::bigint AS ephemeral_5m_tokens,
           sum(ephemeral_1h_tokens)::bigint AS ephemeral_1h_tokens, sum(cost) AS cost,
           min(first_used_at) AS first_used_at, max(last_used_at) AS last_used_at
    FROM (
        SELECT api_key_id, requests, input_tokens, output_tokens, cache_create_tokens, cache_read_tokens,
               ephemeral_5m_tokens, ephemeral_1h_tokens, cost, first_used_at, last_used_at
        FROM usage_totals_key
        UNION ALL
        SELECT api_key_id, requests, input_tokens, output_tokens, cache_create_tokens, cache_read_tokens,
               ephemeral_5m_tokens, ephemeral_1h_tokens, cost, NULL, NULL
        FROM legacy_usage_totals_key
    ) totals
    GROUP BY api_key_id;

CREATE VIEW usage_totals_account_all AS
    SELECT account_id, sum(requests)::bigint AS requests, sum(input_tokens)::bigint AS input_tokens,
           sum(output_tokens)::bigint AS output_tokens, sum(cache_create_tokens)::bigint AS cache_create_tokens,
           sum(cache_read_tokens)::bigint AS cache_read_tokens, sum(ephemeral_5m_tokens)::bigint AS ephemeral_5m_tokens,
           sum(ephemeral_1h_tokens)::bigint AS ephemeral_1h_tokens, sum(cost) AS cost,
           min(first_used_at) AS first_used_at, max(last_used_at) AS last_used_at
    FROM (
        SELECT account_id, requests, input_tokens, output_tokens, cache_create_tokens, cache_read_tokens,
               ephemeral_5m_tokens, ephemeral_1h_tokens, cost, first_used_at, last_used_at
        FROM usage_totals_account
        UNION ALL
        SELECT account_id, requests, input_tokens, output_tokens, cache_create_tokens, cache_read_tokens,
               0, 0, 0, NULL, NULL
        FROM legacy_usage_totals_account
    ) totals
    GROUP BY account_id;

-- apikey:hash_map as read (layout §5.1): entries whose hash is not the key's own become
-- retired_api_key_hashes. run_id tells entries the latest run saw from ones since removed.
CREATE TABLE legacy_api_key_hash_map (
    key_hash    text PRIMARY KEY,
    api_key_id  text NOT NULL,
    run_id      bigint NOT NULL
);

-- Account groups (layout §5.9); an API key is bound to one by "group:{id}" in an account field.
CREATE TABLE account_groups (
    id           uuid PRIMARY KEY,
    name         text NOT NULL,
    platform     text NOT NULL,
    description  text NOT NULL DEFAULT '',
    created_at   timestamptz,
    updated_at   timestamptz,
    extra        jsonb NOT NULL DEFAULT '{}'
);

-- Members may name accounts that no longer exist: the legacy relay never removed them.
CREATE TABLE account_group_members (
    group_id    uuid NOT NULL,
    account_id  uuid NOT NULL,
    PRIMARY KEY (group_id, account_id)
);

-- Web users of the legacy relay (user:{id}); data is the whole stored document.
CREATE TABLE users (
    id             text PRIMARY KEY,
    username       text NOT NULL,
    email          text,
    display_name   text,
    role           text NOT NULL DEFAULT 'user',
    is_active      boolean NOT NULL DEFAULT true,
    created_at     timestamptz,
    updated_at     timestamptz,
    last_login_at  timestamptz,
    data           jsonb NOT NULL
);

CREATE INDEX users_username ON users (username);

-- OAuth flows in progress (PKCE state), kept until they expire.
CREATE TABLE oauth_sessions (
    id          text PRIMARY KEY,
    data        jsonb NOT NULL,
    expires_at  timestamptz NOT NULL
);

-- Sticky routing: which account serves a conversation. scope is the legacy key prefix
-- (unified_claude_session_mapping, sticky_session, ...); value is the stored string.
CREATE TABLE sticky_sessions (
    scope         text NOT NULL,
    session_hash  text NOT NULL,
    account_id    text NOT NULL,
    account_type  text,
    value         text NOT NULL,
    expires_at    timestamptz NOT NULL,
    PRIMARY KEY (scope, session_hash)
);

CREATE INDEX sticky_sessions_expires_at ON sticky_sessions (expires_at);

-- System-wide settings: scheduling defaults, OEM branding, the admin credentials cache.
CREATE TABLE settings (
    key         text PRIMARY KEY,
    value       jsonb NOT NULL,
    updated_at  timestamptz
);

-- Legacy keys a backfill could not migrate (a value that does not parse, a key of an
-- unexpected type), kept with the reason so nothing is silently lost.
CREATE TABLE legacy_quarantine (
    redis_key   text PRIMARY KEY,
    redis_type  text NOT NULL,
    reason      text NOT NULL,
    value       text,
    run_id      bigint NOT NULL
);
