package config

import (
	"reflect"
	"slices"
	"strings"
)

// addEnvKeys adds to every map of settings under v (services, clients) the
// keys the environment names but the file does not, so that
// VEXTRUS_SERVICES_AUTH_URL alone gives services.auth.url. A variable
// names key k of a map at prefix p when it is EnvName(p.k.leaf) for one of
// the element's settings; the key is taken lower-cased, so a key holding
// "-" (written "_" in a variable's name) must come from the file.
func addEnvKeys(v reflect.Value, prefix string, environ []string) {
	switch {
	case v.Kind() == reflect.Pointer:
		if !v.IsNil() {
			addEnvKeys(v.Elem(), prefix, environ)
		}
	case v.Kind() == reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			if name, ok := keyName(t.Field(i)); ok {
				addEnvKeys(v.Field(i), join(prefix, name), environ)
			}
		}
	case v.Kind() == reflect.Map && v.Type().Key().Kind() == reflect.String && !isLeaf(v.Type().Elem()):
		var leaves []string
		walk(reflect.New(v.Type().Elem()).Elem(), "", func(f field) { leaves = append(leaves, f.key) })
		// The longest first: AUTH_INTERNAL_URL is auth's internal_url,
		// not a key auth_internal's url.
		slices.SortFunc(leaves, func(a, b string) int { return len(b) - len(a) })
		head := EnvName(prefix) + "_"
		for _, kv := range environ {
			name, _, _ := strings.Cut(kv, "=")
			rest, ok := strings.CutPrefix(name, head)
			if !ok {
				continue
			}
			for _, leaf := range leaves {
				key, ok := strings.CutSuffix(rest, strings.TrimPrefix(EnvName(leaf), Prefix))
				if !ok || key == "" {
					continue
				}
				k := reflect.ValueOf(strings.ToLower(key)).Convert(v.Type().Key())
				if v.IsNil() {
					v.Set(reflect.MakeMap(v.Type()))
				}
				if !v.MapIndex(k).IsValid() {
					v.SetMapIndex(k, reflect.New(v.Type().Elem()).Elem())
				}
				break
			}
		}
	}
}
