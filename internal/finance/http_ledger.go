package finance

import (
	"context"
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/httpx"
)

func (s *Service) ledgerRoutes() map[string]httpx.HandlerFunc {
	return map[string]httpx.HandlerFunc{
		"GET " + Base + "/accounts":                 s.handleAccounts,
		"POST " + Base + "/accounts":                s.handleCreateAccount,
		"GET " + Base + "/accounts/{id}":            s.handleAccount,
		"PATCH " + Base + "/accounts/{id}":          s.handleUpdateAccount,
		"DELETE " + Base + "/accounts/{id}":         s.handleDeleteAccount,
		"GET " + Base + "/journals":                 s.handleJournals,
		"POST " + Base + "/journals":                s.handleCreateJournal,
		"GET " + Base + "/journals/{id}":            s.handleJournal,
		"PATCH " + Base + "/journals/{id}":          s.handleUpdateJournal,
		"DELETE " + Base + "/journals/{id}":         s.handleDeleteJournal,
		"POST " + Base + "/journals/{id}/post":      s.handlePostJournal,
		"POST " + Base + "/journals/{id}/reverse":   s.handleReverseJournal,
		"GET " + Base + "/periods":                  s.handlePeriods,
		"POST " + Base + "/periods/{starts}/close":  s.handleClosePeriod,
		"POST " + Base + "/periods/{starts}/reopen": s.handleReopenPeriod,
	}
}

// AccountJSON is an account as REST answers it.
type AccountJSON struct {
	ID        string     `json:"id"`
	Code      string     `json:"code"`
	Name      string     `json:"name"`
	NameBn    string     `json:"nameBn"`
	Type      string     `json:"type"`
	ParentID  *uuid.UUID `json:"parentId"`
	Control   string     `json:"control"`
	Role      string     `json:"role"`
	Header    bool       `json:"header"`
	Active    bool       `json:"active"`
	Used      bool       `json:"used"`
	Version   int        `json:"version"`
	CreatedAt time.Time  `json:"createdAt"`
	UpdatedAt time.Time  `json:"updatedAt"`
}

// ToAccountJSON converts a.
func ToAccountJSON(a Account) AccountJSON {
	return AccountJSON{ID: a.ID.String(), Code: a.Code, Name: a.Name, NameBn: a.NameBn, Type: string(a.Type), ParentID: a.ParentID,
		Control: string(a.Control), Role: string(a.Role), Header: a.Header, Active: a.Active, Used: a.Used, Version: a.Version,
		CreatedAt: a.CreatedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC()}
}

func (s *Service) handleAccounts(w http.ResponseWriter, r *http.Request) error {
	as, err := s.ListAccounts(r.Context())
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, httpx.PageOf(as, ToAccountJSON, ""))
	return nil
}

type accountIn struct {
	Code     string     `json:"code"`
	Name     string     `json:"name"`
	NameBn   string     `json:"nameBn"`
	Type     string     `json:"type"`
	ParentID *uuid.UUID `json:"parentId"`
	Control  string     `json:"control"`
	Header   bool       `json:"header"`
}

func (s *Service) handleCreateAccount(w http.ResponseWriter, r *http.Request) error {
	var in accountIn
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.CreateAccount(r.Context(), NewAccount{Code: in.Code, Name: in.Name, NameBn: in.NameBn, Type: AccountType(in.Type),
		ParentID: in.ParentID, Control: Control(in.Control), Header: in.Header})
	if err != nil {
		return err
	}
	httpx.SetETag(w, a.Version)
	w.Header().Set("Location", Base+"/accounts/"+a.ID.String())
	httpx.WriteJSON(w, http.StatusCreated, ToAccountJSON(a))
	return nil
}

func (s *Service) handleAccount(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.Account(r.Context(), id)
	if err != nil {
		return err
	}
	if httpx.NotModified(w, r, a.Version) {
		return nil
	}
	httpx.SetETag(w, a.Version)
	httpx.WriteJSON(w, http.StatusOK, ToAccountJSON(a))
	return nil
}

type accountPatchIn struct {
	Name     *string    `json:"name"`
	NameBn   *string    `json:"nameBn"`
	ParentID *uuid.UUID `json:"parentId"`
	Active   *bool      `json:"active"`
}

func (s *Service) handleUpdateAccount(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	cond, expected, err := httpx.VersionOf(r, true, func() (int, error) {
		a, err := s.Account(r.Context(), id)
		return a.Version, err
	})
	if err != nil {
		return err
	}
	var in accountPatchIn
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.UpdateAccount(r.Context(), id, AccountPatch{Name: in.Name, NameBn: in.NameBn, ParentID: in.ParentID, Active: in.Active,
		ExpectedVersion: expected})
	if err != nil {
		return cond.Err(err)
	}
	httpx.SetETag(w, a.Version)
	httpx.WriteJSON(w, http.StatusOK, ToAccountJSON(a))
	return nil
}

func (s *Service) handleDeleteAccount(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.DeleteAccount(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// PeriodJSON is a fiscal period as REST answers it.
type PeriodJSON struct {
	FiscalYear string     `json:"fiscalYear"`
	Number     int        `json:"number"`
	Name       string     `json:"name"`
	Starts     string     `json:"starts"`
	Ends       string     `json:"ends"`
	Status     string     `json:"status"`
	ChangedAt  *time.Time `json:"changedAt"`
	ChangedBy  string     `json:"changedBy"`
	Reason     string     `json:"reason"`
	Version    int        `json:"version"`
}

// ToPeriodJSON converts p.
func ToPeriodJSON(p Period) PeriodJSON {
	return PeriodJSON{FiscalYear: p.FiscalYear, Number: p.Number, Name: p.Name(), Starts: dateString(p.Starts), Ends: dateString(p.Ends),
		Status: p.Status, ChangedAt: p.ChangedAt, ChangedBy: p.ChangedBy, Reason: p.Reason, Version: p.Version}
}

func (s *Service) handlePeriods(w http.ResponseWriter, r *http.Request) error {
	date, err := httpx.ParseDate("date", r.URL.Query().Get("date"))
	if err != nil {
		return err
	}
	ps, err := s.ListPeriods(r.Context(), date)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, httpx.PageOf(ps, ToPeriodJSON, ""))
	return nil
}

type reasonIn struct {
	Reason string `json:"reason"`
}

func (s *Service) handleClosePeriod(w http.ResponseWriter, r *http.Request) error {
	return s.handlePeriodChange(w, r, s.ClosePeriod)
}

func (s *Service) handleReopenPeriod(w http.ResponseWriter, r *http.Request) error {
	return s.handlePeriodChange(w, r, s.ReopenPeriod)
}

func (s *Service) handlePeriodChange(w http.ResponseWriter, r *http.Request,
	change func(ctx context.Context, date time.Time, reason string) (Period, error)) error {
	date, err := httpx.ParseDate("starts", r.PathValue("starts"))
	if err != nil {
		return err
	}
	var in reasonIn
	if err := httpx.DecodeOptionalJSON(r, &in); err != nil {
		return err
	}
	p, err := change(r.Context(), date, in.Reason)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, ToPeriodJSON(p))
	return nil
}
