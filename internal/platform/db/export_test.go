package db

import "github.com/jackc/pgx/v5/pgxpool"

// RawPool exposes a Pool's connections to tests that inspect the session
// state a helper leaves behind.
func RawPool(p *Pool) *pgxpool.Pool { return p.pool }
