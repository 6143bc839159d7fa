-- The relay's data, designed for PostgreSQL: entities in tables of their own, usage as an
-- append-only event log partitioned by month plus hourly rollups that every query reads.

CREATE TABLE api_keys (
    id                         uuid PRIMARY KEY,
    name                       text NOT NULL,
    description                text NOT NULL DEFAULT '',
    -- SHA-256 hex of the plain key followed by the encryption key (the legacy recipe).
    key_hash                   text NOT NULL,
    token_limit                bigint NOT NULL DEFAULT 0 CHECK (token_limit >= 0),
    concurrency_limit          integer NOT NULL DEFAULT 0 CHECK (concurrency_limit >= 0),
    rate_limit_window_minutes  integer NOT NULL DEFAULT 0 CHECK (rate_limit_window_minutes >= 0),
    rate_limit_requests        integer NOT NULL DEFAULT 0 CHECK (rate_limit_requests >= 0),
    daily_cost_limit           numeric(20, 10) NOT NULL DEFAULT 0 CHECK (daily_cost_limit >= 0),
    permissions                text NOT NULL DEFAULT 'all',
    enable_model_restriction   boolean NOT NULL DEFAULT false,
    restricted_models          text[] NOT NULL DEFAULT '{}',
    enable_client_restriction  boolean NOT NULL DEFAULT false,
    allowed_clients            text[] NOT NULL DEFAULT '{}',
    tags                       text[] NOT NULL DEFAULT '{}',
    -- An account id, or "group:{groupId}".
    claude_account_id          text,
    claude_console_account_id  text,
    gemini_account_id          text,
    openai_account_id          text,
    bedrock_account_id         text,
    is_active                  boolean NOT NULL DEFAULT true,
    created_by                 text NOT NULL DEFAULT 'admin',
    user_id                    text,
    user_username              text,
    created_at                 timestamptz NOT NULL DEFAULT now(),
    updated_at                 timestamptz,
    last_used_at               timestamptz,
    expires_at                 timestamptz,
    is_deleted                 boolean NOT NULL DEFAULT false,
    deleted_at                 timestamptz,
    deleted_by                 text,
    deleted_by_type            text,
    -- Fields of migrated keys that have no column of their own, kept so nothing is lost.
    extra                      jsonb NOT NULL DEFAULT '{}'
);

CREATE UNIQUE INDEX api_keys_key_hash ON api_keys (key_hash);
CREATE INDEX api_keys_created_at ON api_keys (created_at);
CREATE INDEX api_keys_tags ON api_keys USING gin (tags);

-- Hashes a key answered to before it was regenerated; they are refused, not forgotten.
CREATE TABLE retired_api_key_hashes (
    key_hash    text PRIMARY KEY,
    api_key_id  uuid NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    retired_at  timestamptz NOT NULL DEFAULT now(),
    reason      text NOT NULL
);

CREATE TABLE accounts (
    id                    uuid PRIMARY KEY,
    platform              text NOT NULL CHECK (platform IN ('claude', 'claude-console', 'openai', 'gemini', 'bedrock')),
    name                  text NOT NULL,
    description           text NOT NULL DEFAULT '',
    status                text NOT NULL DEFAULT 'active',
    account_type          text NOT NULL DEFAULT 'shared',
    priority              integer NOT NULL DEFAULT 50,
    schedulable           boolean NOT NULL DEFAULT true,
    is_active             boolean NOT NULL DEFAULT true,
    -- Proxy type, host, port and user name; its password is kept with the secrets.
    proxy                 jsonb,
    -- Tokens, OAuth payload, proxy password and other secrets, encrypted (AES-256-GCM).
    secrets               bytea,
    scopes                text[] NOT NULL DEFAULT '{}',
    token_expires_at      timestamptz,
    last_used_at          timestamptz,
    last_refresh_at       timestamptz,
    rate_limited_at       timestamptz,
    rate_limit_reset_at   timestamptz,
    -- Tokens left in the upstream rate-limit window, as the upstream last reported it.
    rate_limit_remaining  bigint,
    error_message         text,
    subscription_info     jsonb,
    session_window_start  timestamptz,
    session_window_end    timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz,
    extra                 jsonb NOT NULL DEFAULT '{}'
);

CREATE INDEX accounts_available ON accounts (platform, priority, last_used_at) WHERE is_active AND schedulable;

-- One row per recorded request (or per batch of requests counted together). event_id makes
-- a replayed write (after a crash between commit and acknowledgement) a no-op.
CREATE TABLE usage_events (
    occurred_at          timestamptz NOT NULL,
    event_id             uuid NOT NULL,
    api_key_id           uuid NOT NULL,
    account_id           uuid,
    account_type         text NOT NULL,
    model                text NOT NULL,
    input_tokens         bigint NOT NULL DEFAULT 0,
    output_tokens        bigint NOT NULL DEFAULT 0,
    cache_create_tokens  bigint NOT NULL DEFAULT 0,
    cache_read_tokens    bigint NOT NULL DEFAULT 0,
    ephemeral_5m_tokens  bigint NOT NULL DEFAULT 0,
    ephemeral_1h_tokens  bigint NOT NULL DEFAULT 0,
    cost                 numeric(20, 10) NOT NULL DEFAULT 0,
    request_count        integer NOT NULL DEFAULT 1,
    PRIMARY KEY (occurred_at, event_id)
) PARTITION BY RANGE (occurred_at);

