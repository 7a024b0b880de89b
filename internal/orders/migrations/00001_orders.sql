-- +goose Up
-- Orders: locations, purchase requisitions and orders with their goods
-- receipts, quotations and sales orders with their delivery challans, and
-- the stock those receipts and deliveries move (docs/orders.md).
--
-- Quantities are bigint ten-thousandths of the product's unit ("2.5" is
-- 25000); money is bigint poisha. Each order's life runs as one Temporal
-- workflow; these rows are what the workflow's activities and the API
-- read and change, one transaction at a time.

-- A place stock is kept: a warehouse, or a project site that receives
-- materials and consumes them.
CREATE TABLE locations (
    tenant_id   uuid        NOT NULL,
    id          uuid        NOT NULL,
    code        text        NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$'),
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind        text        NOT NULL CHECK (kind IN ('warehouse', 'project_site')),
    address     text        NOT NULL DEFAULT '' CHECK (length(address) <= 500),
    active      boolean     NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    version     integer     NOT NULL DEFAULT 1 CHECK (version > 0),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, code)
);

-- A site's or department's request for materials; a purchase order
-- fulfils it.
CREATE TABLE purchase_requisitions (
    tenant_id         uuid        NOT NULL,
    id                uuid        NOT NULL,
    number            text        NOT NULL,
    status            text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'ordered', 'cancelled')),
    location_id       uuid        NOT NULL,
    department        text        NOT NULL DEFAULT '' CHECK (length(department) <= 200),
    needed_by         date        NOT NULL,
    lines             jsonb       NOT NULL CHECK (jsonb_typeof(lines) = 'array' AND jsonb_array_length(lines) > 0),
    note              text        NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
    purchase_order_id uuid,
    requested_by      text        NOT NULL DEFAULT '',
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    version           integer     NOT NULL DEFAULT 1 CHECK (version > 0),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, number),
    FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id)
);

-- A purchase order. status follows the order's workflow:
-- draft -> submitted (approval open) -> approved (issued to the vendor)
-- -> partially_received -> received -> closed; a rejected approval
-- returns it to draft with the reason; cancelled before any receipt.
-- number is taken when the order is approved: a draft has none.
CREATE TABLE purchase_orders (
    tenant_id       uuid        NOT NULL,
    id              uuid        NOT NULL,
    number          text,
    status          text        NOT NULL DEFAULT 'draft'
                                CHECK (status IN ('draft', 'submitted', 'approved', 'partially_received', 'received', 'closed', 'cancelled')),
    vendor_id       uuid        NOT NULL,
    vendor_name     text        NOT NULL DEFAULT '' CHECK (length(vendor_name) <= 300),
    location_id     uuid        NOT NULL,
    requisition_id  uuid,
    order_date      date        NOT NULL,
    delivery_date   date        NOT NULL CHECK (delivery_date >= order_date),
    department      text        NOT NULL DEFAULT '' CHECK (length(department) <= 200),
    currency        text        NOT NULL DEFAULT 'BDT' CHECK (currency ~ '^[A-Z]{3}$'),
    amount          bigint      NOT NULL CHECK (amount >= 0),
    memo            text        NOT NULL DEFAULT '' CHECK (length(memo) <= 1000),
    approval_id     uuid,
    reason          text        NOT NULL DEFAULT '' CHECK (length(reason) <= 1000),
    created_by      text        NOT NULL DEFAULT '',
    submitted_at    timestamptz,
    approved_at     timestamptz,
    closed_at       timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         integer     NOT NULL DEFAULT 1 CHECK (version > 0),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, number),
    FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id),
    FOREIGN KEY (tenant_id, requisition_id) REFERENCES purchase_requisitions (tenant_id, id),
    CONSTRAINT purchase_orders_number_check CHECK ((status IN ('draft', 'submitted', 'cancelled')) OR number IS NOT NULL)
);
CREATE INDEX purchase_orders_list ON purchase_orders (tenant_id, created_at DESC, id DESC);
CREATE INDEX purchase_orders_vendor ON purchase_orders (tenant_id, vendor_id, created_at DESC);

