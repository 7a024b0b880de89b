package vaulttest

import (
	"crypto"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

type appRole struct {
	name, roleID  string
	secretIDs     map[string]bool
	ttl, maxTTL   time.Duration
	tokenPolicies []string
}

type k8sRole struct {
	names, namespaces []string
	ttl, maxTTL       time.Duration
	tokenPolicies     []string
}

// enableAuth answers POST sys/auth/<path> {"type": ...}.
func enableAuth(s *Server, r *request) (int, any) {
	kind, _ := r.body["type"].(string)
	if kind != "approle" && kind != "kubernetes" {
		return http.StatusBadRequest, errorsBody(fmt.Sprintf("the double has no auth method %q", kind))
	}
	if _, taken := s.methods[r.params[0]]; taken {
		return http.StatusBadRequest, errorsBody("path is already in use at " + r.params[0] + "/")
	}
	s.methods[r.params[0]] = kind
	return http.StatusNoContent, nil
}

// mountOf checks that path is an enabled mount of kind.
func (s *Server) mountOf(path, kind string) bool { return s.methods[path] == kind }

// writeAppRole answers POST auth/<mount>/role/<name>.
func writeAppRole(s *Server, r *request) (int, any) {
	if !s.mountOf(r.params[0], "approle") {
		return http.StatusNotFound, errorsBody("no handler for route")
	}
	key := r.params[0] + "/" + r.params[1]
	role := s.appRoles[key]
	if role == nil {
		role = &appRole{name: r.params[1], roleID: randomUUID(), secretIDs: map[string]bool{}}
		s.appRoles[key] = role
	}
	role.ttl, role.maxTTL = duration(r.body["token_ttl"]), duration(r.body["token_max_ttl"])
	role.tokenPolicies = strings_(r.body["token_policies"])
	return http.StatusNoContent, nil
}

// readRoleID answers GET auth/<mount>/role/<name>/role-id.
func readRoleID(s *Server, r *request) (int, any) {
	role := s.appRoles[r.params[0]+"/"+r.params[1]]
	if role == nil {
		return http.StatusNotFound, errorsBody()
	}
	return http.StatusOK, map[string]any{"data": map[string]any{"role_id": role.roleID}}
}

// newSecretID answers POST auth/<mount>/role/<name>/secret-id.
func newSecretID(s *Server, r *request) (int, any) {
	role := s.appRoles[r.params[0]+"/"+r.params[1]]
	if role == nil {
		return http.StatusBadRequest, errorsBody("invalid role name")
	}
	id := randomUUID()
	role.secretIDs[id] = true
	return http.StatusOK, map[string]any{"data": map[string]any{"secret_id": id, "secret_id_accessor": randomUUID(), "secret_id_ttl": 0}}
}

// appRoleLogin answers POST auth/<mount>/login {"role_id", "secret_id"}.
func appRoleLogin(s *Server, r *request) (int, any) {
	roleID, _ := r.body["role_id"].(string)
	secretID, _ := r.body["secret_id"].(string)
	for key, role := range s.appRoles {
		if strings.HasPrefix(key, r.params[0]+"/") && role.roleID == roleID {
			if !role.secretIDs[secretID] {
				return http.StatusBadRequest, errorsBody("invalid role or secret ID")
			}
			return s.issue(role.tokenPolicies, role.ttl, role.maxTTL, map[string]string{"role_name": role.name})
		}
	}
	return http.StatusBadRequest, errorsBody("invalid role or secret ID")
}

// writeK8sConfig answers POST auth/<mount>/config; only pem_keys matter:
// the double verifies service-account tokens with them and never calls a
// Kubernetes API.
func writeK8sConfig(s *Server, r *request) (int, any) {
	if !s.mountOf(r.params[0], "kubernetes") {
		return http.StatusNotFound, errorsBody("no handler for route")
	}
	s.k8sKeys[r.params[0]] = strings_(r.body["pem_keys"])
	return http.StatusNoContent, nil
}

// writeK8sRole answers POST auth/<mount>/role/<name>.
func writeK8sRole(s *Server, r *request) (int, any) {
	s.k8sRoles[r.params[0]+"/"+r.params[1]] = &k8sRole{
		names: strings_(r.body["bound_service_account_names"]), namespaces: strings_(r.body["bound_service_account_namespaces"]),
		ttl: duration(r.body["token_ttl"]), maxTTL: duration(r.body["token_max_ttl"]), tokenPolicies: strings_(r.body["token_policies"])}
	return http.StatusNoContent, nil
}

// writeRole dispatches auth/<mount>/role/<name> by the mount's method.
func writeRole(s *Server, r *request) (int, any) {
	if s.mountOf(r.params[0], "kubernetes") {
		return writeK8sRole(s, r)
	}
	return writeAppRole(s, r)
}

// login dispatches auth/<mount>/login by the mount's method.
func login(s *Server, r *request) (int, any) {
	switch s.methods[r.params[0]] {
	case "approle":
		return appRoleLogin(s, r)
	case "kubernetes":
		return k8sLogin(s, r)
	}
	return http.StatusNotFound, errorsBody("no handler for route")
}

// k8sLogin answers POST auth/<mount>/login {"role", "jwt"}: the JWT must be
// signed by a configured key, be current on the server's clock, and name a
// service account and namespace the role binds.
func k8sLogin(s *Server, r *request) (int, any) {
	name, _ := r.body["role"].(string)
	role := s.k8sRoles[r.params[0]+"/"+name]
	if role == nil {
		return http.StatusBadRequest, errorsBody(fmt.Sprintf("invalid role name %q", name))
	}
	raw, _ := r.body["jwt"].(string)
	sa, ns, err := s.verifyServiceAccount(r.params[0], raw)
	if err != nil {
		return http.StatusForbidden, errorsBody(err.Error())
	}
	if !bound(role.names, sa) || !bound(role.namespaces, ns) {
		return http.StatusForbidden, errorsBody("service account name not authorized")
	}
	return s.issue(role.tokenPolicies, role.ttl, role.maxTTL,
		map[string]string{"role": name, "service_account_name": sa, "service_account_namespace": ns})
}

func (s *Server) verifyServiceAccount(mount, raw string) (sa, ns string, err error) {
	var keys []crypto.PublicKey
	for _, pem := range s.k8sKeys[mount] {
		if k, err := jwt.ParseRSAPublicKeyFromPEM([]byte(pem)); err == nil {
			keys = append(keys, k)
		} else if k, err := jwt.ParseECPublicKeyFromPEM([]byte(pem)); err == nil {
			keys = append(keys, k)
		}
	}
	claims := jwt.MapClaims{}
	_, err = jwt.ParseWithClaims(raw, claims, func(*jwt.Token) (any, error) {
		return jwt.VerificationKeySet{Keys: toVerificationKeys(keys)}, nil
	}, jwt.WithValidMethods([]string{"RS256", "ES256"}), jwt.WithTimeFunc(s.clock.Now), jwt.WithExpirationRequired())
	if err != nil {
		return "", "", fmt.Errorf("invalid service account token: %w", err)
	}
	k8s, _ := claims["kubernetes.io"].(map[string]any)
	ns, _ = k8s["namespace"].(string)
	acct, _ := k8s["serviceaccount"].(map[string]any)
	sa, _ = acct["name"].(string)
	if sa == "" || ns == "" {
		return "", "", errors.New("invalid service account token: no kubernetes.io service account claims")
	}
	return sa, ns, nil
}

func toVerificationKeys(keys []crypto.PublicKey) []jwt.VerificationKey {
	out := make([]jwt.VerificationKey, len(keys))
	for i, k := range keys {
		out[i] = k
	}
	return out
}

func bound(allowed []string, v string) bool {
	return slices.Contains(allowed, "*") || slices.Contains(allowed, v)
}

// strings_ reads a list parameter given as a JSON array or a comma list.
func strings_(v any) []string {
	switch l := v.(type) {
	case []any:
		out := make([]string, 0, len(l))
		for _, x := range l {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	case string:
		var out []string
		for _, p := range strings.Split(l, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	return nil
}

func randomUUID() string {
	h := randomID()
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// health answers GET sys/health as an unsealed, active node.
func health(s *Server, _ *request) (int, any) {
	return http.StatusOK, map[string]any{"initialized": true, "sealed": false, "standby": false,
		"performance_standby": false, "server_time_utc": s.clock.Now().Unix(), "version": "vaulttest"}
}

// routes are the endpoints of the double, first match wins.
var routes = []route{
	{http.MethodGet, "sys/health", true, health},
	{http.MethodPost, "sys/auth/*", false, enableAuth},
	{http.MethodGet, "auth/token/lookup-self", false, lookupSelf},
	{http.MethodPost, "auth/token/renew-self", false, renewSelf},
	{http.MethodPost, "auth/token/revoke-self", false, revokeSelf},
	{http.MethodPost, "auth/*/login", true, login},
	{http.MethodPost, "auth/*/config", false, writeK8sConfig},
	{http.MethodGet, "auth/*/role/*/role-id", false, readRoleID},
	{http.MethodPost, "auth/*/role/*/secret-id", false, newSecretID},
	{http.MethodPost, "auth/*/role/*", false, writeRole},
	{http.MethodGet, "*/data/**", false, kvRead},
	{http.MethodPost, "*/data/**", false, kvWrite},
	{http.MethodGet, "*/metadata/**", false, kvMetadata},
}
