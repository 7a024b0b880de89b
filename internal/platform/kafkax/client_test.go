package kafkax_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/vextrus/vextrus/internal/platform/kafkax"
)

// The production paths (SASL, TLS) are checked against kfake configured like
// a secured cluster, since the embedded broker runs neither.

func TestNewClientAuthenticatesWithSASL(t *testing.T) {
	for _, mech := range []string{kafkax.MechanismPlain, kafkax.MechanismSCRAMSHA256, kafkax.MechanismSCRAMSHA512} {
		t.Run(mech, func(t *testing.T) {
			addrs := fakeCluster(t, kfake.EnableSASL(), kfake.Superuser(mech, "vextrus", "s3cret"))
			cfg := kafkax.Config{Brokers: addrs, SASL: kafkax.SASLConfig{Mechanism: mech, Username: "vextrus", Password: "s3cret"}}
			if err := check(t, cfg); err != nil {
				t.Fatalf("Check with the right password = %v", err)
			}
			cfg.SASL.Password = "wrong"
			if err := check(t, cfg); err == nil {
				t.Fatal("Check with a wrong password succeeded")
			}
		})
	}
}

func TestNewClientVerifiesTLSWithCAFile(t *testing.T) {
	cert, caFile := selfSigned(t)
	addrs := fakeCluster(t, kfake.TLS(&tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}))
	cfg := kafkax.Config{Brokers: addrs, TLS: kafkax.TLSConfig{Enabled: true, CAFile: caFile}}
	if err := check(t, cfg); err != nil {
		t.Fatalf("Check trusting the broker's CA = %v", err)
	}
	cfg.TLS.CAFile = ""
	if err := check(t, cfg); err == nil {
		t.Fatal("Check succeeded against an untrusted certificate")
	}
}

func fakeCluster(t *testing.T, opts ...kfake.Opt) []string {
	t.Helper()
	c, err := kfake.NewCluster(append([]kfake.Opt{kfake.NumBrokers(1)}, opts...)...)
	if err != nil {
		t.Fatalf("start kfake: %v", err)
	}
	t.Cleanup(c.Close)
	return c.ListenAddrs()
}

func check(t *testing.T, cfg kafkax.Config) error {
	t.Helper()
	cl, err := kafkax.NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	return kafkax.Check(ctx, cl)
}

// selfSigned returns a certificate for 127.0.0.1 and the path of a PEM file
// holding it, to be trusted as its own CA.
func selfSigned(t *testing.T) (tls.Certificate, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, caFile
}
