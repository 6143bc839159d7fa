-- Cost per account. The legacy layout keeps cost per API key only; this service, running on
-- it (DATABASE_TYPE=redis or dual), keeps the cost of the usage it records per account too,
-- under crs2:cost:account:{hourly|daily|monthly}:{accountId}:{label} and
-- crs2:cost:account:total:{accountId}. The backfill reads them as it reads a key's cost keys
-- (kind account_cost), and the account residuals carry cost, in rows of the empty model,
-- like the key residuals. Unconstrained numeric, as the key costs.
ALTER TABLE legacy_usage_buckets DROP CONSTRAINT legacy_usage_buckets_kind_check,
    ADD CONSTRAINT legacy_usage_buckets_kind_check CHECK (kind IN ('key', 'key_model', 'key_cost', 'account', 'account_model', 'account_cost'));
ALTER TABLE legacy_usage_lifetime DROP CONSTRAINT legacy_usage_lifetime_kind_check,
    ADD CONSTRAINT legacy_usage_lifetime_kind_check CHECK (kind IN ('key', 'key_cost', 'account', 'account_cost'));

ALTER TABLE legacy_usage_account_model ADD COLUMN cost numeric NOT NULL DEFAULT 0;
ALTER TABLE legacy_usage_totals_account ADD COLUMN cost numeric NOT NULL DEFAULT 0;

DROP VIEW usage_account_model_all, usage_totals_account_all;

CREATE VIEW usage_account_model_all AS
    SELECT account_id, hour, 'hour'::text AS granularity, model, 'model'::text AS part, account_type,
           requests, input_tokens, output_tokens, cache_create_tokens, cache_read_tokens,
           input_tokens + output_tokens + cache_create_tokens + cache_read_tokens AS total_tokens,
           ephemeral_5m_tokens, ephemeral_1h_tokens, cost
    FROM usage_hourly_account_model
    UNION ALL
    SELECT account_id, bucket_start, granularity, model, part, account_type,
           requests, input_tokens, output_tokens, cache_create_tokens, cache_read_tokens, total_tokens,
           0::bigint, 0::bigint, cost
    FROM legacy_usage_account_model;

CREATE VIEW usage_totals_account_all AS
    SELECT account_id, sum(requests)::bigint AS requests, sum(input_tokens)::bigint AS input_tokens,
           sum(output_tokens)::bigint AS output_tokens, sum(cache_create_tokens)::bigint AS cache_create_tokens,
           sum(cache_read_tokens)::bigint AS cache_read_tokens, sum(total_tokens)::bigint AS total_tokens,
           sum(ephemeral_5m_tokens)::bigint AS ephemeral_5m_tokens, sum(ephemeral_1h_tokens)::bigint AS ephemeral_1h_tokens,
           sum(cost) AS cost, min(first_used_at) AS first_used_at, max(last_used_at) AS last_used_at
    FROM (
        SELECT account_id, requests, input_tokens, output_tokens, cache_create_tokens, cache_read_tokens,
               input_tokens + output_tokens + cache_create_tokens + cache_read_tokens AS total_tokens,
               ephemeral_5m_tokens, ephemeral_1h_tokens, cost, first_used_at, last_used_at
        FROM usage_totals_account
        UNION ALL
        SELECT account_id, requests, input_tokens, output_tokens, cache_create_tokens, cache_read_tokens, total_tokens,
               0, 0, cost, NULL, NULL
        FROM legacy_usage_totals_account
    ) totals
    GROUP BY account_id;
