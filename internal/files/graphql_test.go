package files_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/files"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

func TestTheSubgraphReadsListsLinksAndDeletesFiles(t *testing.T) {
	f := newFixture(t)
	a, b := tenant.New(), tenant.New()
	ca, cb := f.client(t, a), f.client(t, b)
	invoice := uuid.NewString()
	var stored files.FileJSON
	upload(ca, "mushak-6.3.pdf", "application/pdf", pdf(2048), "&ownerType=finance.invoice&ownerId="+invoice).
		Want(t, http.StatusCreated).Decode(t, &stored)
	id := stored.ID.String()

	var one struct {
		ID, Name, ContentType, Sha256 string
		Size                          int
		Owner                         struct{ Type, ID string }
	}
	data := ca.GraphQL("/graphql", `query($id: ID!) { file(id: $id) { id name contentType size sha256 owner { type id } } }`,
		map[string]any{"id": id}).Data(t)
	if err := json.Unmarshal(data["file"], &one); err != nil {
		t.Fatal(err)
	}
	if one.ID != id || one.Size != 2048 || one.Sha256 != stored.SHA256 || one.Owner.Type != files.OwnerInvoice || one.Owner.ID != invoice {
		t.Fatalf("file answered %+v", one)
	}

	var conn struct {
		Edges []struct {
			Cursor string
			Node   struct{ ID string }
		}
		PageInfo struct{ HasNextPage bool }
	}
	data = ca.GraphQL("/graphql", `query($o: ID) { files(ownerType: "finance.invoice", ownerId: $o, first: 10) { edges { cursor node { id } } pageInfo { hasNextPage } } }`,
		map[string]any{"o": invoice}).Data(t)
	if err := json.Unmarshal(data["files"], &conn); err != nil {
		t.Fatal(err)
	}
	if len(conn.Edges) != 1 || conn.Edges[0].Node.ID != id || conn.PageInfo.HasNextPage {
		t.Fatalf("files answered %+v", conn)
	}

	t.Run("another tenant gets NOT_FOUND and an empty list", func(t *testing.T) {
		if code, _ := cb.GraphQL("/graphql", `query($id: ID!) { file(id: $id) { id } }`, map[string]any{"id": id}).FirstError(); code != string(errs.NotFound) {
			t.Errorf("file: %q", code)
		}
		if code, _ := cb.GraphQL("/graphql", `mutation($id: ID!) { createFileLink(id: $id) { url } }`, map[string]any{"id": id}).FirstError(); code != string(errs.NotFound) {
			t.Errorf("createFileLink: %q", code)
		}
		data := cb.GraphQL("/graphql", `{ files { edges { node { id } } } }`, nil).Data(t)
		if string(data["files"]) != `{"edges":[]}` {
			t.Errorf("files: %s", data["files"])
		}
	})

	var link struct{ URL, ExpiresAt string }
	data = ca.GraphQL("/graphql", `mutation($id: ID!) { createFileLink(id: $id) { url expiresAt } }`, map[string]any{"id": id}).Data(t)
	if err := json.Unmarshal(data["createFileLink"], &link); err != nil || link.URL == "" {
		t.Fatalf("createFileLink answered %s", data["createFileLink"])
	}
	if code, body := get(t, link.URL); code != http.StatusOK || len(body) != 2048 {
		t.Fatalf("the link answered %d with %d bytes", code, len(body))
	}

	data = ca.GraphQL("/graphql", `query($r: [_Any!]!) { _entities(representations: $r) { ... on File { id name } } }`,
		map[string]any{"r": []any{map[string]any{"__typename": "File", "id": id}}}).Data(t)
	if want := `[{"id":"` + id + `","name":"mushak-6.3.pdf"}]`; string(data["_entities"]) != want {
		t.Errorf("_entities answered %s, want %s", data["_entities"], want)
	}

	ca.GraphQL("/graphql", `mutation($id: ID!) { deleteFile(id: $id) { id } }`, map[string]any{"id": id}).Data(t)
	if code, _ := ca.GraphQL("/graphql", `query($id: ID!) { file(id: $id) { id } }`, map[string]any{"id": id}).FirstError(); code != string(errs.NotFound) {
		t.Errorf("a deleted file: %q", code)
	}
}

// An invoice or order reached in another subgraph leads to its
// attachments here, in the caller's tenant only.
func TestInvoicesAndOrdersLeadToTheirAttachments(t *testing.T) {
	f := newFixture(t)
	a, b := tenant.New(), tenant.New()
	ca, cb := f.client(t, a), f.client(t, b)
	invoice, order := uuid.NewString(), uuid.NewString()
	var onInvoice, onOrder files.FileJSON
	upload(ca, "signed.pdf", "application/pdf", pdf(100), "&ownerType=finance.invoice&ownerId="+invoice).Want(t, http.StatusCreated).Decode(t, &onInvoice)
	upload(ca, "po.pdf", "application/pdf", pdf(100), "&ownerType=orders.purchase_order&ownerId="+order).Want(t, http.StatusCreated).Decode(t, &onOrder)

	const q = `query($r: [_Any!]!) { _entities(representations: $r) {
		... on Invoice { attachments { edges { node { id } } } }
		... on PurchaseOrder { attachments { edges { node { id } } } }
		... on SalesOrder { attachments { edges { node { id } } } } } }`
	reps := map[string]any{"r": []any{
		map[string]any{"__typename": "Invoice", "id": invoice},
		map[string]any{"__typename": "PurchaseOrder", "id": order},
		map[string]any{"__typename": "SalesOrder", "id": order},
	}}
	want := `[{"attachments":{"edges":[{"node":{"id":"` + onInvoice.ID.String() + `"}}]}},` +
		`{"attachments":{"edges":[{"node":{"id":"` + onOrder.ID.String() + `"}}]}},` +
		`{"attachments":{"edges":[]}}]`
	if got := string(ca.GraphQL("/graphql", q, reps).Data(t)["_entities"]); got != want {
		t.Errorf("tenant A's entities answered\n%s\nwant\n%s", got, want)
	}
	empty := `[{"attachments":{"edges":[]}},{"attachments":{"edges":[]}},{"attachments":{"edges":[]}}]`
	if got := string(cb.GraphQL("/graphql", q, reps).Data(t)["_entities"]); got != empty {
		t.Errorf("tenant B sees %s", got)
	}
}
