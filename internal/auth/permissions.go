package auth

import "github.com/vextrus/vextrus/internal/platform/authz"

// The permissions auth declares.
const (
	PermUserRead        = "auth.user.read"
	PermUserWrite       = "auth.user.write"
	PermRoleRead        = "auth.role.read"
	PermRoleWrite       = "auth.role.write"
	PermRoleAssign      = "auth.role.assign"
	PermAPIKeyRead      = "auth.apikey.read"
	PermAPIKeyWrite     = "auth.apikey.write"
	PermSessionRevoke   = "auth.session.revoke"
	PermDepartmentRead  = "auth.department.read"
	PermDepartmentWrite = "auth.department.write"
	PermTenantRead      = "auth.tenant.read"
	PermTenantProvision = "auth.tenant.provision"
)

// Permissions are auth's entries in the registry.
var Permissions = []authz.Permission{
	{Name: PermUserRead, Description: "List and view users"},
	{Name: PermUserWrite, Description: "Invite users and issue password resets"},
	{Name: PermRoleRead, Description: "List roles and permissions"},
	{Name: PermRoleWrite, Description: "Create and delete custom roles"},
	{Name: PermRoleAssign, Description: "Assign and revoke users' roles"},
	{Name: PermAPIKeyRead, Description: "List API keys"},
	{Name: PermAPIKeyWrite, Description: "Create and revoke API keys"},
	{Name: PermSessionRevoke, Description: "List and revoke other users' sessions"},
	{Name: PermDepartmentRead, Description: "List departments and their members"},
	{Name: PermDepartmentWrite, Description: "Manage departments and their members"},
	{Name: PermTenantRead, Description: "View the tenant's profile"},
	{Name: PermTenantProvision, Description: "Create and suspend tenants (platform tenant only)"},
}
