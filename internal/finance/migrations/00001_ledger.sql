-- +goose Up
-- The ledger: chart of accounts, fiscal periods, journals and their lines,
-- balances kept per account and day as lines are posted, and the gapless
-- number sequences of every finance document (docs/finance.md).

-- Accounts form a tree per tenant. role names the accounts the platform
-- posts to itself (receivables control, VAT payable, ...): one account per
-- role and tenant. An account that has a posted line is used and is never
-- deleted; it can be renamed and deactivated.
CREATE TABLE accounts (
    tenant_id  uuid        NOT NULL,
    id         uuid        NOT NULL,
    code       text        NOT NULL CHECK (code ~ '^[0-9A-Za-z][0-9A-Za-z.-]{0,19}$'),
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_bn    text        NOT NULL DEFAULT '' CHECK (length(name_bn) <= 200),
    type       text        NOT NULL CHECK (type IN ('asset', 'liability', 'equity', 'income', 'expense')),
    parent_id  uuid,
    control    text        NOT NULL DEFAULT '' CHECK (control IN ('', 'receivable', 'payable')),
    role       text        NOT NULL DEFAULT '' CHECK (length(role) <= 40),
    -- A header account groups others and takes no postings.
    header     boolean     NOT NULL DEFAULT false,
    active     boolean     NOT NULL DEFAULT true,
    used       boolean     NOT NULL DEFAULT false,
    version    integer     NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, code),
    FOREIGN KEY (tenant_id, parent_id) REFERENCES accounts (tenant_id, id),
    CHECK (parent_id IS DISTINCT FROM id)
);
CREATE UNIQUE INDEX accounts_role_uniq ON accounts (tenant_id, role) WHERE role <> '';

-- +goose StatementBegin
CREATE FUNCTION finance.account_keep_used() RETURNS trigger LANGUAGE plpgsql SET search_path = finance, pg_catalog AS $$
BEGIN
    IF OLD.used THEN
        RAISE EXCEPTION 'account % has postings and cannot be deleted', OLD.code
            USING ERRCODE = 'foreign_key_violation', DETAIL = 'Key (id) is still referenced by posted journal lines.';
    END IF;
    RETURN OLD;
END $$;
-- +goose StatementEnd
CREATE TRIGGER accounts_keep_used BEFORE DELETE ON accounts
    FOR EACH ROW EXECUTE FUNCTION finance.account_keep_used();

-- Twelve monthly periods per fiscal year, made when first needed from the
-- tenant's fiscal year settings. label is the fiscal year (2026-27).
CREATE TABLE fiscal_periods (
    tenant_id   uuid        NOT NULL,
    starts      date        NOT NULL,
    ends        date        NOT NULL CHECK (ends >= starts),
    fiscal_year text        NOT NULL CHECK (fiscal_year ~ '^[0-9]{4}-[0-9]{2}$'),
    number      integer     NOT NULL CHECK (number BETWEEN 1 AND 12),
    status      text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    changed_at  timestamptz,
    changed_by  text        NOT NULL DEFAULT '',
    reason      text        NOT NULL DEFAULT '',
    version     integer     NOT NULL DEFAULT 1 CHECK (version > 0),
    PRIMARY KEY (tenant_id, starts),
    UNIQUE (tenant_id, fiscal_year, number)
);

-- A journal is a draft (its lines are draft_lines, free to edit), posted
-- (its lines are rows of journal_lines, never changed) or reversed (a
-- later journal posted the opposite lines). total is the sum of the
-- debits of a posted journal, in poisha.
CREATE TABLE journals (
    tenant_id    uuid        NOT NULL,
    id           uuid        NOT NULL,
    number       text,
    date         date        NOT NULL,
    status       text        NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'posted', 'reversed')),
    source       text        NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'invoice', 'payment', 'reversal', 'opening')),
    source_id    uuid,
    memo         text        NOT NULL DEFAULT '' CHECK (length(memo) <= 500),
    currency     text        NOT NULL DEFAULT 'BDT' CHECK (currency ~ '^[A-Z]{3}$'),
    draft_lines  jsonb       NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(draft_lines) = 'array'),
    total        bigint      NOT NULL DEFAULT 0 CHECK (total >= 0),
    reverses     uuid,
    reversed_by  uuid,
    created_by   text        NOT NULL DEFAULT '',
    posted_by    text        NOT NULL DEFAULT '',
    posted_at    timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    version      integer     NOT NULL DEFAULT 1 CHECK (version > 0),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, number),
    CHECK (status = 'draft' OR (total > 0 AND posted_at IS NOT NULL AND number IS NOT NULL)),
    CHECK (status <> 'reversed' OR reversed_by IS NOT NULL)
);
CREATE INDEX journals_date ON journals (tenant_id, date DESC, id DESC);
CREATE INDEX journals_source ON journals (tenant_id, source, source_id) WHERE source_id IS NOT NULL;

