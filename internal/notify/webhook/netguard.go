package webhook

import (
	"errors"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// errPrivateAddress refuses a connection to an address inside the
// platform's own network.
var errPrivateAddress = errors.New("webhook: the receiver's address is private, loopback or link-local")

// newClient returns the client that posts deliveries. Unless
// allowInsecure, it refuses to connect to loopback, private, link-local
// (the cloud metadata service) and unspecified addresses, checked on the
// address actually dialled, so a tenant cannot aim webhooks at the
// platform's internal services, not even through a DNS name that later
// changes. It never follows redirects: a receiver answers, it does not
// send the delivery elsewhere.
func newClient(allowInsecure bool) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	if !allowInsecure {
		dialer.Control = func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return err
			}
			if a := ap.Addr().Unmap(); a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() ||
				a.IsLinkLocalMulticast() || a.IsUnspecified() || a.IsMulticast() {
				return errPrivateAddress
			}
			return nil
		}
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = dialer.DialContext
	tr.Proxy = nil
	tr.MaxIdleConnsPerHost = 4
	return &http.Client{
		Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}
