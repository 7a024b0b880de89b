-- +goose Up
-- Invoices: sales invoices (Mushak 6.3), purchase bills, credit notes
-- (6.7) and debit notes (6.8), and the monthly VAT register the 9.1
-- return is filled from (docs/finance.md).

-- One row per document. Amounts are poisha, all non-negative: a note's
-- kind and side say which way it moves the books. lines holds the
-- computed lines (quantity, price, discount, rates and the line's
-- amounts) as they were approved. The party's name, BIN and address are
-- a snapshot: the Mushak shows them as they were on the day.
--
-- total = net + sd + vat; payable = total - vds - ait, what payments
-- settle once the buyer withheld VAT (VDS) and income tax (AIT) at
-- source; paid is what payments have settled so far.
CREATE TABLE invoices (
    tenant_id      uuid        NOT NULL,
    id             uuid        NOT NULL,
    kind           text        NOT NULL CHECK (kind IN ('sales', 'purchase', 'credit_note', 'debit_note')),
    -- side is sales for a sales invoice and notes against one, purchase
    -- for a bill and notes against one.
    side           text        NOT NULL,
    status         text        NOT NULL DEFAULT 'draft'
                               CHECK (status IN ('draft', 'submitted', 'approved', 'partially_paid', 'paid', 'cancelled')),
    party_id       uuid        NOT NULL,
    party_name     text        NOT NULL DEFAULT '' CHECK (length(party_name) <= 300),
    party_bin      text        NOT NULL DEFAULT '' CHECK (party_bin = '' OR party_bin ~ '^[0-9]{13}$'),
    party_address  text        NOT NULL DEFAULT '' CHECK (length(party_address) <= 500),
    number         text,
    -- supplier_ref is the supplier's own number of a bill (its 6.3).
    supplier_ref   text        NOT NULL DEFAULT '' CHECK (length(supplier_ref) <= 100),
    corrects       uuid,
    invoice_date   date        NOT NULL,
    due_date       date        NOT NULL CHECK (due_date >= invoice_date),
    currency       text        NOT NULL DEFAULT 'BDT' CHECK (currency ~ '^[A-Z]{3}$'),
    supply_type    text        NOT NULL DEFAULT 'local' CHECK (supply_type IN ('local', 'export', 'import')),
    department     text        NOT NULL DEFAULT '' CHECK (length(department) <= 200),
    memo           text        NOT NULL DEFAULT '' CHECK (length(memo) <= 1000),
    -- withholding: the buyer is a VAT withholding entity (VDS applies);
    -- ait_category is the AIT category of a bill, '' when not applicable.
    vds_buyer      boolean     NOT NULL DEFAULT false,
    ait_category   text        NOT NULL DEFAULT '' CHECK (length(ait_category) <= 60),
    -- ait_return_proof: the supplier showed proof of return submission.
    ait_return_proof boolean   NOT NULL DEFAULT false,
    lines          jsonb       NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(lines) = 'array'),
    subtotal       bigint      NOT NULL DEFAULT 0 CHECK (subtotal >= 0),
    discount       bigint      NOT NULL DEFAULT 0 CHECK (discount >= 0),
    net            bigint      NOT NULL DEFAULT 0,
    sd             bigint      NOT NULL DEFAULT 0 CHECK (sd >= 0),
    vat            bigint      NOT NULL DEFAULT 0 CHECK (vat >= 0),
    vds            bigint      NOT NULL DEFAULT 0 CHECK (vds >= 0),
    ait            bigint      NOT NULL DEFAULT 0 CHECK (ait >= 0),
    total          bigint      NOT NULL DEFAULT 0,
    payable        bigint      NOT NULL DEFAULT 0,
    paid           bigint      NOT NULL DEFAULT 0,
    approval_id    uuid,
    journal_id     uuid,
    -- reason says why the document went back to draft (its approval was
    -- rejected, withdrawn or expired) or was cancelled.
    reason         text        NOT NULL DEFAULT '' CHECK (length(reason) <= 1000),
    created_by     text        NOT NULL DEFAULT '',
    submitted_at   timestamptz,
    approved_at    timestamptz,
    approved_by    text        NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    version        integer     NOT NULL DEFAULT 1 CHECK (version > 0),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, kind, number),
    FOREIGN KEY (tenant_id, corrects) REFERENCES invoices (tenant_id, id),
    FOREIGN KEY (tenant_id, journal_id) REFERENCES journals (tenant_id, id),
    CONSTRAINT invoices_corrects_check CHECK ((kind IN ('credit_note', 'debit_note')) = (corrects IS NOT NULL)),
    CONSTRAINT invoices_side_check CHECK (side IN ('sales', 'purchase') AND (kind NOT IN ('sales', 'purchase') OR side = kind)),
    CONSTRAINT invoices_net_check CHECK (net >= 0 AND net = subtotal - discount),
    CONSTRAINT invoices_total_check CHECK (total >= 0 AND total = net + sd + vat),
    CONSTRAINT invoices_payable_check CHECK (payable >= 0 AND payable = total - vds - ait),
    CONSTRAINT invoices_paid_check CHECK (paid >= 0 AND paid <= payable),
    CONSTRAINT invoices_number_check CHECK ((status IN ('draft', 'submitted', 'cancelled')) = (number IS NULL)),
    CONSTRAINT invoices_journal_check CHECK ((status IN ('draft', 'submitted', 'cancelled')) = (journal_id IS NULL))
);
CREATE INDEX invoices_list ON invoices (tenant_id, created_at DESC, id DESC);
CREATE INDEX invoices_party ON invoices (tenant_id, party_id, invoice_date);
CREATE INDEX invoices_open ON invoices (tenant_id, side, due_date) WHERE status IN ('approved', 'partially_paid');
CREATE INDEX invoices_corrects ON invoices (tenant_id, corrects) WHERE corrects IS NOT NULL;
CREATE INDEX invoices_approval ON invoices (tenant_id, approval_id) WHERE approval_id IS NOT NULL;

