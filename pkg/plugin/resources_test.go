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

// callResource runs one resource request through the datasource as Grafana would.
func callResource(t *testing.T, ds *Datasource, path string) *backend.CallResourceResponse {
	t.Helper()
	var got *backend.CallResourceResponse
	// Grafana sends the resource path without the query, and the whole URL with it.
	resource, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "?")
	err := ds.CallResource(context.Background(), &backend.CallResourceRequest{Method: http.MethodGet, Path: resource, URL: path},
		backend.CallResourceResponseSenderFunc(func(r *backend.CallResourceResponse) error { got = r; return nil }))
	if err != nil || got == nil {
		t.Fatalf("%s: %v", path, err)
	}
	return got
}

func TestModelsResourceListsTheShippedModelAndServesItsFiles(t *testing.T) {
	ds := newTestDatasource(t, closedPortURL(t), `{}`)
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
