package db

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// codeInvalidPassword is what PostgreSQL answers a login with a wrong
// password.
const codeInvalidPassword = "28P01"

// passwordAttempts bounds the tries of one acquire through a rotation;
// with passwordPause's growth it waits about fifteen seconds, well past
// the moment between changing a password and storing it.
const passwordAttempts = 40

// acquire takes a connection. With a PasswordSource, a new connection the
// server refuses for its password means the password rotated under the
// pool: the source is re-read at once and the connection tried again,
// until ctx ends, so a request waits through a rotation rather than
// failing. Connections already open are unaffected by the rotation.
func (p *Pool) acquire(ctx context.Context) (*pgxpool.Conn, error) {
	for attempt := 1; ; attempt++ {
		conn, err := p.pool.Acquire(ctx)
		if err == nil || p.password == nil || !passwordRefused(err) || attempt == passwordAttempts {
			return conn, err
		}
		// A failed read leaves the old value; the next try says whether
		// that still fails.
		_ = p.password.Refresh(ctx)
		pause := time.NewTimer(passwordPause(attempt))
		select {
		case <-ctx.Done():
			pause.Stop()
			return nil, err
		case <-pause.C:
		}
	}
}

// passwordPause grows like backoff and stops growing at half a second:
// the wait is for another system to store the new password, not for a
// contended row.
func passwordPause(attempt int) time.Duration {
	return min(backoff(min(attempt, 8)), 500*time.Millisecond)
}

func passwordRefused(err error) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && pg.Code == codeInvalidPassword
}

// Connect opens a connection of its own, outside the pool, with the
// pool's settings and current password, for a session that must stay
// apart, such as the outbox relay's LISTEN. The caller closes it.
func (p *Pool) Connect(ctx context.Context) (*pgx.Conn, error) {
	cc := p.pool.Config().ConnConfig
	if p.password == nil {
		return pgx.ConnectConfig(ctx, cc)
	}
	cc.Password = p.password.Value()
	conn, err := pgx.ConnectConfig(ctx, cc)
	if passwordRefused(err) {
		_ = p.password.Refresh(ctx)
		cc.Password = p.password.Value()
		conn, err = pgx.ConnectConfig(ctx, cc)
	}
	return conn, err
}
