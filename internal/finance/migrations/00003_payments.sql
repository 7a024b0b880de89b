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

-- Balances per account and month, kept from the daily balances by the
-- triggers below: a trial balance as of a date sums the months before the
-- date's month and the days of that month up to it, at most
-- months + 31 rows per account however long the ledger.
CREATE TABLE account_month_balances (
    tenant_id  uuid   NOT NULL,
    account_id uuid   NOT NULL,
    month      date   NOT NULL CHECK (extract(day FROM month) = 1),
    debit      bigint NOT NULL DEFAULT 0,
    credit     bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, account_id, month)
);

-- The daily balances are upserted by the ledger's posting trigger, which
-- fires these with the rows it inserted and the ones it updated; the
-- months move by the same amounts, locked in account order as the days.
-- +goose StatementBegin
CREATE FUNCTION finance.account_balances_month_inserted() RETURNS trigger LANGUAGE plpgsql SET search_path = finance, pg_catalog AS $$
BEGIN
    INSERT INTO account_month_balances AS m (tenant_id, account_id, month, debit, credit)
    SELECT n.tenant_id, n.account_id, date_trunc('month', n.date)::date, sum(n.debit), sum(n.credit)
      FROM new_rows n GROUP BY 1, 2, 3 ORDER BY 2, 3
        ON CONFLICT (tenant_id, account_id, month) DO UPDATE
       SET debit = m.debit + excluded.debit, credit = m.credit + excluded.credit;
    RETURN NULL;
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION finance.account_balances_month_updated() RETURNS trigger LANGUAGE plpgsql SET search_path = finance, pg_catalog AS $$
BEGIN
    INSERT INTO account_month_balances AS m (tenant_id, account_id, month, debit, credit)
    SELECT n.tenant_id, n.account_id, date_trunc('month', n.date)::date, sum(n.debit - o.debit), sum(n.credit - o.credit)
      FROM new_rows n JOIN old_rows o ON o.tenant_id = n.tenant_id AND o.account_id = n.account_id AND o.date = n.date
     GROUP BY 1, 2, 3 ORDER BY 2, 3
        ON CONFLICT (tenant_id, account_id, month) DO UPDATE
       SET debit = m.debit + excluded.debit, credit = m.credit + excluded.credit;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER account_balances_month_inserted AFTER INSERT ON account_balances
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION finance.account_balances_month_inserted();
CREATE TRIGGER account_balances_month_updated AFTER UPDATE ON account_balances
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION finance.account_balances_month_updated();

-- The months of what was posted before this migration, every tenant's:
-- row-level security is lifted for the owner while it reads them.
ALTER TABLE account_balances NO FORCE ROW LEVEL SECURITY;
INSERT INTO account_month_balances (tenant_id, account_id, month, debit, credit)
SELECT tenant_id, account_id, date_trunc('month', date)::date, sum(debit), sum(credit)
  FROM account_balances GROUP BY 1, 2, 3;
ALTER TABLE account_balances FORCE ROW LEVEL SECURITY;

ALTER TABLE account_month_balances ENABLE ROW LEVEL SECURITY;
ALTER TABLE account_month_balances FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON account_month_balances
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
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
DROP TRIGGER account_balances_month_updated ON account_balances;
DROP TRIGGER account_balances_month_inserted ON account_balances;
DROP FUNCTION finance.account_balances_month_updated();
DROP FUNCTION finance.account_balances_month_inserted();
DROP TABLE account_month_balances;
DROP TABLE bank_statement_lines;
DROP TABLE bank_statements;
DROP TABLE payment_allocations;
DROP TABLE payments;
