package db_test

import (
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
)

func TestAppURLKeepsEverythingButTheUser(t *testing.T) {
	for _, admin := range []string{
		"postgres://postgres:secret@db.internal:6432/vextrus?sslmode=require",
		"host=db.internal port=6432 dbname=vextrus user=postgres password=secret sslmode=require",
	} {
		cfg, err := pgx.ParseConfig(db.AppURL(admin, "it's p@ss"))
		if err != nil {
			t.Fatalf("%s: %v", admin, err)
		}
		if cfg.User != db.AppRole || cfg.Password != "it's p@ss" || cfg.Host != "db.internal" ||
			cfg.Port != 6432 || cfg.Database != "vextrus" || cfg.TLSConfig == nil {
			t.Errorf("%s: derived user=%s password=%q host=%s port=%d db=%s tls=%v",
				admin, cfg.User, cfg.Password, cfg.Host, cfg.Port, cfg.Database, cfg.TLSConfig != nil)
		}
	}
}