-- Creates the month's partition if it does not exist yet. Bounds are UTC months; the lock
-- keeps two writers from creating the same partition at once.
CREATE FUNCTION ensure_usage_partition(month_start timestamptz) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    first_day timestamptz := date_trunc('month', month_start AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    partition_name text := 'usage_events_' || to_char(first_day AT TIME ZONE 'UTC', 'YYYY_MM');
BEGIN
    IF to_regclass(partition_name) IS NOT NULL THEN
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('usage_events_partitions'));
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF usage_events FOR VALUES FROM (%L) TO (%L)',
                   partition_name, first_day, first_day + interval '1 month');
END $$;

-- Hourly sums that usage queries read instead of raw events. Hours are UTC; day and month
-- views in an offset time zone add up whole hours, since legacy offsets are whole hours.
-- Every usage batch updates rows of the current hour in place: free space on each page
-- (fillfactor) lets those updates stay on the page (HOT) instead of touching the index.
CREATE TABLE usage_hourly_key_model (
    api_key_id           uuid NOT NULL,
    hour                 timestamptz NOT NULL,
    model                text NOT NULL,
    requests             bigint NOT NULL DEFAULT 0,
    input_tokens         bigint NOT NULL DEFAULT 0,
    output_tokens        bigint NOT NULL DEFAULT 0,
    cache_create_tokens  bigint NOT NULL DEFAULT 0,
    cache_read_tokens    bigint NOT NULL DEFAULT 0,
    ephemeral_5m_tokens  bigint NOT NULL DEFAULT 0,
    ephemeral_1h_tokens  bigint NOT NULL DEFAULT 0,
    cost                 numeric(20, 10) NOT NULL DEFAULT 0,
    PRIMARY KEY (api_key_id, hour, model)
) WITH (fillfactor = 70);

CREATE INDEX usage_hourly_key_model_hour ON usage_hourly_key_model (hour);

CREATE TABLE usage_hourly_account_model (
    account_id           uuid NOT NULL,
    hour                 timestamptz NOT NULL,
    model                text NOT NULL,
    account_type         text NOT NULL,
    requests             bigint NOT NULL DEFAULT 0,
    input_tokens         bigint NOT NULL DEFAULT 0,
    output_tokens        bigint NOT NULL DEFAULT 0,
    cache_create_tokens  bigint NOT NULL DEFAULT 0,
    cache_read_tokens    bigint NOT NULL DEFAULT 0,
    ephemeral_5m_tokens  bigint NOT NULL DEFAULT 0,
    ephemeral_1h_tokens  bigint NOT NULL DEFAULT 0,
    cost                 numeric(20, 10) NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, hour, model)
) WITH (fillfactor = 70);

CREATE INDEX usage_hourly_account_model_hour ON usage_hourly_account_model (hour);

-- Lifetime totals. They outlive the retention of events and rollups, and migrated legacy
-- totals cover history that no bucket holds any more.
CREATE TABLE usage_totals_key (
    api_key_id           uuid PRIMARY KEY,
    requests             bigint NOT NULL DEFAULT 0,
    input_tokens         bigint NOT NULL DEFAULT 0,
    output_tokens        bigint NOT NULL DEFAULT 0,
    cache_create_tokens  bigint NOT NULL DEFAULT 0,
    cache_read_tokens    bigint NOT NULL DEFAULT 0,
    ephemeral_5m_tokens  bigint NOT NULL DEFAULT 0,
    ephemeral_1h_tokens  bigint NOT NULL DEFAULT 0,
    cost                 numeric(20, 10) NOT NULL DEFAULT 0,
    first_used_at        timestamptz,
    last_used_at         timestamptz
) WITH (fillfactor = 50);

CREATE TABLE usage_totals_account (
    account_id           uuid PRIMARY KEY,
    requests             bigint NOT NULL DEFAULT 0,
    input_tokens         bigint NOT NULL DEFAULT 0,
    output_tokens        bigint NOT NULL DEFAULT 0,
    cache_create_tokens  bigint NOT NULL DEFAULT 0,
    cache_read_tokens    bigint NOT NULL DEFAULT 0,
    ephemeral_5m_tokens  bigint NOT NULL DEFAULT 0,
    ephemeral_1h_tokens  bigint NOT NULL DEFAULT 0,
    cost                 numeric(20, 10) NOT NULL DEFAULT 0,
    first_used_at        timestamptz,
    last_used_at         timestamptz
) WITH (fillfactor = 50);

-- Only a hash of the session token is stored; the token itself is shown once.
CREATE TABLE sessions (
    token_hash   text PRIMARY KEY,
    user_id      text NOT NULL,
    user_type    text NOT NULL CHECK (user_type IN ('admin', 'user')),
    data         jsonb NOT NULL DEFAULT '{}',
    ip_address   text,
    user_agent   text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz,
    expires_at   timestamptz NOT NULL
);

CREATE INDEX sessions_expires_at ON sessions (expires_at);

-- The storage strategy chosen per data type at run time; absent rows mean the defaults.
CREATE TABLE storage_strategies (
    data_type   text PRIMARY KEY CHECK (data_type IN ('apikey', 'account', 'usage', 'session')),
    config      jsonb NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE alert_rules (
    id                uuid PRIMARY KEY,
    metric            text NOT NULL,
    threshold         double precision NOT NULL,
    operator          text NOT NULL CHECK (operator IN ('>', '<', '>=')),
    duration_seconds  integer NOT NULL CHECK (duration_seconds >= 0),
    webhook           text,
    state             text NOT NULL DEFAULT 'ok' CHECK (state IN ('ok', 'pending', 'firing')),
    condition_since   timestamptz,
    last_fired_at     timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now()
);
