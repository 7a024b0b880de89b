package finance

import (
	"net/http"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// ProposalJSON is a proposed match as REST answers it.
type ProposalJSON struct {
	PaymentID uuid.UUID `json:"paymentId"`
	Number    string    `json:"number"`
	Date      string    `json:"date"`
	Kind      string    `json:"kind"`
	Method    string    `json:"method"`
	Score     int       `json:"score"`
	MatchedOn string    `json:"matchedOn"`
}

// StatementLineJSON is a statement line as REST answers it; amount is
// signed, positive for money in.
type StatementLineJSON struct {
	Line        int            `json:"line"`
	Date        string         `json:"date"`
	Description string         `json:"description"`
	Reference   string         `json:"reference"`
	Amount      money.Amount   `json:"amount"`
	PaymentID   *uuid.UUID     `json:"paymentId"`
	MatchedBy   string         `json:"matchedBy"`
	MatchedAt   *time.Time     `json:"matchedAt"`
	Proposals   []ProposalJSON `json:"proposals"`
}

// StatementJSON is a bank statement as REST answers it.
type StatementJSON struct {
	ID         uuid.UUID           `json:"id"`
	AccountID  uuid.UUID           `json:"accountId"`
	Name       string              `json:"name"`
	Starts     string              `json:"starts"`
	Ends       string              `json:"ends"`
	ImportedBy string              `json:"importedBy"`
	ImportedAt time.Time           `json:"importedAt"`
	Lines      []StatementLineJSON `json:"lines"`
}

// ToStatementLineJSON converts l.
func ToStatementLineJSON(l StatementLine) StatementLineJSON {
	out := StatementLineJSON{Line: l.Line, Date: l.Date.Format(DateLayout), Description: l.Description, Reference: l.Reference,
		Amount: money.New(l.Amount, money.BDT), PaymentID: l.PaymentID, MatchedBy: l.MatchedBy, MatchedAt: l.MatchedAt,
		Proposals: []ProposalJSON{}}
	for _, p := range l.Proposals {
		out.Proposals = append(out.Proposals, ProposalJSON{PaymentID: p.PaymentID, Number: p.Number, Date: p.Date.Format(DateLayout),
			Kind: string(p.Kind), Method: string(p.Method), Score: p.Score, MatchedOn: p.MatchedOn})
	}
	return out
}

// ToStatementJSON converts st.
func ToStatementJSON(st Statement) StatementJSON {
	out := StatementJSON{ID: st.ID, AccountID: st.AccountID, Name: st.Name, Starts: st.Starts.Format(DateLayout),
		Ends: st.Ends.Format(DateLayout), ImportedBy: st.ImportedBy, ImportedAt: st.ImportedAt.UTC(), Lines: []StatementLineJSON{}}
	for _, l := range st.Lines {
		out.Lines = append(out.Lines, ToStatementLineJSON(l))
	}
	return out
}

// handleImportStatement takes the CSV as the body (text/csv) and the
// money account and a name as query parameters:
// POST /bank-statements?accountId=…&name=….
func (s *Service) handleImportStatement(w http.ResponseWriter, r *http.Request) error {
	q := httpx.ReadQuery(r)
	account, name := q.String("accountId"), q.String("name")
	if err := q.Err(); err != nil {
		return err
	}
	id, err := uuid.Parse(account)
	if err != nil {
		return errs.Field("accountId", "is required: the money account's id (a UUID)")
	}
	if r.ContentLength == 0 {
		return errs.Field("body", "is empty; send the statement as CSV with a header row")
	}
	body, err := httpx.ReadBody(r, StatementCSVContentType)
	if err != nil {
		return err
	}
	st, err := s.ImportStatement(r.Context(), id, name, body)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Base+"/bank-statements/"+st.ID.String())
	httpx.WriteJSON(w, http.StatusCreated, ToStatementJSON(st))
	return nil
}

func (s *Service) handleStatement(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	st, err := s.Statement(r.Context(), id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, ToStatementJSON(st))
	return nil
}

// statementLine reads the {id} and {line} path parameters.
func statementLine(r *http.Request) (uuid.UUID, int, error) {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return uuid.Nil, 0, err
	}
	line, err := strconv.Atoi(r.PathValue("line"))
	if err != nil || line < 1 {
		return uuid.Nil, 0, errs.Field("line", "must be a line number from 1")
	}
	return id, line, nil
}

func (s *Service) handleMatchLine(w http.ResponseWriter, r *http.Request) error {
	id, line, err := statementLine(r)
	if err != nil {
		return err
	}
	var in struct {
		PaymentID uuid.UUID `json:"paymentId"`
	}
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if in.PaymentID == uuid.Nil {
		return errs.Field("paymentId", "is required")
	}
	l, err := s.MatchStatementLine(r.Context(), id, line, in.PaymentID)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, ToStatementLineJSON(l))
	return nil
}

func (s *Service) handleUnmatchLine(w http.ResponseWriter, r *http.Request) error {
	id, line, err := statementLine(r)
	if err != nil {
		return err
	}
	l, err := s.UnmatchStatementLine(r.Context(), id, line)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, ToStatementLineJSON(l))
	return nil
}
