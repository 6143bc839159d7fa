-- Every usage event id ever written, once, whatever its timestamp. usage_events is
-- partitioned by month and its key is (occurred_at, event_id), so it cannot refuse the same
-- event under another timestamp (a retry without one is stamped with its receipt time). The
-- writer claims each id here in the same transaction as the event; an id already here is a
-- repeat and is not counted. Retention deletes ids with the events they belong to.
CREATE TABLE usage_event_ids (
    event_id     uuid PRIMARY KEY,
    occurred_at  timestamptz NOT NULL
);

CREATE INDEX usage_event_ids_occurred_at ON usage_event_ids (occurred_at);

INSERT INTO usage_event_ids (event_id, occurred_at)
SELECT DISTINCT ON (event_id) event_id, occurred_at FROM usage_events ORDER BY event_id, occurred_at;
