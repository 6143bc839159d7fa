-- Cost per model. This service, running on the legacy layout (DATABASE_TYPE=redis or dual),
-- keeps the cost of the usage it records per key and model and per account and model too,
-- under crs2:cost:key-model:{hourly|daily|monthly}:{keyId}:{model}:{label} and
-- crs2:cost:account-model:…:{accountId}:{model}:{label}. The backfill reads them as cost
-- buckets of their model (kinds key_model_cost, account_model_cost), and the residuals carry
-- that cost under its model instead of the empty one.
ALTER TABLE legacy_usage_buckets DROP CONSTRAINT legacy_usage_buckets_kind_check,
    ADD CONSTRAINT legacy_usage_buckets_kind_check CHECK (kind IN (
        'key', 'key_model', 'key_cost', 'key_model_cost', 'account', 'account_model', 'account_cost', 'account_model_cost'));