-- A posted journal never goes back to draft, and its date, lines' total
-- and currency never change.
-- +goose StatementBegin
CREATE FUNCTION finance.journal_keep_posted() RETURNS trigger LANGUAGE plpgsql SET search_path = finance, pg_catalog AS $$
BEGIN
    IF OLD.status <> 'draft' AND (NEW.status = 'draft' OR NEW.date <> OLD.date OR NEW.total <> OLD.total
            OR NEW.currency <> OLD.currency OR NEW.number IS DISTINCT FROM OLD.number) THEN
        RAISE EXCEPTION 'journal % is posted and cannot be edited', OLD.number
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journals_posted_check';
    END IF;
    IF OLD.status = 'reversed' AND NEW.status <> 'reversed' THEN
        RAISE EXCEPTION 'journal % is reversed', OLD.number
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journals_posted_check';
    END IF;
    RETURN NEW;
END $$;
-- +goose StatementEnd
CREATE TRIGGER journals_keep_posted BEFORE UPDATE ON journals
    FOR EACH ROW EXECUTE FUNCTION finance.journal_keep_posted();
-- +goose StatementBegin
CREATE FUNCTION finance.journal_keep_deleted() RETURNS trigger LANGUAGE plpgsql SET search_path = finance, pg_catalog AS $$
BEGIN
    IF OLD.status <> 'draft' THEN
        RAISE EXCEPTION 'journal % is posted and cannot be deleted', OLD.number
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journals_posted_check';
    END IF;
    RETURN OLD;
END $$;
-- +goose StatementEnd
CREATE TRIGGER journals_keep_deleted BEFORE DELETE ON journals
    FOR EACH ROW EXECUTE FUNCTION finance.journal_keep_deleted();

-- The posted lines: the ledger itself. Each line is a debit or a credit of
-- a positive number of poisha. date is the journal's, kept here so an
-- account's ledger is one index range.
CREATE TABLE journal_lines (
    tenant_id  uuid    NOT NULL,
    journal_id uuid    NOT NULL,
    line       integer NOT NULL CHECK (line > 0),
    account_id uuid    NOT NULL,
    date       date    NOT NULL,
    debit      bigint  NOT NULL DEFAULT 0 CHECK (debit >= 0),
    credit     bigint  NOT NULL DEFAULT 0 CHECK (credit >= 0),
    memo       text    NOT NULL DEFAULT '' CHECK (length(memo) <= 500),
    party_id   uuid,
    PRIMARY KEY (tenant_id, journal_id, line),
    FOREIGN KEY (tenant_id, journal_id) REFERENCES journals (tenant_id, id),
    FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
    CONSTRAINT journal_lines_amount_check CHECK ((debit = 0) <> (credit = 0))
);
CREATE INDEX journal_lines_account ON journal_lines (tenant_id, account_id, date, journal_id, line);

-- Balances per account and day, and per account and period (month), kept
-- by the trigger below as lines are posted. A trial balance as of a day
-- sums the period rows of the months before it and the day rows of its
-- own month: at most accounts x (months + 31) rows, whatever the size of
-- the ledger's history.
CREATE TABLE account_balances (
    tenant_id  uuid   NOT NULL,
    account_id uuid   NOT NULL,
    date       date   NOT NULL,
    debit      bigint NOT NULL DEFAULT 0,
    credit     bigint NOT NULL DEFAULT 0,
    lines      bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, account_id, date)
);
CREATE INDEX account_balances_date ON account_balances (tenant_id, date);

CREATE TABLE account_period_balances (
    tenant_id  uuid   NOT NULL,
    account_id uuid   NOT NULL,
    month      date   NOT NULL CHECK (extract(day FROM month) = 1),
    debit      bigint NOT NULL DEFAULT 0,
    credit     bigint NOT NULL DEFAULT 0,
    lines      bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, account_id, month)
);
CREATE INDEX account_period_balances_month ON account_period_balances (tenant_id, month);

-- The database's own guard of the ledger, whatever path writes it: the
-- lines of a journal arrive in one statement, to a journal marked posted
-- whose total they match, debits equal to credits to the poisha, into
-- accounts that take postings, on days of open periods. The same
-- statement moves the balances and marks the accounts used. Posted lines
-- are never updated or deleted.
-- +goose StatementBegin
CREATE FUNCTION finance.journal_lines_posted() RETURNS trigger LANGUAGE plpgsql SET search_path = finance, pg_catalog AS $$
DECLARE
    bad record;
