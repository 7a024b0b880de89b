package app_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/app"
)

// TestDevStoresFilesInItsObjectStore runs the files module in dev: the
// in-process object store is named in the banner, an upload above the
// general body limit passes the gateway up to files.max_size, a stored
// file comes back byte-exact through the service and through its link,
// an attachment to an invoice that does not exist is refused, and the
// gateway's GraphQL lists the tenant's files.
func TestDevStoresFilesInItsObjectStore(t *testing.T) {
	m, err := app.NewMain(context.Background(), app.Options{Dir: dataDir(t)})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() { _ = m.Close() })
	var banner bytes.Buffer
	m.PrintBanner(&banner)
	if !strings.Contains(banner.String(), "Object store") || !strings.Contains(banner.String(), "files.bolt") {
		t.Fatalf("the banner does not name the object store:\n%s", banner.String())
	}
	api := newClient(t, m.URL(), devLogin(t, m.URL()))

	body := bytes.Repeat([]byte("0123456789abcdef"), 5<<20/16)
	copy(body, "%PDF-1.7\n")
	sum := sha256.Sum256(body)
	var file struct{ ID, SHA256 string }
	api.Do(http.MethodPost, "/api/v1/files?name=drawings.pdf", body, "Content-Type", "application/pdf").
		Want(t, http.StatusCreated).Decode(t, &file)
	if file.SHA256 != hex.EncodeToString(sum[:]) {
		t.Fatalf("stored sha256 %s", file.SHA256)
	}
	content := api.Do(http.MethodGet, "/api/v1/files/"+file.ID+"/content", nil).Want(t, http.StatusOK)
	if !bytes.Equal(content.Raw, body) {
		t.Fatalf("the content came back as %d different bytes", len(content.Raw))
	}
	var link struct{ URL string }
	api.Do(http.MethodPost, "/api/v1/files/"+file.ID+"/link", nil).Want(t, http.StatusOK).Decode(t, &link)
	res, err := http.Get(link.URL)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !bytes.Equal(raw, body) {
		t.Fatalf("the link answered %d with %d bytes", res.StatusCode, len(raw))
	}

	big := make([]byte, 25<<20+1)
	copy(big, "%PDF-1.7\n")
	r := api.Do(http.MethodPost, "/api/v1/files?name=huge.pdf", big, "Content-Type", "application/pdf")
	r.WantProblem(t, http.StatusRequestEntityTooLarge, "INVALID_ARGUMENT")
	if !slices.Contains(r.Fields(t), "body") || !strings.Contains(string(r.Raw), "26214400") {
		t.Fatalf("the refusal does not name the body and the limit: %s", r.Raw)
	}

	r = api.Do(http.MethodPost, "/api/v1/files?name=a.pdf&ownerType=finance.invoice&ownerId="+uuid.NewString(), body[:100],
		"Content-Type", "application/pdf")
	r.WantProblem(t, http.StatusBadRequest, "INVALID_ARGUMENT")
	if !slices.Contains(r.Fields(t), "ownerId") {
		t.Fatalf("an attachment to a missing invoice: %s", r.Raw)
	}

	var data struct {
		Files struct {
			Edges []struct{ Node struct{ ID, Name string } }
		}
	}
	ans := api.GraphQL("/graphql", `{ files(first: 10) { edges { node { id name } } } }`, nil).Data(t)
	if err := json.Unmarshal(ans["files"], &data.Files); err != nil {
		t.Fatal(err)
	}
	if len(data.Files.Edges) != 1 || data.Files.Edges[0].Node.ID != file.ID {
		t.Fatalf("the gateway lists %+v", data.Files.Edges)
	}
}

// In serve mode the files target names what it lacks: the object store's
// endpoint and credential, and the services it checks attachments against.
func TestServeFilesNeedsItsObjectStore(t *testing.T) {
	check := func(cfg app.Config, targets ...string) string {
		err := app.New(cfg, app.Serve, slog.New(slog.DiscardHandler)).Check(targets)
		if err == nil {
			return ""
		}
		return err.Error()
	}
	alone := check(app.DefaultConfig(), app.Files)
	for _, env := range []string{"VEXTRUS_FILES_ENDPOINT", "VEXTRUS_FILES_ACCESS_KEY", "VEXTRUS_FILES_SECRET_KEY",
		"VEXTRUS_SERVICES_FINANCE_URL", "VEXTRUS_SERVICES_ORDERS_URL"} {
		if !strings.Contains(alone, env) {
			t.Errorf("files alone does not name %s:\n%s", env, alone)
		}
	}
	cfg := app.DefaultConfig()
	cfg.Files.Endpoint, cfg.Files.AccessKey, cfg.Files.SecretKey = "https://s3.example.com", "AK", "SK"
	if got := check(cfg, app.Files, app.Finance, app.Orders); strings.Contains(got, "VEXTRUS_FILES_") ||
		strings.Contains(got, "VEXTRUS_SERVICES_FINANCE_URL") || strings.Contains(got, "VEXTRUS_SERVICES_ORDERS_URL") {
		t.Errorf("a configured files beside finance and orders:\n%s", got)
	}
}
