package kafkax_test

import (
	"slices"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
)

func TestWithDefaultsFillsOnlyUnsetFields(t *testing.T) {
	got := kafkax.Config{Brokers: []string{"k:9092"}, Partitions: 12}.WithDefaults()
	if got.ClientID != kafkax.DefaultClientID || got.Partitions != 12 || got.ReplicationFactor != 1 {
		t.Fatalf("WithDefaults = %+v", got)
	}
	if err := got.Validate(); err != nil {
		t.Fatalf("defaulted config is invalid: %v", err)
	}
}

func TestValidate(t *testing.T) {
	valid := kafkax.Config{Brokers: []string{"k:9092"}}.WithDefaults()
	tests := []struct {
		name   string
		edit   func(*kafkax.Config)
		fields []string
	}{
		{"accepts a minimal config", func(*kafkax.Config) {}, nil},
		{"accepts SCRAM with credentials", func(c *kafkax.Config) {
			c.SASL = kafkax.SASLConfig{Mechanism: kafkax.MechanismSCRAMSHA512, Username: "u", Password: "p"}
		}, nil},
		{"requires a broker", func(c *kafkax.Config) { c.Brokers = nil }, []string{"brokers"}},
		{"rejects an empty broker", func(c *kafkax.Config) { c.Brokers = []string{" "} }, []string{"brokers"}},
		{"rejects an unknown mechanism", func(c *kafkax.Config) { c.SASL.Mechanism = "GSSAPI" }, []string{"sasl.mechanism"}},
		{"requires SASL credentials", func(c *kafkax.Config) { c.SASL.Mechanism = kafkax.MechanismPlain },
			[]string{"sasl.username", "sasl.password"}},
		{"requires cert and key together", func(c *kafkax.Config) { c.TLS.CertFile = "c.pem" }, []string{"tls"}},
		{"reports every problem at once", func(c *kafkax.Config) {
			c.Brokers, c.Partitions, c.ReplicationFactor = nil, -1, -1
		}, []string{"brokers", "partitions", "replication_factor"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := valid
			tt.edit(&c)
			err := c.Validate()
			if tt.fields == nil {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if !errs.Is(err, errs.InvalidArgument) {
				t.Fatalf("Validate() = %v, want INVALID_ARGUMENT", err)
			}
			var got []string
			for _, f := range errs.As(err).Fields {
				got = append(got, f.Field)
			}
			if !slices.Equal(got, tt.fields) {
				t.Fatalf("fields = %v, want %v", got, tt.fields)
			}
		})
	}
}

func TestNewClientRejectsInvalidConfig(t *testing.T) {
	_, err := kafkax.NewClient(kafkax.Config{})
	if !errs.Is(err, errs.InvalidArgument) {
		t.Fatalf("NewClient(empty) = %v, want INVALID_ARGUMENT", err)
	}
}
