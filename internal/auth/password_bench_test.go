package auth_test

import (
	"testing"

	"golang.org/x/crypto/argon2"

	"github.com/vextrus/vextrus/internal/auth"
)

// BenchmarkArgon2Default is the cost of one password check at the default
// parameters, the floor of a login's latency.
func BenchmarkArgon2Default(b *testing.B) {
	p := auth.DefaultArgon2
	salt := make([]byte, 16)
	b.ReportAllocs()
	for b.Loop() {
		argon2.IDKey([]byte("correct horse battery staple"), salt, p.Iterations, p.MemoryKiB, p.Parallelism, 32)
	}
}
