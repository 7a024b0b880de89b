package notify

import "context"

// User is a recipient who is a user of the tenant, as auth knows them.
type User struct {
	ID     string `json:"id"`
	Email  string `json:"email"`
	Name   string `json:"name"`
	Locale string `json:"locale"` // "bn" | "en" | "" (the tenant's)
	Mobile string `json:"mobile"` // +8801…, "" when none
	Active bool   `json:"active"`
}

// Party is a customer or vendor from master data, addressed by email.
type Party struct {
	ID     string
	Name   string
	NameBn string
	Email  string
	Mobile string
}

// Directory resolves recipients; the calls run with the context's
// credential (the service's own, for a tenant).
type Directory interface {
	User(ctx context.Context, id string) (User, error)
	UsersWithRole(ctx context.Context, role string) ([]User, error)
	Customer(ctx context.Context, id string) (Party, error)
}
