-- +goose Up
-- Three-way match of purchase bills (docs/finance.md): finance's own copy
-- of the purchase orders and goods receipts the orders service publishes
-- (finance never calls orders), and what a bill matched against them.

-- A purchase order as orders' events told it: approved, or cancelled.
CREATE TABLE purchase_orders (
    tenant_id     uuid        NOT NULL,
    id            uuid        NOT NULL,
    number        text        NOT NULL DEFAULT '' CHECK (length(number) <= 100),
    vendor_id     uuid        NOT NULL,
    status        text        NOT NULL CHECK (status IN ('approved', 'cancelled')),
    cancel_reason text        NOT NULL DEFAULT '' CHECK (length(cancel_reason) <= 1000),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

-- A purchase order's line. Quantities are ten-thousandths of a unit
-- (finance.Quantity: "2.5" is 25000), the price poisha. accepted is what
-- goods receipts accepted so far, billed what matched bills claimed; an
-- override may bill past what was accepted, so neither bounds the other.
CREATE TABLE purchase_order_lines (
    tenant_id  uuid   NOT NULL,
    order_id   uuid   NOT NULL,
    line       integer NOT NULL CHECK (line > 0),
    product_id uuid   NOT NULL,
    ordered    bigint NOT NULL CHECK (ordered > 0),
    unit_price bigint NOT NULL CHECK (unit_price >= 0),
    accepted   bigint NOT NULL DEFAULT 0 CHECK (accepted >= 0),
    billed     bigint NOT NULL DEFAULT 0 CHECK (billed >= 0),
    PRIMARY KEY (tenant_id, order_id, line),
    FOREIGN KEY (tenant_id, order_id) REFERENCES purchase_orders (tenant_id, id)
);

-- Each goods receipt line once: a receipt redelivered (or replayed past
-- the inbox's retention) adds nothing twice. A receipt read before its
-- order's approval is kept and counted when the order arrives.
CREATE TABLE goods_receipt_lines (
    tenant_id  uuid        NOT NULL,
    receipt_id uuid        NOT NULL,
    line       integer     NOT NULL CHECK (line > 0),
    order_id   uuid        NOT NULL,
    product_id uuid        NOT NULL,
    accepted   bigint      NOT NULL CHECK (accepted >= 0),
    rejected   bigint      NOT NULL DEFAULT 0 CHECK (rejected >= 0),
    received_on date       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, receipt_id, line)
);
CREATE INDEX goods_receipt_lines_order ON goods_receipt_lines (tenant_id, order_id, line);

-- A purchase bill's order and match. match_status is '' (no match
-- asked), matched, held or overridden (released by a user); match_lines
-- are the quantities the bill added to its order's lines
-- [{line, productId, quantity}], given back when the bill goes back to
-- draft or is cancelled; match_reasons why it was held
-- [{line, orderLine, field, message}].
ALTER TABLE invoices
    ADD COLUMN purchase_order_id uuid,
    ADD COLUMN match_status   text  NOT NULL DEFAULT '' CHECK (match_status IN ('', 'matched', 'held', 'overridden')),
    ADD COLUMN match_lines    jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(match_lines) = 'array'),
    ADD COLUMN match_reasons  jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(match_reasons) = 'array'),
    ADD COLUMN released_by    text  NOT NULL DEFAULT '',
    ADD COLUMN release_reason text  NOT NULL DEFAULT '' CHECK (length(release_reason) <= 1000),
    ADD CONSTRAINT invoices_purchase_order_check CHECK (purchase_order_id IS NULL OR kind = 'purchase'),
    ADD CONSTRAINT invoices_held_check CHECK ((status = 'held') = (match_status = 'held'));
CREATE INDEX invoices_purchase_order ON invoices (tenant_id, purchase_order_id) WHERE purchase_order_id IS NOT NULL;

-- held: a bill that did not match its order waits for review; it is
-- never numbered nor journaled.
ALTER TABLE invoices DROP CONSTRAINT invoices_status_check,
    ADD CONSTRAINT invoices_status_check
        CHECK (status IN ('draft', 'held', 'submitted', 'approved', 'partially_paid', 'paid', 'cancelled')),
    DROP CONSTRAINT invoices_number_check,
    ADD CONSTRAINT invoices_number_check CHECK ((status IN ('draft', 'held', 'submitted', 'cancelled')) = (number IS NULL)),
    DROP CONSTRAINT invoices_journal_check,
    ADD CONSTRAINT invoices_journal_check CHECK ((status IN ('draft', 'held', 'submitted', 'cancelled')) = (journal_id IS NULL));

-- A sales party's open documents, for its outstanding balance.
CREATE INDEX invoices_party_open ON invoices (tenant_id, party_id, side) WHERE status IN ('approved', 'partially_paid');

ALTER TABLE purchase_orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE purchase_orders FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON purchase_orders
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
ALTER TABLE purchase_order_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE purchase_order_lines FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON purchase_order_lines
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
ALTER TABLE goods_receipt_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE goods_receipt_lines FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON goods_receipt_lines
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- +goose Down
DROP INDEX invoices_party_open;
ALTER TABLE invoices DROP CONSTRAINT invoices_journal_check,
    ADD CONSTRAINT invoices_journal_check CHECK ((status IN ('draft', 'submitted', 'cancelled')) = (journal_id IS NULL)),
    DROP CONSTRAINT invoices_number_check,
    ADD CONSTRAINT invoices_number_check CHECK ((status IN ('draft', 'submitted', 'cancelled')) = (number IS NULL)),
    DROP CONSTRAINT invoices_status_check,
    ADD CONSTRAINT invoices_status_check
        CHECK (status IN ('draft', 'submitted', 'approved', 'partially_paid', 'paid', 'cancelled'));
DROP INDEX invoices_purchase_order;
ALTER TABLE invoices DROP CONSTRAINT invoices_held_check, DROP CONSTRAINT invoices_purchase_order_check,
    DROP COLUMN release_reason, DROP COLUMN released_by, DROP COLUMN match_reasons, DROP COLUMN match_lines,
    DROP COLUMN match_status, DROP COLUMN purchase_order_id;
DROP TABLE goods_receipt_lines;
DROP TABLE purchase_order_lines;
DROP TABLE purchase_orders;
