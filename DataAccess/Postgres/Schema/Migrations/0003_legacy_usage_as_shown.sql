-- Migrated legacy usage reads exactly as the relay shows it, bucket by bucket, also where the
-- relay's own buckets contradict each other.
--
-- total_tokens: the relay's total is not always the sum of the four token counts. A hash from
-- before the input/output split shows tokens as its total and splits it into round(30 %) input
-- and round(70 %) output, which can add up to one more; a hash with allTokens shows that.
--
-- Residual rows have a granularity, and a query of one granularity reads the rows of that
-- granularity and finer (the views now say which): a day or month residual never lands in an
-- hour or day the relay shows otherwise. Residuals may therefore be negative, where a bucket
-- holds less than the finer buckets inside it (a month mixing old and new counters, each day
-- split and rounded on its own): every bucket still adds up to the relay's value.
--
-- part: what a key (or account) bucket holds beside its per-model buckets. 'model' rows are a
-- per-model bucket; 'unattributed' rows what a key bucket holds beyond its models (usage from
-- before per-model keys), which the relay's per-model view shows under the model "unknown";
-- 'correction' rows what a bucket holds less than its models (a per-model key the key bucket
-- never counted, such as an un-normalized Bedrock model id). Corrections count in totals but
-- in no per-model breakdown, as the relay's per-model view shows each model's own bucket.

ALTER TABLE legacy_usage_buckets ADD COLUMN total_tokens bigint;
UPDATE legacy_usage_buckets SET total_tokens = input_tokens + output_tokens + cache_create_tokens + cache_read_tokens;
ALTER TABLE legacy_usage_buckets ALTER COLUMN total_tokens SET NOT NULL, ALTER COLUMN total_tokens SET DEFAULT 0;

ALTER TABLE legacy_usage_lifetime ADD COLUMN total_tokens bigint;
UPDATE legacy_usage_lifetime SET total_tokens = input_tokens + output_tokens + cache_create_tokens + cache_read_tokens;
ALTER TABLE legacy_usage_lifetime ALTER COLUMN total_tokens SET NOT NULL, ALTER COLUMN total_tokens SET DEFAULT 0;

ALTER TABLE legacy_usage_totals_key ADD COLUMN total_tokens bigint;
UPDATE legacy_usage_totals_key SET total_tokens = input_tokens + output_tokens + cache_create_tokens + cache_read_tokens;
ALTER TABLE legacy_usage_totals_key ALTER COLUMN total_tokens SET NOT NULL, ALTER COLUMN total_tokens SET DEFAULT 0;

ALTER TABLE legacy_usage_totals_account ADD COLUMN total_tokens bigint;
UPDATE legacy_usage_totals_account SET total_tokens = input_tokens + output_tokens + cache_create_tokens + cache_read_tokens;
ALTER TABLE legacy_usage_totals_account ALTER COLUMN total_tokens SET NOT NULL, ALTER COLUMN total_tokens SET DEFAULT 0;

-- Residuals computed before this migration split differently: the next backfill run, which
-- recomputes them all, replaces them.
ALTER TABLE legacy_usage_key_model ADD COLUMN total_tokens bigint;
UPDATE legacy_usage_key_model SET total_tokens = input_tokens + output_tokens + cache_create_tokens + cache_read_tokens;
ALTER TABLE legacy_usage_key_model ALTER COLUMN total_tokens SET NOT NULL, ALTER COLUMN total_tokens SET DEFAULT 0;
ALTER TABLE legacy_usage_key_model ADD COLUMN part text NOT NULL DEFAULT 'model' CHECK (part IN ('model', 'unattributed', 'correction'));
ALTER TABLE legacy_usage_key_model DROP CONSTRAINT legacy_usage_key_model_pkey;
ALTER TABLE legacy_usage_key_model ADD PRIMARY KEY (api_key_id, bucket_start, granularity, model, part);