-- A purchase order's lines. received and rejected grow with each goods
-- receipt; received never passes quantity.
CREATE TABLE purchase_order_lines (
    tenant_id     uuid    NOT NULL,
    order_id      uuid    NOT NULL,
    line          integer NOT NULL CHECK (line > 0),
    product_id    uuid    NOT NULL,
    product_name  text    NOT NULL DEFAULT '' CHECK (length(product_name) <= 300),
    unit          text    NOT NULL DEFAULT '' CHECK (length(unit) <= 40),
    vat_category  text    NOT NULL DEFAULT '' CHECK (length(vat_category) <= 60),
    quantity      bigint  NOT NULL CHECK (quantity > 0),
    unit_price    bigint  NOT NULL CHECK (unit_price >= 0),
    amount        bigint  NOT NULL CHECK (amount >= 0),
    received      bigint  NOT NULL DEFAULT 0,
    rejected      bigint  NOT NULL DEFAULT 0 CHECK (rejected >= 0),
    PRIMARY KEY (tenant_id, order_id, line),
    FOREIGN KEY (tenant_id, order_id) REFERENCES purchase_orders (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT purchase_order_lines_received_check CHECK (received >= 0 AND received <= quantity)
);

-- A goods receipt (GRN) against a purchase order: what arrived at the
-- location, what was accepted into stock and what was rejected.
CREATE TABLE goods_receipts (
    tenant_id    uuid        NOT NULL,
    id           uuid        NOT NULL,
    number       text        NOT NULL,
    order_id     uuid        NOT NULL,
    location_id  uuid        NOT NULL,
    received_on  date        NOT NULL,
    challan_ref  text        NOT NULL DEFAULT '' CHECK (length(challan_ref) <= 100),
    note         text        NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
    lines        jsonb       NOT NULL CHECK (jsonb_typeof(lines) = 'array' AND jsonb_array_length(lines) > 0),
    received_by  text        NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, number),
    FOREIGN KEY (tenant_id, order_id) REFERENCES purchase_orders (tenant_id, id),
    FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id)
);
CREATE INDEX goods_receipts_order ON goods_receipts (tenant_id, order_id, created_at);

-- The vendor's bills finance matched (or held) against a purchase order,
-- as finance's bill.matched / bill.held and payment events report them.
CREATE TABLE purchase_order_bills (
    tenant_id   uuid        NOT NULL,
    bill_id     uuid        NOT NULL,
    order_id    uuid        NOT NULL,
    status      text        NOT NULL CHECK (status IN ('held', 'matched', 'partially_paid', 'paid')),
    amount      bigint      NOT NULL DEFAULT 0 CHECK (amount >= 0),
    lines       jsonb       NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(lines) = 'array'),
    reasons     jsonb       NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(reasons) = 'array'),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, bill_id),
    FOREIGN KEY (tenant_id, order_id) REFERENCES purchase_orders (tenant_id, id)
);
CREATE INDEX purchase_order_bills_order ON purchase_order_bills (tenant_id, order_id);