-- The database's guard of issued documents, whatever path writes them: an
-- approved (or paid) document keeps its party, number, date, lines and
-- amounts for good, goes back to no earlier status, and only its payment
-- state (status among approved/partially_paid/paid, paid) changes; a
-- cancelled one never changes. The error names the column, as
-- invoices_<column>_check, so the API names the field.
-- +goose StatementBegin
CREATE FUNCTION finance.invoice_keep_issued() RETURNS trigger LANGUAGE plpgsql SET search_path = finance, pg_catalog AS $$
DECLARE
    col text;
BEGIN
    IF OLD.status = 'cancelled' THEN
        col := 'status';
    ELSIF OLD.status IN ('approved', 'partially_paid', 'paid') THEN
        col := CASE
            WHEN NEW.status NOT IN ('approved', 'partially_paid', 'paid') THEN 'status'
            WHEN NEW.kind <> OLD.kind OR NEW.side <> OLD.side THEN 'kind'
            WHEN NEW.number IS DISTINCT FROM OLD.number THEN 'number'
            WHEN NEW.party_id <> OLD.party_id OR NEW.party_name <> OLD.party_name OR NEW.party_bin <> OLD.party_bin
                OR NEW.party_address <> OLD.party_address THEN 'party_id'
            WHEN NEW.invoice_date <> OLD.invoice_date THEN 'invoice_date'
            WHEN NEW.due_date <> OLD.due_date THEN 'due_date'
            WHEN NEW.currency <> OLD.currency THEN 'currency'
            WHEN NEW.corrects IS DISTINCT FROM OLD.corrects THEN 'corrects'
            WHEN NEW.supplier_ref <> OLD.supplier_ref THEN 'supplier_ref'
            WHEN NEW.vds_buyer <> OLD.vds_buyer OR NEW.ait_category <> OLD.ait_category
                OR NEW.ait_return_proof <> OLD.ait_return_proof
                OR NEW.supply_type <> OLD.supply_type THEN 'lines'
            WHEN NEW.lines <> OLD.lines THEN 'lines'
            WHEN NEW.subtotal <> OLD.subtotal THEN 'subtotal'
            WHEN NEW.discount <> OLD.discount THEN 'discount'
            WHEN NEW.net <> OLD.net THEN 'net'
            WHEN NEW.sd <> OLD.sd THEN 'sd'
            WHEN NEW.vat <> OLD.vat THEN 'vat'
            WHEN NEW.vds <> OLD.vds THEN 'vds'
            WHEN NEW.ait <> OLD.ait THEN 'ait'
            WHEN NEW.total <> OLD.total THEN 'total'
            WHEN NEW.payable <> OLD.payable THEN 'payable'
            WHEN NEW.journal_id IS DISTINCT FROM OLD.journal_id THEN 'journal_id'
            WHEN NEW.approval_id IS DISTINCT FROM OLD.approval_id THEN 'approval_id'
            ELSE NULL END;
    END IF;
    IF col IS NOT NULL THEN
        RAISE EXCEPTION 'invoice % is % and its % cannot change; issue a credit or debit note', coalesce(OLD.number, OLD.id::text),
                OLD.status, col
            USING ERRCODE = 'check_violation', TABLE = 'invoices', CONSTRAINT = 'invoices_' || col || '_check';
    END IF;
    RETURN NEW;