ALTER TABLE legacy_usage_account_model ADD COLUMN total_tokens bigint;
UPDATE legacy_usage_account_model SET total_tokens = input_tokens + output_tokens + cache_create_tokens + cache_read_tokens;
ALTER TABLE legacy_usage_account_model ALTER COLUMN total_tokens SET NOT NULL, ALTER COLUMN total_tokens SET DEFAULT 0;
ALTER TABLE legacy_usage_account_model ADD COLUMN part text NOT NULL DEFAULT 'model' CHECK (part IN ('model', 'unattributed', 'correction'));
ALTER TABLE legacy_usage_account_model DROP CONSTRAINT legacy_usage_account_model_pkey;
ALTER TABLE legacy_usage_account_model ADD PRIMARY KEY (account_id, bucket_start, granularity, model, part);

DROP VIEW usage_key_model_all, usage_account_model_all, usage_totals_key_all, usage_totals_account_all;

-- What usage queries read: native hourly rollups and legacy residuals together. A query of a
-- granularity reads the rows of that granularity and finer; a per-model breakdown leaves the
-- corrections out; a query of one model reads its 'model' rows, as the relay reads that
-- model's bucket. Native rows are all 'model' rows of the hour.
CREATE VIEW usage_key_model_all AS
    SELECT api_key_id, hour, 'hour'::text AS granularity, model, 'model'::text AS part,
           requests, input_tokens, output_tokens, cache_create_tokens, cache_read_tokens,
           input_tokens + output_tokens + cache_create_tokens + cache_read_tokens AS total_tokens,
           ephemeral_5m_tokens, ephemeral_1h_tokens, cost
    FROM usage_hourly_key_model
    UNION ALL
    SELECT api_key_id, bucket_start, granularity, model, part,
           requests, input_tokens, output_tokens, cache_create_tokens, cache_read_tokens, total_tokens,
           ephemeral_5m_tokens, ephemeral_1h_tokens, cost
    FROM legacy_usage_key_model;

CREATE VIEW usage_account_model_all AS
    SELECT account_id, hour, 'hour'::text AS granularity, model, 'model'::text AS part, account_type,
           requests, input_tokens, output_tokens, cache_create_tokens, cache_read_tokens,
           input_tokens + output_tokens + cache_create_tokens + cache_read_tokens AS total_tokens,
           ephemeral_5m_tokens, ephemeral_1h_tokens, cost
    FROM usage_hourly_account_model
    UNION ALL
    SELECT account_id, bucket_start, granularity, model, part, account_type,
           requests, input_tokens, output_tokens, cache_create_tokens, cache_read_tokens, total_tokens,
           0::bigint, 0::bigint, 0::numeric
    FROM legacy_usage_account_model;

CREATE VIEW usage_totals_key_all AS
    SELECT api_key_id, sum(requests)::bigint AS requests, sum(input_tokens)::bigint AS input_tokens,
           sum(output_tokens)::bigint AS output_tokens, sum(cache_create_tokens)::bigint AS cache_create_tokens,
           sum(cache_read_tokens)::bigint AS cache_read_tokens, sum(total_tokens)::bigint AS total_tokens,
           sum(ephemeral_5m_tokens)::bigint AS ephemeral_5m_tokens, sum(ephemeral_1h_tokens)::bigint AS ephemeral_1h_tokens,
           sum(cost) AS cost, min(first_used_at) AS first_used_at, max(last_used_at) AS last_used_at
    FROM (
        SELECT api_key_id, requests, input_tokens, output_tokens, cache_create_tokens, cache_read_tokens,
               input_tokens + output_tokens + cache_create_tokens + cache_read_tokens AS total_tokens,
               ephemeral_5m_tokens, ephemeral_1h_tokens, cost, first_used_at, last_used_at
        FROM usage_totals_key
        UNION ALL
        SELECT api_key_id, requests, input_tokens, output_tokens, cache_create_tokens, cache_read_tokens, total_tokens,
               ephemeral_5m_tokens, ephemeral_1h_tokens, cost, NULL, NULL
        FROM legacy_usage_totals_key
    ) totals
    GROUP BY api_key_id;

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
               0, 0, 0, NULL, NULL
        FROM legacy_usage_totals_account
    ) totals
    GROUP BY account_id;
