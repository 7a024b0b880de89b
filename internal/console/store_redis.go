package console

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// RedisStore keeps sessions in Redis under console:session:<Key(id)>,
// each with its time to live: every replica sees them and a restart
// keeps them.
type RedisStore struct{ client *redis.Client }

// NewRedisStore connects to the Redis at url (redis://...).
func NewRedisStore(url string) (*RedisStore, error) {
	opts, err := redis.ParseURL(url)
	if err != nil {
		return nil, errs.Wrap(errs.InvalidArgument, err, "redis.url")
	}
	return &RedisStore{client: redis.NewClient(opts)}, nil
}

func redisKey(id string) string { return "console:session:" + Key(id) }

// Get implements Store.
func (r *RedisStore) Get(ctx context.Context, id string) (*Session, error) {
	b, err := r.client.Get(ctx, redisKey(id)).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, errs.E(errs.NotFound, "no such session")
	}
	if err != nil {
		return nil, errs.Wrap(errs.Unavailable, err, "read session")
	}
	var s Session
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, errs.Wrap(errs.Internal, err, "decode session")
	}
	s.ID = id
	return &s, nil
}

// Put implements Store.
func (r *RedisStore) Put(ctx context.Context, s *Session, ttl time.Duration) error {
	b, err := json.Marshal(s)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "encode session")
	}
	if err := r.client.Set(ctx, redisKey(s.ID), b, ttl).Err(); err != nil {
		return errs.Wrap(errs.Unavailable, err, "store session")
	}
	return nil
}

// Delete implements Store.
func (r *RedisStore) Delete(ctx context.Context, id string) error {
	if err := r.client.Del(ctx, redisKey(id)).Err(); err != nil {
		return errs.Wrap(errs.Unavailable, err, "delete session")
	}
	return nil
}

// Close closes the connection pool.
func (r *RedisStore) Close() error { return r.client.Close() }
