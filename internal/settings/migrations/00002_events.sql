-- +goose Up
-- The transactional outbox of vextrus.settings.* events and the inbox of
-- the consumer that gives new tenants their settings (docs/events.md).
SELECT platform.create_outbox('settings');
SELECT platform.create_inbox('settings');

-- +goose Down
SELECT platform.drop_inbox('settings');
SELECT platform.drop_outbox('settings');
