package gateway

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// RedisLimiter keeps the token buckets in Redis, so every gateway replica
// draws from the same ones. One Lua script refills and takes atomically,
// with Redis's clock, so replicas with skewed clocks agree.
type RedisLimiter struct {
	client *redis.Client
}

// NewRedisLimiter connects to url (redis://[:password@]host:port/db).
func NewRedisLimiter(url string) (*RedisLimiter, error) {
	opts, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("parse redis url: %w", err)
	}
	return &RedisLimiter{client: redis.NewClient(opts)}, nil
}

// Close closes the connection pool.
func (l *RedisLimiter) Close() error { return l.client.Close() }

// takeScript stores {tokens, at (µs)} per key and expires idle buckets once
// they would be full again. Returns {1, 0} or {0, µs until a token}.
var takeScript = redis.NewScript(`
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1]) or burst
local at = tonumber(b[2]) or now
tokens = math.min(burst, tokens + (now - at) / 1000000 * rate)
local ok = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  ok = 1
else
  wait = math.ceil((1 - tokens) / rate * 1000000)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return {ok, wait}
`)

// Take implements Limiter.
func (l *RedisLimiter) Take(ctx context.Context, key string, rate float64, burst int) (bool, time.Duration, error) {
	res, err := takeScript.Run(ctx, l.client, []string{"vextrus:ratelimit:" + key}, rate, burst).Int64Slice()
	if err != nil {
		return false, 0, fmt.Errorf("redis rate limit: %w", err)
	}
	return res[0] == 1, time.Duration(res[1]) * time.Microsecond, nil
}
