-- +goose Up
-- Payments (receipts from customers, disbursements to vendors), their
-- allocations to invoices, imported bank statements whose lines are
-- reconciled against payments, and monthly account balances for the
-- reports (docs/finance.md).

-- A payment moves money through one money account (bank, cheques in hand,
-- cash or a wallet) and posts its journal when recorded. allocated is the
-- part settled against invoices; amount - allocated is an advance kept on
-- the payment. A reversed payment posted a reversing journal and gave its
-- allocations back to the invoices. reconciled_* is the bank statement
-- line it was confirmed against.
CREATE TABLE payments (
    tenant_id           uuid        NOT NULL,
    id                  uuid        NOT NULL,
    number              text        NOT NULL,
    kind                text        NOT NULL CHECK (kind IN ('receipt', 'disbursement')),
    status              text        NOT NULL DEFAULT 'recorded' CHECK (status IN ('recorded', 'reversed')),
    party_id            uuid        NOT NULL,
    date                date        NOT NULL,
    method              text        NOT NULL CHECK (method IN ('bank', 'cheque', 'cash', 'wallet')),
    account_id          uuid        NOT NULL,
    amount              bigint      NOT NULL CHECK (amount > 0),
    allocated           bigint      NOT NULL DEFAULT 0 CHECK (allocated >= 0),
    currency            text        NOT NULL DEFAULT 'BDT' CHECK (currency ~ '^[A-Z]{3}$'),
    reference           text        NOT NULL DEFAULT '' CHECK (length(reference) <= 100),
    cheque_number       text        NOT NULL DEFAULT '' CHECK (length(cheque_number) <= 40),
    cheque_bank         text        NOT NULL DEFAULT '' CHECK (length(cheque_bank) <= 100),
    cheque_date         date,
    wallet_provider     text        NOT NULL DEFAULT '' CHECK (wallet_provider IN ('', 'bkash', 'nagad', 'rocket')),
    wallet_number       text        NOT NULL DEFAULT '' CHECK (length(wallet_number) <= 20),
    transaction_id      text        NOT NULL DEFAULT '' CHECK (length(transaction_id) <= 60),
    memo                text        NOT NULL DEFAULT '' CHECK (length(memo) <= 500),
    journal_id          uuid        NOT NULL,
    reversal_journal_id uuid,
    reversed_on         date,
    reverse_reason      text        NOT NULL DEFAULT '' CHECK (length(reverse_reason) <= 500),
    reconciled_statement uuid,
    reconciled_line     integer,
    created_by          text        NOT NULL DEFAULT '',
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    version             integer     NOT NULL DEFAULT 1 CHECK (version > 0),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, number),
    FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
    FOREIGN KEY (tenant_id, journal_id) REFERENCES journals (tenant_id, id),
    FOREIGN KEY (tenant_id, reversal_journal_id) REFERENCES journals (tenant_id, id),
    CHECK (allocated <= amount),
    CHECK (method <> 'wallet' OR (wallet_provider <> '' AND wallet_number <> '' AND transaction_id <> '')),
    CHECK (method <> 'cheque' OR cheque_number <> ''),
    CHECK (status <> 'reversed' OR (reversal_journal_id IS NOT NULL AND reversed_on IS NOT NULL)),
    CHECK ((reconciled_statement IS NULL) = (reconciled_line IS NULL))
);
CREATE INDEX payments_date ON payments (tenant_id, date DESC, id DESC);
CREATE INDEX payments_party ON payments (tenant_id, party_id, date DESC);
-- The candidates of a bank statement line: recorded, unreconciled
-- payments of one money account around a date.
CREATE INDEX payments_unreconciled ON payments (tenant_id, account_id, date)
    WHERE status = 'recorded' AND reconciled_statement IS NULL;

-- What a payment settled of each invoice. The rows stay when the payment
-- is reversed (the payment's status says they were given back).
CREATE TABLE payment_allocations (
    tenant_id  uuid        NOT NULL,
    payment_id uuid        NOT NULL,
    invoice_id uuid        NOT NULL,
    amount     bigint      NOT NULL CHECK (amount > 0),
    created_by text        NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, payment_id, invoice_id),
    FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id),
    FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id)
);
CREATE INDEX payment_allocations_invoice ON payment_allocations (tenant_id, invoice_id);

-- An imported bank statement of one money account, and its lines. amount
-- is signed from the company's side: positive money in (the bank's
-- credit), negative money out. A line is matched to at most one payment
-- and a payment to at most one line.
CREATE TABLE bank_statements (
    tenant_id   uuid        NOT NULL,
    id          uuid        NOT NULL,
    account_id  uuid        NOT NULL,
    name        text        NOT NULL DEFAULT '' CHECK (length(name) <= 200),
    starts      date        NOT NULL,
    ends        date        NOT NULL CHECK (ends >= starts),
    lines       integer     NOT NULL CHECK (lines > 0),
    imported_by text        NOT NULL DEFAULT '',
    imported_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id)
);
CREATE INDEX bank_statements_account ON bank_statements (tenant_id, account_id, imported_at DESC);

CREATE TABLE bank_statement_lines (
    tenant_id    uuid        NOT NULL,
    statement_id uuid        NOT NULL,
    line         integer     NOT NULL CHECK (line > 0),
    date         date        NOT NULL,
    description  text        NOT NULL DEFAULT '' CHECK (length(description) <= 500),
    reference    text        NOT NULL DEFAULT '' CHECK (length(reference) <= 100),
    amount       bigint      NOT NULL CHECK (amount <> 0),
    payment_id   uuid,
    matched_by   text        NOT NULL DEFAULT '',
    matched_at   timestamptz,
    PRIMARY KEY (tenant_id, statement_id, line),
    FOREIGN KEY (tenant_id, statement_id) REFERENCES bank_statements (tenant_id, id),
    FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id),
    CHECK ((payment_id IS NULL) = (matched_at IS NULL))
);
CREATE UNIQUE INDEX bank_statement_lines_payment ON bank_statement_lines (tenant_id, payment_id) WHERE payment_id IS NOT NULL;

ALTER TABLE payments ENABLE ROW LEVEL SECURITY;
ALTER TABLE payments FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON payments
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
ALTER TABLE payment_allocations ENABLE ROW LEVEL SECURITY;
ALTER TABLE payment_allocations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON payment_allocations
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
ALTER TABLE bank_statements ENABLE ROW LEVEL SECURITY;
ALTER TABLE bank_statements FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON bank_statements
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
ALTER TABLE bank_statement_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE bank_statement_lines FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON bank_statement_lines
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- +goose Down
DROP TABLE bank_statement_lines;
DROP TABLE bank_statements;
DROP TABLE payment_allocations;
DROP TABLE payments;
