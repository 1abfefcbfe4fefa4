package plugin

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/anomalysentinel/sentinel/pkg/internal/testenv"
)

// callResource runs one GET resource request through the datasource as Grafana would.
func callResource(t *testing.T, ds *Datasource, path string) *backend.CallResourceResponse {
	t.Helper()
	return callResourceAs(t, ds, http.MethodGet, path, nil)
}

func callResourceAs(t *testing.T, ds *Datasource, method, path string, user *backend.User) *backend.CallResourceResponse {
	t.Helper()
	var got *backend.CallResourceResponse
	// Grafana sends the resource path without the query, and the whole URL with it.
	resource, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "?")
	req := &backend.CallResourceRequest{Method: method, Path: resource, URL: path, PluginContext: backend.PluginContext{User: user}}
	err := ds.CallResource(context.Background(), req,
		backend.CallResourceResponseSenderFunc(func(r *backend.CallResourceResponse) error { got = r; return nil }))
	if err != nil || got == nil {
		t.Fatalf("%s: %v", path, err)
	}
	return got
}

func TestModelsResourceListsTheShippedModelAndServesItsFiles(t *testing.T) {
	ds := newTestDatasource(t, testenv.ClosedPortURL(t), `{}`)
	resp := callResource(t, ds, "/models")
	var list struct {
		Models []modelSummary `json:"models"`
	}
	if err := json.Unmarshal(resp.Body, &list); err != nil || resp.Status != http.StatusOK {
		t.Fatalf("status %d, %v: %s", resp.Status, err, resp.Body)
	}
	root := testenv.RepoRoot(t)
	hash, _ := os.ReadFile(filepath.Join(root, "models", "default", "content-hash.txt"))
	m := list.Models[0]
	if len(list.Models) != 1 || !m.Active || m.ContentHash != strings.TrimSpace(string(hash)) || m.Horizon != "15m0s" {
		t.Fatalf("models: %+v", list.Models)
	}
	file := callResource(t, ds, "/models/"+m.Version+"/files/weights.bin")
	want, _ := os.ReadFile(filepath.Join(root, "models", "default", "weights.bin"))
	if file.Status != http.StatusOK || string(file.Body) != string(want) {
		t.Fatalf("weights.bin: status %d, %d bytes (want %d)", file.Status, len(file.Body), len(want))
	}
	for _, path := range []string{"/models/no-such-version/files/model.json", "/models/" + m.Version + "/files/passwd", "/explain?host=x"} {
		if r := callResource(t, ds, path); r.Status != http.StatusNotFound && r.Status != http.StatusBadRequest {
			t.Fatalf("%s: status %d", path, r.Status)
		}
	}
}

// With a model directory, versions can be activated by admins and rolled back.
func TestModelsResourceActivatesAndRollsBackVersions(t *testing.T) {
	root := testenv.RepoRoot(t)
	dir := t.TempDir()
	dst := filepath.Join(dir, "golden-risk-1")
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"model.json", "weights.bin", "sentinel.json", "content-hash.txt"} {
		b, err := os.ReadFile(filepath.Join(root, "testdata", "golden", "risk", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ds := newTestDatasource(t, testenv.ClosedPortURL(t), `{"modelDir":`+strconvQuote(dir)+`}`)
	admin := &backend.User{Login: "admin", Role: "Admin"}
	viewer := &backend.User{Login: "v", Role: "Viewer"}
	if r := callResourceAs(t, ds, http.MethodPost, "/models/golden-risk-1/activate", viewer); r.Status != http.StatusForbidden {
		t.Fatalf("viewer activation: status %d", r.Status)
	}
	if r := callResourceAs(t, ds, http.MethodPost, "/models/golden-risk-1/activate", admin); r.Status != http.StatusOK {
		t.Fatalf("activation: status %d %s", r.Status, r.Body)
	}
	var list struct {
		Active string         `json:"active"`
		Models []modelSummary `json:"models"`
	}
	if err := json.Unmarshal(callResource(t, ds, "/models").Body, &list); err != nil || list.Active != "golden-risk-1" || len(list.Models) != 2 {
		t.Fatalf("after activation: %+v %v", list, err)
	}
	if r := callResourceAs(t, ds, http.MethodPost, "/models/rollback", admin); r.Status != http.StatusOK || !strings.Contains(string(r.Body), `"active":"default-`) {
		t.Fatalf("rollback: status %d %s", r.Status, r.Body)
	}
	noDir := newTestDatasource(t, testenv.ClosedPortURL(t), `{}`)
	if r := callResourceAs(t, noDir, http.MethodPost, "/models/golden-risk-1/activate", admin); r.Status != http.StatusConflict {
		t.Fatalf("without a model directory: status %d", r.Status)
	}
}

func strconvQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
