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
	// MaxAttempts bounds the tries of one delivery before it is failed.
	MaxAttempts int `yaml:"max_attempts" doc:"tries of one email or SMS delivery before it is marked failed"`
	// MaxBackoff caps the pause between two tries of one delivery.
	MaxBackoff time.Duration `yaml:"max_backoff" doc:"longest pause between two tries of one delivery"`
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
	Provider string `yaml:"provider" doc:"SMS provider: empty (none), http, or recorder (keeps what it would send; dev)"`
	URL      string `yaml:"url" doc:"the HTTP provider's send endpoint"`
	APIKey   string `yaml:"api_key" secret:"true" doc:"the HTTP provider's API key"`
	SenderID string `yaml:"sender_id" doc:"the registered sender ID or masking name"`
}

// DefaultConfig is the notify section before the file and environment.
func DefaultConfig() Config {
	return Config{
		SMTP:         SMTPConfig{Port: 587, TLS: "starttls", Timeout: 30 * time.Second, From: "Vextrus <no-reply@localhost>"},
		PollInterval: 5 * time.Second,
		MaxAttempts:  12,
		MaxBackoff:   30 * time.Minute,
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
	ch.Check(c.PollInterval > 0, "poll_interval", "must be positive")
	ch.Check(c.MaxAttempts > 0, "max_attempts", "must be positive")
	ch.Check(c.MaxBackoff > 0, "max_backoff", "must be positive")
}
