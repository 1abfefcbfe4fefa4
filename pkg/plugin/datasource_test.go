package plugin

import (
	"context"
	"strings"
	"testing"
)

func TestNewDatasource(t *testing.T) {
	inst, err := NewDatasource(context.Background(), instanceSettings("http://127.0.0.1:9090", `{}`, nil))
	if err != nil {
		t.Fatal(err)
	}
	ds := inst.(*Datasource)
	if ds.client.URL() != "http://127.0.0.1:9090" {
		t.Errorf("URL = %q", ds.client.URL())
	}
	ds.Dispose()
}

func TestNewDatasourceRejectsBadURLWithoutLeakingSecrets(t *testing.T) {
	_, err := NewDatasource(context.Background(), instanceSettings("http://u:hunter2@prom:9090",
		`{"authType":"bearer"}`, map[string]string{"bearerToken": "tok-secret"}))
	if err == nil || !strings.Contains(err.Error(), "must not contain credentials") {
		t.Fatalf("error = %v", err)
	}
	if strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), "tok-secret") {
		t.Fatalf("error leaks a secret: %v", err)
	}
	if _, err := NewDatasource(context.Background(), instanceSettings("localhost:9090", `{}`, nil)); err == nil {
		t.Fatal("a URL without scheme must be rejected")
	}
}