-- A quotation or sales order. status:
-- quotation -> (confirm) credit_review (approval open) | confirmed ->
-- partially_delivered -> delivered -> closed (every delivery invoiced);
-- cancelled before the first delivery, or a quotation that expired.
-- Confirming commits the lines' quantities at the location; deliveries
-- and cancelling release them.
CREATE TABLE sales_orders (
    tenant_id       uuid        NOT NULL,
    id              uuid        NOT NULL,
    number          text,
    quote_number    text        NOT NULL,
    status          text        NOT NULL DEFAULT 'quotation'
                                CHECK (status IN ('quotation', 'credit_review', 'confirmed', 'partially_delivered', 'delivered', 'closed', 'cancelled')),
    customer_id     uuid        NOT NULL,
    customer_name   text        NOT NULL DEFAULT '' CHECK (length(customer_name) <= 300),
    location_id     uuid        NOT NULL,
    order_date      date        NOT NULL,
    valid_until     date        NOT NULL CHECK (valid_until >= order_date),
    delivery_address text       NOT NULL DEFAULT '' CHECK (length(delivery_address) <= 500),
    department      text        NOT NULL DEFAULT '' CHECK (length(department) <= 200),
    currency        text        NOT NULL DEFAULT 'BDT' CHECK (currency ~ '^[A-Z]{3}$'),
    amount          bigint      NOT NULL CHECK (amount >= 0),
    memo            text        NOT NULL DEFAULT '' CHECK (length(memo) <= 1000),
    -- credit: the credit check's decision and figures when confirmed.
    credit          jsonb,
    approval_id     uuid,
    reason          text        NOT NULL DEFAULT '' CHECK (length(reason) <= 1000),
    created_by      text        NOT NULL DEFAULT '',
    confirmed_at    timestamptz,
    closed_at       timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         integer     NOT NULL DEFAULT 1 CHECK (version > 0),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, number),
    UNIQUE (tenant_id, quote_number),
    FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id),
    CONSTRAINT sales_orders_number_check CHECK (status IN ('quotation', 'cancelled') OR number IS NOT NULL)
);
CREATE INDEX sales_orders_list ON sales_orders (tenant_id, created_at DESC, id DESC);
CREATE INDEX sales_orders_customer ON sales_orders (tenant_id, customer_id, created_at DESC);

CREATE TABLE sales_order_lines (
    tenant_id     uuid    NOT NULL,
    order_id      uuid    NOT NULL,
    line          integer NOT NULL CHECK (line > 0),
    product_id    uuid    NOT NULL,
    product_name  text    NOT NULL DEFAULT '' CHECK (length(product_name) <= 300),
    unit          text    NOT NULL DEFAULT '' CHECK (length(unit) <= 40),
    vat_category  text    NOT NULL DEFAULT '' CHECK (length(vat_category) <= 60),
    quantity      bigint  NOT NULL CHECK (quantity > 0),
    unit_price    bigint  NOT NULL CHECK (unit_price >= 0),
    amount        bigint  NOT NULL CHECK (amount >= 0),
    delivered     bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, order_id, line),
    FOREIGN KEY (tenant_id, order_id) REFERENCES sales_orders (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT sales_order_lines_delivered_check CHECK (delivered >= 0 AND delivered <= quantity)
);

-- A delivery with its challan: goods leaving the location for the
-- customer. invoice_id is the sales invoice finance made of it.
CREATE TABLE deliveries (
    tenant_id     uuid        NOT NULL,
    id            uuid        NOT NULL,
    number        text        NOT NULL,
    order_id      uuid        NOT NULL,
    location_id   uuid        NOT NULL,
    delivered_on  date        NOT NULL,
    vehicle       text        NOT NULL DEFAULT '' CHECK (length(vehicle) <= 100),
    driver        text        NOT NULL DEFAULT '' CHECK (length(driver) <= 200),
    note          text        NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
    lines         jsonb       NOT NULL CHECK (jsonb_typeof(lines) = 'array' AND jsonb_array_length(lines) > 0),
    invoice_id    uuid,
    delivered_by  text        NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, number),
    FOREIGN KEY (tenant_id, order_id) REFERENCES sales_orders (tenant_id, id),
    FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id)
);
CREATE INDEX deliveries_order ON deliveries (tenant_id, order_id, created_at);

-- Stock on hand per product and location. value is the stock's cost in
-- poisha: the moving average cost is value / on_hand. committed is what
-- confirmed sales orders hold for delivery. on_hand can never go below
-- zero: a movement that would take it there is refused.
CREATE TABLE stock_levels (
    tenant_id    uuid        NOT NULL,
    product_id   uuid        NOT NULL,
    location_id  uuid        NOT NULL,
    on_hand      bigint      NOT NULL DEFAULT 0,
    committed    bigint      NOT NULL DEFAULT 0 CHECK (committed >= 0),
    value        bigint      NOT NULL DEFAULT 0,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, product_id, location_id),
    FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id),
    CONSTRAINT stock_levels_on_hand_check CHECK (on_hand >= 0),
    CONSTRAINT stock_levels_value_check CHECK (value >= 0 AND (on_hand > 0 OR value = 0))
);
CREATE INDEX stock_levels_location ON stock_levels (tenant_id, location_id, product_id);

