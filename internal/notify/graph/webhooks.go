package graph

import (
	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/notify/webhook"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// hooks returns the webhook service, UNAVAILABLE when this subgraph was
// built without one.
func (r *Resolver) hooks() (*webhook.Service, error) {
	if r.Webhooks == nil {
		return nil, errs.E(errs.Unavailable, "webhooks are not served here")
	}
	return r.Webhooks, nil
}

// hook is the webhook service and the endpoint or delivery id argument
// id, read as a UUID.
func (r *Resolver) hook(id string) (*webhook.Service, uuid.UUID, error) {
	h, err := r.hooks()
	if err != nil {
		return nil, uuid.Nil, err
	}
	uid, err := parseID("id", id)
	return h, uid, err
}

func parseID(field, s string) (uuid.UUID, error) {
	id, err := uuid.Parse(s)
	if err != nil {
		return uuid.Nil, errs.Field(field, "must be a UUID")
	}
	return id, nil
}

func intOr(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

func strOr(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func toGraphEndpoint(e webhook.Endpoint) *WebhookEndpoint {
	return &WebhookEndpoint{ID: e.ID.String(), URL: e.URL, Description: e.Description, EventTypes: e.EventTypes,
		Status: string(e.Status), Version: e.Version, CreatedAt: e.CreatedAt, CreatedBy: e.CreatedBy, UpdatedAt: e.UpdatedAt}
}

func toGraphDelivery(d webhook.Delivery) WebhookDelivery {
	return WebhookDelivery{ID: d.ID.String(), EndpointID: d.EndpointID.String(), EventID: d.EventID.String(),
		EventType: d.EventType, Status: string(d.Status), Attempts: d.Attempts, TotalAttempts: d.TotalAttempts,
		Resends: d.Resends, NextAttemptAt: d.NextAttemptAt, LastStatus: d.LastStatus, LastError: d.LastError,
		LastAttemptAt: d.LastAttemptAt, DeliveredAt: d.DeliveredAt, DeadAt: d.DeadAt, CreatedAt: d.CreatedAt}
}

func toGraphDeliveries(ds []webhook.Delivery, next string) *WebhookDeliveryPage {
	out := &WebhookDeliveryPage{Items: make([]WebhookDelivery, len(ds))}
	for i, d := range ds {
		out.Items[i] = toGraphDelivery(d)
	}
	if next != "" {
		out.NextCursor = &next
	}
	return out
}

func toPatch(in WebhookEndpointInput) webhook.EndpointPatch {
	p := webhook.EndpointPatch{URL: in.URL, Description: in.Description, EventTypes: in.EventTypes}
	if in.Status != nil {
		st := webhook.Status(*in.Status)
		p.Status = &st
	}
	return p
}
