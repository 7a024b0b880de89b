package orders

import (
	"fmt"
	"net/http"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/qty"
)

func (s *Service) stockRoutes() map[string]httpx.HandlerFunc {
	return map[string]httpx.HandlerFunc{
		"GET " + Base + "/stock":                s.handleStock,
		"GET " + Base + "/stock/movements":      s.handleMovements,
		"POST " + Base + "/stock/issues":        s.handleIssue,
		"GET " + Base + "/stock/issues/{id}":    s.handleStockDocument(DocumentIssue),
		"POST " + Base + "/stock/transfers":     s.handleTransfer,
		"GET " + Base + "/stock/transfers/{id}": s.handleStockDocument(DocumentTransfer),
		"GET " + Base + "/stock/low":            s.handleLowStock,
		"GET " + Base + "/stock/reorder-levels": s.handleReorderLevels,
		"PUT " + Base + reorderLevelPath:        s.handleSetReorderLevel,
		"DELETE " + Base + reorderLevelPath:     s.handleRemoveReorderLevel,
	}
}

// poisha is an amount of poisha as the API writes money.
func poisha(minor int64) money.Amount { return money.New(minor, money.BDT) }

// StockLevelJSON is a stock level as REST answers it.
type StockLevelJSON struct {
	ProductID   string       `json:"productId"`
	LocationID  string       `json:"locationId"`
	OnHand      string       `json:"onHand"`
	Committed   string       `json:"committed"`
	Available   string       `json:"available"`
	AverageCost money.Amount `json:"averageCost"`
	Value       money.Amount `json:"value"`
	UpdatedAt   time.Time    `json:"updatedAt"`
}

// ToStockLevelJSON converts l.
func ToStockLevelJSON(l StockLevel) StockLevelJSON {
	return StockLevelJSON{ProductID: l.ProductID.String(), LocationID: l.LocationID.String(), OnHand: l.OnHand.String(),
		Committed: l.Committed.String(), Available: l.Available().String(), AverageCost: poisha(l.AverageCost()),
		Value: poisha(l.Value), UpdatedAt: l.UpdatedAt.UTC()}
}

// StockMovementJSON is a stock movement as REST answers it; quantity and
// value are negative for stock that left.
type StockMovementJSON struct {
	ID          string       `json:"id"`
	ProductID   string       `json:"productId"`
	LocationID  string       `json:"locationId"`
	Kind        string       `json:"kind"`
	Quantity    string       `json:"quantity"`
	Value       money.Amount `json:"value"`
	UnitCost    money.Amount `json:"unitCost"`
	OnHandAfter string       `json:"onHandAfter"`
	SourceType  string       `json:"sourceType"`
	SourceID    string       `json:"sourceId"`
	SourceLine  int          `json:"sourceLine"`
	Project     string       `json:"project"`
	OccurredOn  string       `json:"occurredOn"`
	CreatedBy   string       `json:"createdBy"`
	CreatedAt   time.Time    `json:"createdAt"`
}

// ToStockMovementJSON converts m.
func ToStockMovementJSON(m StockMovement) StockMovementJSON {
	return StockMovementJSON{ID: m.ID.String(), ProductID: m.ProductID.String(), LocationID: m.LocationID.String(), Kind: m.Kind,
		Quantity: m.Quantity.String(), Value: poisha(m.Value), UnitCost: poisha(m.UnitCost), OnHandAfter: m.OnHandAfter.String(),
		SourceType: m.SourceType, SourceID: m.SourceID.String(), SourceLine: m.SourceLine, Project: m.Project,
		OccurredOn: m.OccurredOn.Format(time.DateOnly), CreatedBy: m.CreatedBy, CreatedAt: m.CreatedAt.UTC()}
}

// stockFilter reads ?product=&location=&limit=&cursor=.
func stockFilter(r *http.Request) (StockFilter, error) {
	q := httpx.ReadQuery(r)
	c := &errs.Collector{}
	product, err := idField("product", q.String("product"))
	c.Merge("", err)
	location, err := idField("location", q.String("location"))
	c.Merge("", err)
	f := StockFilter{ProductID: product, LocationID: location, Limit: q.Limit(50, 500), Cursor: q.Cursor()}
	c.Merge("", q.Err())
	return f, c.Err()
}

func (s *Service) handleStock(w http.ResponseWriter, r *http.Request) error {
	f, err := stockFilter(r)
	if err != nil {
		return err
	}
	page, err := s.ListStock(r.Context(), f)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, httpx.PageOf(page.Items, ToStockLevelJSON, page.NextCursor))
	return nil
}

func (s *Service) handleMovements(w http.ResponseWriter, r *http.Request) error {
	f, err := stockFilter(r)
	if err != nil {
		return err
	}
	page, err := s.ListMovements(r.Context(), f)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, httpx.PageOf(page.Items, ToStockMovementJSON, page.NextCursor))
	return nil
}

