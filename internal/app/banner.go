package app

import (
	"fmt"
	"io"
	neturl "net/url"
	"strings"
	"text/tabwriter"
)

// PrintBanner tells a developer where everything is.
func (m *Main) PrintBanner(w io.Writer) {
	url := m.URL()
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "Vextrus %s is running (modules: %s)\n\n", Version, strings.Join(m.App.Modules(), ", "))
	fmt.Fprintf(tw, "  Gateway\t%s\n", url)
	fmt.Fprintf(tw, "  Health\t%s/healthz  %s/readyz\n", url, url)
	fmt.Fprintf(tw, "  Internal\t%s (subgraphs, %s/metrics, detailed /readyz)\n", m.InternalURL(), m.InternalURL())
	if ui := m.TemporalUI(); ui != "" {
		fmt.Fprintf(tw, "  Temporal UI\t%s\n", ui)
	}
	fmt.Fprintf(tw, "  Temporal\t%s (namespace %s)\n", m.App.Config.Temporal.Address, m.App.Config.Temporal.Namespace)
	fmt.Fprintf(tw, "  Kafka\t%s\n", strings.Join(m.App.Config.Kafka.Brokers, ","))
	fmt.Fprintf(tw, "  PostgreSQL\t%s\n", redactURL(m.App.Config.Database.URL))
	if f := m.AppPasswordFile(); f != "" {
		fmt.Fprintf(tw, "  App role\tvextrus_app, password in %s\n", f)
	}
	for _, line := range m.App.bannerLines {
		fmt.Fprintf(tw, "  %s\t%s\n", line[0], line[1])
	}
	fmt.Fprintf(tw, "\nPress Ctrl-C to stop.\n")
	tw.Flush()
	_, _ = io.WriteString(w, b.String())
}

// redactURL hides the password of a connection URL.
func redactURL(raw string) string {
	u, err := neturl.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = neturl.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