-- Every change of stock, the only way on_hand moves: receipts,
-- deliveries, issues to a project and transfers. quantity and value are
-- signed (in > 0, out < 0). A source line moves a product at a location
-- once: a retried receipt or delivery cannot move stock twice.
CREATE TABLE stock_movements (
    tenant_id    uuid        NOT NULL,
    id           uuid        NOT NULL,
    product_id   uuid        NOT NULL,
    location_id  uuid        NOT NULL,
    kind         text        NOT NULL CHECK (kind IN ('receipt', 'delivery', 'issue', 'transfer_out', 'transfer_in')),
    quantity     bigint      NOT NULL CHECK (quantity <> 0),
    value        bigint      NOT NULL,
    unit_cost    bigint      NOT NULL CHECK (unit_cost >= 0),
    on_hand_after bigint     NOT NULL CHECK (on_hand_after >= 0),
    source_type  text        NOT NULL CHECK (source_type IN ('goods_receipt', 'delivery', 'issue', 'transfer')),
    source_id    uuid        NOT NULL,
    source_line  integer     NOT NULL,
    project      text        NOT NULL DEFAULT '' CHECK (length(project) <= 200),
    occurred_on  date        NOT NULL,
    created_by   text        NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, source_type, source_id, source_line, kind),
    FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id),
    CONSTRAINT stock_movements_kind_sign CHECK ((kind IN ('receipt', 'transfer_in')) = (quantity > 0))
);
CREATE INDEX stock_movements_product ON stock_movements (tenant_id, product_id, location_id, created_at, id);

-- Gapless numbers, as in finance: one row per tenant, document type and
-- fiscal year, taken in the transaction that issues the document.
CREATE TABLE number_sequences (
    tenant_id   uuid   NOT NULL,
    doc_type    text   NOT NULL,
    fiscal_year text   NOT NULL,
    last        bigint NOT NULL CHECK (last > 0),
    PRIMARY KEY (tenant_id, doc_type, fiscal_year)
);

ALTER TABLE locations ENABLE ROW LEVEL SECURITY;
ALTER TABLE locations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON locations
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE purchase_requisitions ENABLE ROW LEVEL SECURITY;
ALTER TABLE purchase_requisitions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON purchase_requisitions
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

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

ALTER TABLE goods_receipts ENABLE ROW LEVEL SECURITY;
ALTER TABLE goods_receipts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON goods_receipts
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE purchase_order_bills ENABLE ROW LEVEL SECURITY;
ALTER TABLE purchase_order_bills FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON purchase_order_bills
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE sales_orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE sales_orders FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sales_orders
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE sales_order_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE sales_order_lines FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sales_order_lines
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON deliveries
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE stock_levels ENABLE ROW LEVEL SECURITY;
ALTER TABLE stock_levels FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON stock_levels
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE stock_movements ENABLE ROW LEVEL SECURITY;
ALTER TABLE stock_movements FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON stock_movements
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE number_sequences ENABLE ROW LEVEL SECURITY;
ALTER TABLE number_sequences FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON number_sequences
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

SELECT platform.create_outbox('orders');
SELECT platform.create_inbox('orders');

-- +goose Down
SELECT platform.drop_inbox('orders');
SELECT platform.drop_outbox('orders');
DROP TABLE number_sequences;
DROP TABLE stock_movements;
DROP TABLE stock_levels;
DROP TABLE deliveries;
DROP TABLE sales_order_lines;
DROP TABLE sales_orders;
DROP TABLE purchase_order_bills;
DROP TABLE goods_receipts;
DROP TABLE purchase_order_lines;
DROP TABLE purchase_orders;
DROP TABLE purchase_requisitions;
DROP TABLE locations;
