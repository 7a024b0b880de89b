package orders

import (
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// reorderLevelPath is one product's reorder level at one location.
const reorderLevelPath = "/stock/reorder-levels/{productId}/{locationId}"

// ReorderLevelJSON is a reorder level as REST answers it.
type ReorderLevelJSON struct {
	ProductID    string    `json:"productId"`
	LocationID   string    `json:"locationId"`
	ReorderLevel string    `json:"reorderLevel"`
	UpdatedBy    string    `json:"updatedBy"`
	UpdatedAt    time.Time `json:"updatedAt"`
}

// ToReorderLevelJSON converts l.
func ToReorderLevelJSON(l ReorderLevel) ReorderLevelJSON {
	return ReorderLevelJSON{ProductID: l.ProductID.String(), LocationID: l.LocationID.String(), ReorderLevel: l.Level.String(),
		UpdatedBy: l.UpdatedBy, UpdatedAt: l.UpdatedAt.UTC()}
}

// LowStockJSON is a low stock line as REST answers it.
type LowStockJSON struct {
	ProductID    string `json:"productId"`
	LocationID   string `json:"locationId"`
	OnHand       string `json:"onHand"`
	ReorderLevel string `json:"reorderLevel"`
	Shortfall    string `json:"shortfall"`
}

// ToLowStockJSON converts l.
func ToLowStockJSON(l LowStock) LowStockJSON {
	return LowStockJSON{ProductID: l.ProductID.String(), LocationID: l.LocationID.String(), OnHand: l.OnHand.String(),
		ReorderLevel: l.Level.String(), Shortfall: l.Shortfall().String()}
}

// reorderIDs reads the product and location of the path. Returns
// INVALID_ARGUMENT naming productId or locationId.
func reorderIDs(r *http.Request) (product, location uuid.UUID, err error) {
	c := &errs.Collector{}
	product, perr := uuid.Parse(r.PathValue("productId"))
	c.Check(perr == nil, "productId", "must be a UUID")
	location, lerr := uuid.Parse(r.PathValue("locationId"))
	c.Check(lerr == nil, "locationId", "must be a UUID")
	return product, location, c.Err()
}

// handleSetReorderLevel takes {"reorderLevel": "100"}.
func (s *Service) handleSetReorderLevel(w http.ResponseWriter, r *http.Request) error {
	product, location, err := reorderIDs(r)
	if err != nil {
		return err
	}
	var in struct {
		ReorderLevel string `json:"reorderLevel"`
	}
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	l, err := s.SetReorderLevel(r.Context(), product, location, in.ReorderLevel)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, ToReorderLevelJSON(l))
	return nil
}

func (s *Service) handleRemoveReorderLevel(w http.ResponseWriter, r *http.Request) error {
	product, location, err := reorderIDs(r)
	if err != nil {
		return err
	}
	if err := s.RemoveReorderLevel(r.Context(), product, location); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Service) handleReorderLevels(w http.ResponseWriter, r *http.Request) error {
	f, err := stockFilter(r)
	if err != nil {
		return err
	}
	list, next, err := s.ListReorderLevels(r.Context(), f)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, httpx.PageOf(list, ToReorderLevelJSON, next))
	return nil
}

func (s *Service) handleLowStock(w http.ResponseWriter, r *http.Request) error {
	f, err := stockFilter(r)
	if err != nil {
		return err
	}
	list, next, err := s.ListLowStock(r.Context(), f)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, httpx.PageOf(list, ToLowStockJSON, next))
	return nil
}
