package notify

import "context"

// User is a recipient who is a user of the tenant, as auth knows them.
type User struct {
	ID     string `json:"id"`
	Email  string `json:"email"`
	Name   string `json:"name"`
	NameBn string `json:"nameBn"`
	Locale string `json:"locale"` // "bn" | "en" | "" (the tenant's)
	Mobile string `json:"mobile"` // +8801…, "" when none
	Status string `json:"status"` // active, invited, disabled
}

// Party is a customer from master data, addressed by email or mobile.
type Party struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	NameBn string `json:"nameBn"`
	Email  string `json:"email"`
	Mobile string `json:"mobile"`
}

// Directory resolves recipients; the calls run with the context's
// credential (the service's own, for a tenant). Each returns NOT_FOUND
// for an id that names nobody.
type Directory interface {
	User(ctx context.Context, id string) (User, error)
	// UsersWithRole lists the active users holding role.
	UsersWithRole(ctx context.Context, role string) ([]User, error)
	// DepartmentMembers lists the user ids of a department (by id or
	// name), only its heads when headsOnly.
	DepartmentMembers(ctx context.Context, department string, headsOnly bool) ([]string, error)
	Customer(ctx context.Context, id string) (Party, error)
}