BEGIN
    SELECT n.journal_id, sum(n.debit) AS d, sum(n.credit) AS c INTO bad
      FROM new_lines n GROUP BY n.journal_id HAVING sum(n.debit) <> sum(n.credit) OR sum(n.debit) = 0 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'journal % does not balance: debits % and credits % poisha', bad.journal_id, bad.d, bad.c
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_lines_lines_check';
    END IF;
    SELECT j.id, j.status, j.total, t.d INTO bad
      FROM (SELECT n.journal_id, sum(n.debit) AS d, count(*) AS k FROM new_lines n GROUP BY n.journal_id) t
      JOIN journals j ON j.tenant_id = current_setting('app.tenant_id')::uuid AND j.id = t.journal_id
     WHERE j.status <> 'posted' OR j.total <> t.d
        OR (SELECT count(*) FROM journal_lines l WHERE l.tenant_id = j.tenant_id AND l.journal_id = j.id) <> t.k
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'journal % is not being posted with these lines', bad.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_lines_lines_check';
    END IF;
    SELECT n.date INTO bad FROM new_lines n
      LEFT JOIN fiscal_periods p ON p.tenant_id = n.tenant_id AND n.date BETWEEN p.starts AND p.ends
     WHERE p.status IS DISTINCT FROM 'open' LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'no open fiscal period holds %', bad.date
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_lines_period_check';
    END IF;
    SELECT a.code INTO bad FROM new_lines n
      JOIN accounts a ON a.tenant_id = n.tenant_id AND a.id = n.account_id
     WHERE a.header OR NOT a.active LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'account % takes no postings', bad.code
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_lines_account_check';
    END IF;
    INSERT INTO account_balances AS b (tenant_id, account_id, date, debit, credit, lines)
    SELECT n.tenant_id, n.account_id, n.date, sum(n.debit), sum(n.credit), count(*)
      FROM new_lines n GROUP BY n.tenant_id, n.account_id, n.date
     ORDER BY n.account_id, n.date
        ON CONFLICT (tenant_id, account_id, date) DO UPDATE
       SET debit = b.debit + excluded.debit, credit = b.credit + excluded.credit, lines = b.lines + excluded.lines;
    INSERT INTO account_period_balances AS b (tenant_id, account_id, month, debit, credit, lines)
    SELECT n.tenant_id, n.account_id, date_trunc('month', n.date)::date, sum(n.debit), sum(n.credit), count(*)
      FROM new_lines n GROUP BY n.tenant_id, n.account_id, date_trunc('month', n.date)::date
     ORDER BY n.account_id, 3
        ON CONFLICT (tenant_id, account_id, month) DO UPDATE
       SET debit = b.debit + excluded.debit, credit = b.credit + excluded.credit, lines = b.lines + excluded.lines;
    UPDATE accounts a SET used = true
      FROM (SELECT DISTINCT n.tenant_id, n.account_id FROM new_lines n) u
     WHERE a.tenant_id = u.tenant_id AND a.id = u.account_id AND NOT a.used;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER journal_lines_posted AFTER INSERT ON journal_lines
    REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION finance.journal_lines_posted();

-- +goose StatementBegin
CREATE FUNCTION finance.journal_lines_immutable() RETURNS trigger LANGUAGE plpgsql SET search_path = finance, pg_catalog AS $$
BEGIN
    RAISE EXCEPTION 'posted journal lines are never changed; post a reversing journal'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_lines_lines_check';
END $$;
-- +goose StatementEnd
CREATE TRIGGER journal_lines_immutable BEFORE UPDATE OR DELETE ON journal_lines
    FOR EACH ROW EXECUTE FUNCTION finance.journal_lines_immutable();

-- Gapless numbers: one row per tenant, document type and fiscal year ('' for
-- a sequence that never restarts). The number is taken in the transaction
-- that issues the document, so its row lock orders issuers and a rollback
-- gives the number back.
CREATE TABLE number_sequences (
    tenant_id   uuid   NOT NULL,
    doc_type    text   NOT NULL,
    fiscal_year text   NOT NULL,
    last        bigint NOT NULL CHECK (last > 0),
    PRIMARY KEY (tenant_id, doc_type, fiscal_year)
);

ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE accounts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON accounts
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
ALTER TABLE fiscal_periods ENABLE ROW LEVEL SECURITY;
ALTER TABLE fiscal_periods FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON fiscal_periods
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
ALTER TABLE journals ENABLE ROW LEVEL SECURITY;
ALTER TABLE journals FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON journals
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
ALTER TABLE journal_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE journal_lines FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON journal_lines
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
ALTER TABLE account_balances ENABLE ROW LEVEL SECURITY;
ALTER TABLE account_balances FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON account_balances
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
ALTER TABLE account_period_balances ENABLE ROW LEVEL SECURITY;
ALTER TABLE account_period_balances FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON account_period_balances
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
ALTER TABLE number_sequences ENABLE ROW LEVEL SECURITY;
ALTER TABLE number_sequences FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON number_sequences
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

SELECT platform.create_outbox('finance');
SELECT platform.create_inbox('finance');

-- +goose Down
SELECT platform.drop_inbox('finance');
SELECT platform.drop_outbox('finance');
DROP TABLE number_sequences;
DROP TABLE account_period_balances;
DROP TABLE account_balances;
DROP TABLE journal_lines;
DROP FUNCTION finance.journal_lines_immutable();
DROP FUNCTION finance.journal_lines_posted();
DROP TABLE journals;
DROP FUNCTION finance.journal_keep_deleted();
DROP FUNCTION finance.journal_keep_posted();
DROP TABLE fiscal_periods;
DROP TABLE accounts;
DROP FUNCTION finance.account_keep_used();