END $$;
-- +goose StatementEnd
CREATE TRIGGER invoices_keep_issued BEFORE UPDATE ON invoices
    FOR EACH ROW EXECUTE FUNCTION finance.invoice_keep_issued();

-- +goose StatementBegin
CREATE FUNCTION finance.invoice_keep_deleted() RETURNS trigger LANGUAGE plpgsql SET search_path = finance, pg_catalog AS $$
BEGIN
    IF OLD.status <> 'draft' THEN
        RAISE EXCEPTION 'invoice % is % and cannot be deleted', coalesce(OLD.number, OLD.id::text), OLD.status
            USING ERRCODE = 'check_violation', TABLE = 'invoices', CONSTRAINT = 'invoices_status_check';
    END IF;
    RETURN OLD;
END $$;
-- +goose StatementEnd
CREATE TRIGGER invoices_keep_deleted BEFORE DELETE ON invoices
    FOR EACH ROW EXECUTE FUNCTION finance.invoice_keep_deleted();

-- The VAT register: per month (its first day), side, VAT treatment and
-- rate (basis points), the value, SD, VAT and VDS of approved documents
-- and how many contributed. The transaction that approves a document adds
-- its lines; a credit note adds negative amounts, a debit note positive
-- ones. The monthly VAT summary (Mushak 9.1 inputs) reads it.
CREATE TABLE vat_register (
    tenant_id uuid    NOT NULL,
    month     date    NOT NULL CHECK (extract(day FROM month) = 1),
    kind      text    NOT NULL CHECK (kind IN ('sales', 'purchase')),
    treatment text    NOT NULL CHECK (length(treatment) BETWEEN 1 AND 40),
    rate_bp   integer NOT NULL CHECK (rate_bp >= 0),
    value     bigint  NOT NULL DEFAULT 0,
    sd        bigint  NOT NULL DEFAULT 0,
    vat       bigint  NOT NULL DEFAULT 0,
    vds       bigint  NOT NULL DEFAULT 0,
    documents integer NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, month, kind, treatment, rate_bp)
);

ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
ALTER TABLE invoices FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON invoices
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
ALTER TABLE vat_register ENABLE ROW LEVEL SECURITY;
ALTER TABLE vat_register FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON vat_register
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- +goose Down
DROP TABLE vat_register;
DROP TABLE invoices;
DROP FUNCTION finance.invoice_keep_deleted();
DROP FUNCTION finance.invoice_keep_issued();
