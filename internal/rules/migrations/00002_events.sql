-- +goose Up
-- The transactional outbox of vextrus.rules.* events and the inbox of the
-- consumers that seed new tenants and drop cached programs
-- (docs/events.md).
SELECT platform.create_outbox('rules');
SELECT platform.create_inbox('rules');

-- +goose Down
SELECT platform.drop_inbox('rules');
SELECT platform.drop_outbox('rules');
