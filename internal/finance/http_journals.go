package finance

import (
	"fmt"
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// LineJSON is a journal line as REST carries it: debit and credit are
// decimal taka ("1234.50"), one of them "0.00".
type LineJSON struct {
	AccountID uuid.UUID  `json:"accountId"`
	Debit     string     `json:"debit"`
	Credit    string     `json:"credit"`
	Memo      string     `json:"memo"`
	PartyID   *uuid.UUID `json:"partyId"`
}

// JournalJSON is a journal as REST answers it.
type JournalJSON struct {
	ID         string     `json:"id"`
	Number     string     `json:"number"`
	Date       string     `json:"date"`
	Status     string     `json:"status"`
	Source     string     `json:"source"`
	SourceID   *uuid.UUID `json:"sourceId"`
	Memo       string     `json:"memo"`
	Currency   string     `json:"currency"`
	Total      string     `json:"total"`
	Lines      []LineJSON `json:"lines"`
	Reverses   *uuid.UUID `json:"reverses"`
	ReversedBy *uuid.UUID `json:"reversedBy"`
	CreatedBy  string     `json:"createdBy"`
	PostedBy   string     `json:"postedBy"`
	PostedAt   *time.Time `json:"postedAt"`
	CreatedAt  time.Time  `json:"createdAt"`
	UpdatedAt  time.Time  `json:"updatedAt"`
	Version    int        `json:"version"`
}

// ToJournalJSON converts j.
func ToJournalJSON(j Journal) JournalJSON {
	out := JournalJSON{ID: j.ID.String(), Number: j.Number, Date: dateString(j.Date), Status: j.Status, Source: j.Source,
		SourceID: j.SourceID, Memo: j.Memo, Currency: j.Currency, Total: formatAmount(j.Total), Lines: make([]LineJSON, len(j.Lines)),
		Reverses: j.Reverses, ReversedBy: j.ReversedBy, CreatedBy: j.CreatedBy, PostedBy: j.PostedBy, PostedAt: j.PostedAt,
		CreatedAt: j.CreatedAt.UTC(), UpdatedAt: j.UpdatedAt.UTC(), Version: j.Version}
	if j.Status == JournalDraft {
		out.Total = formatAmount(totalDebit(j.Lines))
	}
	for i, l := range j.Lines {
		out.Lines[i] = LineJSON{AccountID: l.AccountID, Debit: formatAmount(l.Debit), Credit: formatAmount(l.Credit), Memo: l.Memo, PartyID: l.PartyID}
	}
	return out
}

// linesIn reads REST lines, naming lines[i].debit or .credit at fault.
func linesIn(in []LineJSON) ([]Line, error) {
	c := &errs.Collector{}
	out := make([]Line, len(in))
	for i, l := range in {
		out[i] = Line{AccountID: l.AccountID, Memo: l.Memo, PartyID: l.PartyID}
		for _, side := range []struct {
			name string
			s    string
			dst  *int64
		}{{"debit", l.Debit, &out[i].Debit}, {"credit", l.Credit, &out[i].Credit}} {
			if side.s == "" {
				continue
			}
			v, err := parseAmount(fmt.Sprintf("lines[%d].%s", i, side.name), side.s)
			c.Merge("", err)
			*side.dst = v
		}
	}
	return out, c.Err()
}

type journalIn struct {
	Date  string     `json:"date"`
	Memo  string     `json:"memo"`
	Lines []LineJSON `json:"lines"`
	Post  bool       `json:"post"`
}

func (s *Service) handleCreateJournal(w http.ResponseWriter, r *http.Request) error {
	var in journalIn
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	date, err := httpx.ParseDate("date", in.Date)
	if err != nil {
		return err
	}
	lines, err := linesIn(in.Lines)
	if err != nil {
		return err
	}
	j, err := s.CreateJournal(r.Context(), NewJournal{Date: date, Memo: in.Memo, Lines: lines, Post: in.Post})
	if err != nil {
		return err
	}
	httpx.SetETag(w, j.Version)
	w.Header().Set("Location", Base+"/journals/"+j.ID.String())
	httpx.WriteJSON(w, http.StatusCreated, ToJournalJSON(j))
	return nil
}

func (s *Service) handleJournal(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	j, err := s.GetJournal(r.Context(), id)
	if err != nil {
		return err
	}
	if httpx.NotModified(w, r, j.Version) {
		return nil
	}
	httpx.SetETag(w, j.Version)
	httpx.WriteJSON(w, http.StatusOK, ToJournalJSON(j))
	return nil
}

func (s *Service) handleJournals(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	from, err := httpx.ParseDate("from", q.Get("from"))
	if err != nil {
		return err
	}
	to, err := httpx.ParseDate("to", q.Get("to"))
	if err != nil {
		return err
	}
	limit, err := queryInt(r, "limit")
	if err != nil {
		return err
	}
	f := JournalFilter{From: from, To: to, Status: q.Get("status"), Source: q.Get("source"), Limit: limit}
	if c := q.Get("cursor"); c != "" {
		id, err := uuid.Parse(c)
		if err != nil {
			return errs.Field("cursor", "is not a cursor this API issued")
		}
		f.After = &id
	}
	js, err := s.ListJournals(r.Context(), f)
	if err != nil {
		return err
	}
	next, page := "", limit
	if page == 0 {
		page = defaultPage
	}
	if len(js) == page {
		next = js[len(js)-1].ID.String()
	}
	httpx.WriteJSON(w, http.StatusOK, httpx.PageOf(js, ToJournalJSON, next))
	return nil
}

type journalPatchIn struct {
	Date  *string    `json:"date"`
	Memo  *string    `json:"memo"`
	Lines []LineJSON `json:"lines"`
}

func (s *Service) handleUpdateJournal(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	cond, expected, err := httpx.VersionOf(r, true, func() (int, error) {
		j, err := s.GetJournal(r.Context(), id)
		return j.Version, err
	})
	if err != nil {
		return err
	}
	var in journalPatchIn
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	p := JournalPatch{Memo: in.Memo, ExpectedVersion: expected}
	if in.Date != nil {
		d, err := httpx.ParseDate("date", *in.Date)
		if err != nil {
			return err
		}
		p.Date = &d
	}
	if in.Lines != nil {
		if p.Lines, err = linesIn(in.Lines); err != nil {
			return err
		}
	}
	j, err := s.UpdateJournal(r.Context(), id, p)
	if err != nil {
		return cond.Err(err)
	}
	httpx.SetETag(w, j.Version)
	httpx.WriteJSON(w, http.StatusOK, ToJournalJSON(j))
	return nil
}

func (s *Service) handleDeleteJournal(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.DeleteJournal(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Service) handlePostJournal(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	cond, expected, err := httpx.VersionOf(r, false, func() (int, error) {
		j, err := s.GetJournal(r.Context(), id)
		return j.Version, err
	})
	if err != nil {
		return err
	}
	j, err := s.PostJournal(r.Context(), id, expected)
	if err != nil {
		return cond.Err(err)
	}
	httpx.SetETag(w, j.Version)
	httpx.WriteJSON(w, http.StatusOK, ToJournalJSON(j))
	return nil
}

type reverseIn struct {
	Date string `json:"date"`
	Memo string `json:"memo"`
}

func (s *Service) handleReverseJournal(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	var in reverseIn
	if err := httpx.DecodeOptionalJSON(r, &in); err != nil {
		return err
	}
	date, err := httpx.ParseDate("date", in.Date)
	if err != nil {
		return err
	}
	j, err := s.ReverseJournal(r.Context(), id, date, in.Memo)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Base+"/journals/"+j.ID.String())
	httpx.WriteJSON(w, http.StatusCreated, ToJournalJSON(j))
	return nil
}
