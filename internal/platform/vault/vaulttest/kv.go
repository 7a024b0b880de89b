package vaulttest

import (
	"net/http"
	"strconv"
	"time"
)

// kvSecret is one KV v2 secret: every version written, 1-based.
type kvSecret struct {
	versions []kvVersion
	created  time.Time
	updated  time.Time
}

type kvVersion struct {
	data    map[string]any
	created time.Time
}

func (k *kvSecret) current() int { return len(k.versions) }

func (k *kvSecret) versionMetadata(n int) map[string]any {
	return map[string]any{"version": n, "created_time": rfc3339(k.versions[n-1].created),
		"deletion_time": "", "destroyed": false, "custom_metadata": nil}
}

// kvRead answers GET <mount>/data/<path>[?version=n].
func kvRead(s *Server, r *request) (int, any) {
	k := s.kv[r.params[0]+"/"+r.params[1]]
	if k == nil {
		return http.StatusNotFound, errorsBody()
	}
	n := k.current()
	if v := r.http.URL.Query().Get("version"); v != "" && v != "0" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			return http.StatusBadRequest, errorsBody("invalid version")
		}
	}
	if n > k.current() {
		return http.StatusNotFound, errorsBody()
	}
	return http.StatusOK, map[string]any{"data": map[string]any{
		"data": k.versions[n-1].data, "metadata": k.versionMetadata(n)}}
}

// kvWrite answers POST <mount>/data/<path>: a new version, refused when
// options.cas is given and is not the current version (0: must not exist).
func kvWrite(s *Server, r *request) (int, any) {
	key := r.params[0] + "/" + r.params[1]
	data, ok := r.body["data"].(map[string]any)
	if !ok {
		return http.StatusBadRequest, errorsBody("no data provided")
	}
	k := s.kv[key]
	current := 0
	if k != nil {
		current = k.current()
	}
	if opts, ok := r.body["options"].(map[string]any); ok {
		if cas, ok := number(opts["cas"]); ok && int(cas) != current {
			return http.StatusBadRequest, errorsBody("check-and-set parameter did not match the current version")
		}
	}
	now := s.clock.Now()
	if k == nil {
		k = &kvSecret{created: now}
		s.kv[key] = k
	}
	k.versions = append(k.versions, kvVersion{data: data, created: now})
	k.updated = now
	return http.StatusOK, map[string]any{"data": k.versionMetadata(k.current())}
}

// kvMetadata answers GET <mount>/metadata/<path>.
func kvMetadata(s *Server, r *request) (int, any) {
	k := s.kv[r.params[0]+"/"+r.params[1]]
	if k == nil {
		return http.StatusNotFound, errorsBody()
	}
	versions := map[string]any{}
	for n := 1; n <= k.current(); n++ {
		md := k.versionMetadata(n)
		delete(md, "version")
		delete(md, "custom_metadata")
		versions[strconv.Itoa(n)] = md
	}
	return http.StatusOK, map[string]any{"data": map[string]any{
		"current_version": k.current(), "oldest_version": 1, "max_versions": 0, "cas_required": false,
		"created_time": rfc3339(k.created), "updated_time": rfc3339(k.updated),
		"delete_version_after": "0s", "custom_metadata": nil, "versions": versions}}
}
