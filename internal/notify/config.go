package notify

import (
	"time"

	"github.com/vextrus/vextrus/internal/platform/config"
)

// Config is the notify section of the process configuration.
type Config struct {
	SMTP SMTPConfig `yaml:"smtp"`
	SMS  SMSConfig  `yaml:"sms"`
	// PollInterval is how often the delivery runner looks for due
	// deliveries when nothing woke it.
	PollInterval time.Duration `yaml:"poll_interval" doc:"how often the delivery runner looks for due email and SMS deliveries"`
	// BackoffBase is the pause after a delivery's first failed try; it
	// doubles with every further one up to MaxBackoff.
	BackoffBase time.Duration `yaml:"backoff_base" doc:"pause after the first failed try of an email or SMS; doubles per try"`
	// MaxBackoff caps the pause between two tries of one delivery.
	MaxBackoff time.Duration `yaml:"max_backoff" doc:"longest pause between two tries of one delivery"`
	// RetryFor is how long a delivery that fails for a passing reason
	// (a server down, a timeout) keeps being tried before it is marked
	// failed; a refusal for good (an address that does not exist) fails
	// it at once.
	RetryFor time.Duration `yaml:"retry_for" doc:"how long an email or SMS that fails for a passing reason keeps being retried"`
	// Workers bounds the sends in flight per channel.
	Workers int `yaml:"workers" doc:"email or SMS sends in flight at once, per channel"`
	// DigestWindow gathers the approval requests a user receives as the
	// holder of a role or a department's member into one email (and one
	// SMS) per window; 0 sends each at once (digest.go).
	DigestWindow time.Duration `yaml:"digest_window" doc:"approval requests to a role's holders go by email and SMS as one digest per this window; 0 sends each at once"`
	// Retention is how long an email or SMS delivery is kept once it is
	// done (sent, or failed for good), with the requests a digest listed,
	// and a webhook delivery once delivered or dead; 0 keeps them for
	// ever. Pending deliveries are never pruned.
	Retention time.Duration `yaml:"retention" doc:"how long sent and failed email and SMS deliveries (and the requests a digest listed) and delivered and dead webhook deliveries are kept; 0 keeps them for ever"`
}

// SMTPConfig is the mail server email is sent through. In `vextrus dev`
// an empty host runs an SMTP server in process, whose mailbox dev shows.
type SMTPConfig struct {
	Host     string `yaml:"host" doc:"SMTP server host; empty sends no email (dev: runs one in process)"`
	Port     int    `yaml:"port" doc:"SMTP server port"`
	User     string `yaml:"user" doc:"SMTP user name; empty sends without authentication"`
	Password string `yaml:"password" secret:"true" doc:"SMTP password"`
	From     string `yaml:"from" doc:"sender address of notification email, e.g. \"Vextrus <no-reply@example.com>\""`
	// TLS is "starttls" (required), "tls" (implicit, usually port 465)
	// or "none" (only for a server on a trusted network).
	TLS     string        `yaml:"tls" doc:"starttls, tls (implicit) or none"`
	Timeout time.Duration `yaml:"timeout" doc:"bound of one SMTP session (connect, send, quit)"`
}

// SMSConfig chooses the SMS provider (internal/notify/sms).
type SMSConfig struct {
	Provider string `yaml:"provider" doc:"SMS provider: http (the gateway adapter), recorder (keeps what it would send), or empty (none; dev: recorder)"`
	URL      string `yaml:"url" doc:"the HTTP provider's send endpoint"`
	APIKey   string `yaml:"api_key" secret:"true" doc:"the HTTP provider's API key"`
	SenderID string `yaml:"sender_id" doc:"the registered sender ID or masking name"`
	// Timeout bounds one request to the HTTP provider.
	Timeout time.Duration `yaml:"timeout" doc:"bound of one request to the HTTP SMS provider"`
}

// DefaultConfig is the notify section before the file and environment.
func DefaultConfig() Config {
	return Config{
		SMTP:         SMTPConfig{Port: 587, TLS: "starttls", Timeout: 30 * time.Second, From: "Vextrus <no-reply@localhost>"},
		SMS:          SMSConfig{Timeout: 10 * time.Second},
		PollInterval: 5 * time.Second,
		BackoffBase:  10 * time.Second,
		MaxBackoff:   30 * time.Minute,
		RetryFor:     72 * time.Hour,
		Workers:      8,
		DigestWindow: 5 * time.Minute,
		Retention:    90 * 24 * time.Hour,
	}
}

// Validate reports every problem with c.
func (c *Config) Validate(ch *config.Checker) {
	ch.Check(c.SMTP.Port > 0 && c.SMTP.Port < 65536, "smtp.port", "must be a TCP port")
	ch.Check(c.SMTP.TLS == "starttls" || c.SMTP.TLS == "tls" || c.SMTP.TLS == "none", "smtp.tls", "must be starttls, tls or none")
	ch.Check(c.SMTP.Host == "" || c.SMTP.From != "", "smtp.from", "required when smtp.host is set")
	ch.Check(c.SMTP.Timeout > 0, "smtp.timeout", "must be positive")
	ch.Check(c.SMS.Provider == "" || c.SMS.Provider == "http" || c.SMS.Provider == "recorder", "sms.provider", "must be empty, http or recorder")
	ch.Check(c.SMS.Provider != "http" || c.SMS.URL != "", "sms.url", "required by the http provider")
	ch.Check(c.SMS.Provider != "http" || c.SMS.APIKey != "", "sms.api_key", "required by the http provider")
	ch.Check(c.SMS.Provider != "http" || c.SMS.SenderID != "", "sms.sender_id", "required by the http provider")
	ch.Check(c.SMS.Timeout > 0, "sms.timeout", "must be positive")
	ch.Check(c.PollInterval > 0, "poll_interval", "must be positive")
	ch.Check(c.BackoffBase > 0, "backoff_base", "must be positive")
	ch.Check(c.MaxBackoff >= c.BackoffBase, "max_backoff", "must be at least backoff_base")
	ch.Check(c.RetryFor > 0, "retry_for", "must be positive")
	ch.Check(c.Workers > 0, "workers", "must be positive")
	ch.Check(c.DigestWindow == 0 || c.DigestWindow >= time.Minute && c.DigestWindow <= 24*time.Hour, "digest_window",
		"must be 0 (off) or between 1m and 24h")
	ch.Check(c.Retention == 0 || c.Retention >= 24*time.Hour, "retention", "must be 0 (keep for ever) or at least 24h")
}

// withDefaults fills c's zero runner fields from DefaultConfig; a zero
// DigestWindow stays zero (digests off), and a zero Retention keeps
// history for ever.
func withDefaults(c Config) Config {
	d := DefaultConfig()
	if c.PollInterval <= 0 {
		c.PollInterval = d.PollInterval
	}
	if c.BackoffBase <= 0 {
		c.BackoffBase = d.BackoffBase
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = d.MaxBackoff
	}
	if c.RetryFor <= 0 {
		c.RetryFor = d.RetryFor
	}
	if c.Workers <= 0 {
		c.Workers = d.Workers
	}
	return c
}
