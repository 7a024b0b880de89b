package orders

import (
	"context"

	"github.com/google/uuid"
)

// The transitions the order workflow's activities call, for the tests.

// ConfirmSalesForTest is confirmSales: a granted credit approval.
func ConfirmSalesForTest(s *Service, ctx context.Context, orderID uuid.UUID, run int) error {
	return s.confirmSales(ctx, orderID, run)
}

// ReturnSalesToQuotationForTest is returnSalesToQuotation: a refused one.
func ReturnSalesToQuotationForTest(s *Service, ctx context.Context, orderID uuid.UUID, reason string, run int) error {
	return s.returnSalesToQuotation(ctx, orderID, reason, run)
}

// InvoiceDeliveryForTest is invoiceDelivery.
func InvoiceDeliveryForTest(s *Service, ctx context.Context, deliveryID uuid.UUID) error {
	return s.invoiceDelivery(ctx, deliveryID)
}

// UninvoicedDeliveriesForTest is uninvoicedDeliveries.
func UninvoicedDeliveriesForTest(s *Service, ctx context.Context, orderID uuid.UUID) ([]uuid.UUID, error) {
	return s.uninvoicedDeliveries(ctx, orderID)
}

// SettleSalesForTest is settleSales.
func SettleSalesForTest(s *Service, ctx context.Context, orderID uuid.UUID) (bool, error) {
	return s.settleSales(ctx, orderID)
}

// CancelSalesForTest is cancelSales, the workflow's compensation.
func CancelSalesForTest(s *Service, ctx context.Context, orderID uuid.UUID, reason, by string) error {
	return s.cancelSales(ctx, orderID, reason, by)
}
