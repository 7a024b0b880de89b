package graph

import (
	"context"

	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
)

// stockFilter reads the arguments of the stock lists.
func stockFilter(productID, locationID *string, first *int, after *string) (orders.StockFilter, error) {
	f := orders.StockFilter{Limit: deref(first), Cursor: deref(after)}
	if err := checkFirst(&f.Limit); err != nil {
		return f, err
	}
	c := &errs.Collector{}
	var err error
	f.ProductID, err = parseOptionalID(productID, "productId")
	c.Merge("", err)
	f.LocationID, err = parseOptionalID(locationID, "locationId")
	c.Merge("", err)
	return f, c.Err()
}

func (r *Resolver) listStock(ctx context.Context, productID, locationID *string, first *int, after *string) (*StockLevelConnection, error) {
	f, err := stockFilter(productID, locationID, first, after)
	if err != nil {
		return nil, err
	}
	page, err := r.Service.ListStock(ctx, f)
	if err != nil {
		return nil, graphqlx.AsPaging(err)
	}
	out := &StockLevelConnection{Edges: make([]StockLevelEdge, len(page.Items)), PageInfo: pageInfo(page.NextCursor)}
	for i, l := range page.Items {
		out.Edges[i] = StockLevelEdge{Cursor: orders.StockCursor(l), Node: toGraphStockLevel(l)}
	}
	return out, nil
}

// productStock is every stock level of product id, read page by page.
func (r *Resolver) productStock(ctx context.Context, id string) ([]StockLevel, error) {
	uid, err := parseID(id, "id")
	if err != nil {
		return nil, err
	}
	out := []StockLevel{}
	f := orders.StockFilter{ProductID: uid, Limit: 500}
	for {
		page, err := r.Service.ListStock(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, l := range page.Items {
			out = append(out, *toGraphStockLevel(l))
		}
		if page.NextCursor == "" {
			return out, nil
		}
		f.Cursor = page.NextCursor
	}
}

func (r *Resolver) listMovements(ctx context.Context, productID, locationID *string, first *int, after *string) (*StockMovementConnection, error) {
	f, err := stockFilter(productID, locationID, first, after)
	if err != nil {
		return nil, err
	}
	page, err := r.Service.ListMovements(ctx, f)
	if err != nil {
		return nil, graphqlx.AsPaging(err)
	}
	out := &StockMovementConnection{Edges: make([]StockMovementEdge, len(page.Items)), PageInfo: pageInfo(page.NextCursor)}
	for i, m := range page.Items {
		out.Edges[i] = StockMovementEdge{Cursor: orders.MovementCursor(m), Node: toGraphMovement(m)}
	}
	return out, nil
}

func (r *Resolver) issue(ctx context.Context, input IssueStockInput) (*StockDocument, error) {
	c := &errs.Collector{}
	n := orders.NewIssue{LocationID: collectID(c, input.LocationID, "locationId"), Project: input.Project,
		Date: deref(input.Date), Note: trim(input.Note), Lines: stockLines(c, input.Lines)}
	if err := c.Err(); err != nil {
		return nil, inInput(err, "input")
	}
	d, err := r.Service.IssueStock(ctx, n)
	if err != nil {
		return nil, inInput(err, "input")
	}
	return toGraphStockDocument(d), nil
}

func (r *Resolver) transfer(ctx context.Context, input TransferStockInput) (*StockDocument, error) {
	c := &errs.Collector{}
	n := orders.NewTransfer{FromLocationID: collectID(c, input.FromLocationID, "fromLocationId"),
		ToLocationID: collectID(c, input.ToLocationID, "toLocationId"), Date: deref(input.Date), Note: trim(input.Note),
		Lines: stockLines(c, input.Lines)}
	if err := c.Err(); err != nil {
		return nil, inInput(err, "input")
	}
	d, err := r.Service.TransferStock(ctx, n)
	if err != nil {
		return nil, inInput(err, "input")
	}
	return toGraphStockDocument(d), nil
}

// location reads the location id names; a nil id is no location.
func (r *Resolver) location(ctx context.Context, id *string, name string) (*Location, error) {
	if id == nil {
		return nil, nil
	}
	uid, err := parseID(*id, name)
	if err != nil {
		return nil, err
	}
	l, err := r.cachedLocation(ctx, uid)
	if err != nil {
		return nil, err
	}
	return toGraphLocation(l), nil
}

func (r *Resolver) listLocations(ctx context.Context, kind *LocationKind, active *bool, first *int, after *string) (*LocationConnection, error) {
	f := orders.LocationFilter{Kind: lower(kind), Active: active, Limit: deref(first), Cursor: deref(after)}
	if err := checkFirst(&f.Limit); err != nil {
		return nil, err
	}
	page, err := r.Service.ListLocations(ctx, f)
	if err != nil {
		return nil, graphqlx.AsPaging(err)
	}
	out := &LocationConnection{Edges: make([]LocationEdge, len(page.Items)), PageInfo: pageInfo(page.NextCursor)}
	for i, l := range page.Items {
		out.Edges[i] = LocationEdge{Cursor: orders.LocationCursor(l), Node: toGraphLocation(l)}
	}
	return out, nil
}

func (r *Resolver) createLocation(ctx context.Context, input CreateLocationInput) (*Location, error) {
	l, err := r.Service.CreateLocation(ctx, orders.NewLocation{Code: input.Code, Name: input.Name, Kind: lower(&input.Kind),
		Address: trim(input.Address)})
	if err != nil {
		return nil, inInput(err, "input")
	}
	return toGraphLocation(l), nil
}
