package tokenseal_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/tokenseal"
)

func TestSealOpen(t *testing.T) {
	const secret = "shared-service-secret"
	sealed, err := tokenseal.Seal(secret, "vxt_token_123")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("round trips", func(t *testing.T) {
		got, err := tokenseal.Open(secret, sealed)
		if err != nil || got != "vxt_token_123" {
			t.Fatalf("Open = %q, %v", got, err)
		}
	})
	t.Run("hides the plaintext", func(t *testing.T) {
		if strings.Contains(sealed, "vxt_token_123") {
			t.Fatalf("sealed value %q shows the token", sealed)
		}
		again, _ := tokenseal.Seal(secret, "vxt_token_123")
		if again == sealed {
			t.Fatal("two seals of one token are equal: the nonce is not random")
		}
	})
	t.Run("refuses another secret", func(t *testing.T) {
		if _, err := tokenseal.Open("other-secret", sealed); !errors.Is(err, tokenseal.ErrOpen) {
			t.Fatalf("err = %v, want ErrOpen", err)
		}
	})
	t.Run("refuses an altered value", func(t *testing.T) {
		b := []byte(sealed)
		b[len(b)-3] ^= 1
		if _, err := tokenseal.Open(secret, string(b)); !errors.Is(err, tokenseal.ErrOpen) {
			t.Fatalf("err = %v, want ErrOpen", err)
		}
		if _, err := tokenseal.Open(secret, "v1.@@@"); !errors.Is(err, tokenseal.ErrOpen) {
			t.Fatalf("malformed: err = %v, want ErrOpen", err)
		}
	})
	t.Run("needs a secret", func(t *testing.T) {
		if _, err := tokenseal.Seal("", "x"); !errors.Is(err, tokenseal.ErrNoSecret) {
			t.Fatalf("err = %v, want ErrNoSecret", err)
		}
	})
}
