package notify

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// template returns the tenant's override of eventType in locale, else
// the embedded default in locale, else in English.
func (s *Service) template(ctx context.Context, tx *db.Tx, eventType, locale string) (Template, error) {
	t := Template{EventType: eventType, Locale: locale, Custom: true, Variables: variablesOf(eventType)}
	err := tx.QueryRow(ctx, `select subject, text_body, html_body from notify.templates
		where tenant_id = $1 and event_type = $2 and locale = $3`, tx.Tenant().UUID(), eventType, locale).
		Scan(&t.Subject, &t.Text, &t.HTML)
	if err == nil {
		return t, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return Template{}, fmt.Errorf("template: %w", err)
	}
	if d, ok := defaultTemplate(eventType, locale); ok {
		return d, nil
	}
	if d, ok := defaultTemplate(eventType, "en"); ok {
		return d, nil
	}
	return Template{}, fmt.Errorf("no template for %s", eventType)
}

// Templates lists the tenant's templates: every event type in every
// locale, the override where one is set. Needs notify.template.write
// (those who may change them read them).
func (s *Service) Templates(ctx context.Context) ([]Template, error) {
	if _, err := caller(ctx, PermTemplateWrite); err != nil {
		return nil, err
	}
	var out []Template
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		out = out[:0]
		for _, et := range EventTypes {
			for _, loc := range Locales {
				t, err := s.template(ctx, tx, et, loc)
				if err != nil {
					return err
				}
				out = append(out, t)
			}
		}
		return nil
	})
	return out, err
}

// SetTemplate stores the tenant's override of t.EventType in t.Locale,
// once it parses and renders with sample variables. Needs
// notify.template.write. Returns INVALID_ARGUMENT naming the part that
// fails.
func (s *Service) SetTemplate(ctx context.Context, t Template) (Template, error) {
	p, err := caller(ctx, PermTemplateWrite)
	if err != nil {
		return Template{}, err
	}
	if err := validate(t); err != nil {
		return Template{}, err
	}
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		_, err := tx.Exec(ctx, `insert into notify.templates (tenant_id, event_type, locale, subject, text_body, html_body, updated_by)
			values ($1, $2, $3, $4, $5, $6, $7)
			on conflict (tenant_id, event_type, locale) do update set subject = excluded.subject, text_body = excluded.text_body,
				html_body = excluded.html_body, updated_by = excluded.updated_by, updated_at = now()`,
			tx.Tenant().UUID(), t.EventType, t.Locale, t.Subject, t.Text, t.HTML, p.UserID)
		return db.Translate(err)
	})
	t.Custom, t.Variables = true, variablesOf(t.EventType)
	return t, err
}

// ResetTemplate drops the tenant's override: the default applies again.
// Needs notify.template.write.
func (s *Service) ResetTemplate(ctx context.Context, eventType, locale string) error {
	if _, err := caller(ctx, PermTemplateWrite); err != nil {
		return err
	}
	if !slices.Contains(EventTypes, eventType) || !slices.Contains(Locales, locale) {
		return errs.E(errs.NotFound, "no such template")
	}
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		_, err := tx.Exec(ctx, `delete from notify.templates where tenant_id = $1 and event_type = $2 and locale = $3`,
			tx.Tenant().UUID(), eventType, locale)
		return err
	})
}