// StockDocumentJSON is an issue or a transfer as REST answers it: an
// issue has locationId and project, a transfer fromLocationId and
// toLocationId.
type StockDocumentJSON struct {
	ID             string                  `json:"id"`
	Number         string                  `json:"number"`
	Kind           string                  `json:"kind"`
	LocationID     string                  `json:"locationId,omitempty"`
	FromLocationID string                  `json:"fromLocationId,omitempty"`
	ToLocationID   string                  `json:"toLocationId,omitempty"`
	Project        string                  `json:"project,omitempty"`
	Date           string                  `json:"date"`
	Note           string                  `json:"note"`
	CreatedBy      string                  `json:"createdBy"`
	CreatedAt      time.Time               `json:"createdAt"`
	Lines          []StockDocumentLineJSON `json:"lines"`
}

// StockDocumentLineJSON is one line of an issue or a transfer.
type StockDocumentLineJSON struct {
	Line      int          `json:"line"`
	ProductID string       `json:"productId"`
	Quantity  string       `json:"quantity"`
	UnitCost  money.Amount `json:"unitCost"`
	Value     money.Amount `json:"value"`
}

// ToStockDocumentJSON converts d.
func ToStockDocumentJSON(d StockDocument) StockDocumentJSON {
	out := StockDocumentJSON{ID: d.ID.String(), Number: d.Number, Kind: d.Kind, Project: d.Project, Date: d.Date.Format(time.DateOnly),
		Note: d.Note, CreatedBy: d.CreatedBy, CreatedAt: d.CreatedAt.UTC(), Lines: make([]StockDocumentLineJSON, len(d.Lines))}
	if d.Kind == DocumentTransfer {
		out.FromLocationID, out.ToLocationID = d.LocationID.String(), d.ToLocationID.String()
	} else {
		out.LocationID = d.LocationID.String()
	}
	for i, l := range d.Lines {
		out.Lines[i] = StockDocumentLineJSON{Line: l.Line, ProductID: l.ProductID.String(), Quantity: l.Quantity.String(),
			UnitCost: poisha(l.UnitCost), Value: poisha(l.Value)}
	}
	return out
}

type stockLineIn struct {
	ProductID string `json:"productId"`
	Quantity  string `json:"quantity"`
}

type issueIn struct {
	LocationID string        `json:"locationId"`
	Project    string        `json:"project"`
	Date       string        `json:"date"`
	Note       string        `json:"note"`
	Lines      []stockLineIn `json:"lines"`
}

type transferIn struct {
	FromLocationID string        `json:"fromLocationId"`
	ToLocationID   string        `json:"toLocationId"`
	Date           string        `json:"date"`
	Note           string        `json:"note"`
	Lines          []stockLineIn `json:"lines"`
}

// readStockLines reads the lines and the date of an issue or transfer,
// adding what is wrong to c.
func readStockLines(c *errs.Collector, date string, in []stockLineIn) (time.Time, []StockLine) {
	d, err := httpx.ParseDate("date", date)
	c.Merge("", err)
	lines := make([]StockLine, len(in))
	for i, l := range in {
		var err error
		lines[i].ProductID, err = idField(fmt.Sprintf("lines[%d].productId", i), l.ProductID)
		c.Merge("", err)
		lines[i].Quantity, err = qty.Parse(fmt.Sprintf("lines[%d].quantity", i), l.Quantity)
		c.Merge("", err)
	}
	return d, lines
}

func (s *Service) handleIssue(w http.ResponseWriter, r *http.Request) error {
	var in issueIn
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	c := &errs.Collector{}
	loc, err := idField("locationId", in.LocationID)
	c.Merge("", err)
	date, lines := readStockLines(c, in.Date, in.Lines)
	if err := c.Err(); err != nil {
		return err
	}
	d, err := s.IssueStock(r.Context(), NewIssue{LocationID: loc, Project: in.Project, Date: date, Note: in.Note, Lines: lines})
	if err != nil {
		return err
	}
	return writeStockDocument(w, d)
}

func (s *Service) handleTransfer(w http.ResponseWriter, r *http.Request) error {
	var in transferIn
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	c := &errs.Collector{}
	from, err := idField("fromLocationId", in.FromLocationID)
	c.Merge("", err)
	to, err := idField("toLocationId", in.ToLocationID)
	c.Merge("", err)
	date, lines := readStockLines(c, in.Date, in.Lines)
	if err := c.Err(); err != nil {
		return err
	}
	d, err := s.TransferStock(r.Context(), NewTransfer{FromLocationID: from, ToLocationID: to, Date: date, Note: in.Note, Lines: lines})
	if err != nil {
		return err
	}
	return writeStockDocument(w, d)
}

func writeStockDocument(w http.ResponseWriter, d StockDocument) error {
	w.Header().Set("Location", Base+"/stock/"+d.Kind+"s/"+d.ID.String())
	httpx.WriteJSON(w, http.StatusCreated, ToStockDocumentJSON(d))
	return nil
}

func (s *Service) handleStockDocument(kind string) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := httpx.PathID(r, "id")
		if err != nil {
			return err
		}
		d, err := s.StockDocument(r.Context(), kind, id)
		if err != nil {
			return err
		}
		httpx.WriteJSON(w, http.StatusOK, ToStockDocumentJSON(d))
		return nil
	}
}
