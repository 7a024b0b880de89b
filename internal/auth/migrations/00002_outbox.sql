-- +goose Up
-- The transactional outbox of auth's events (internal/platform/events).
SELECT platform.create_outbox('auth');

-- +goose Down
SELECT platform.drop_outbox('auth');
