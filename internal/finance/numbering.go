package finance

import (
	"context"
	"time"

	"github.com/vextrus/vextrus/internal/platform/db"
)

// nextNumber takes the next number of docType for a document dated date
// from finance's gapless sequences (tenantsettings.Settings.NextNumber).
func (s *Service) nextNumber(ctx context.Context, tx *db.Tx, docType string, date time.Time) (string, error) {
	st, err := s.tenantSettings(ctx)
	if err != nil {
		return "", err
	}
	return st.NextNumber(ctx, tx, Name, docType, date)
}
