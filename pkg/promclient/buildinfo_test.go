package promclient

import (
	"context"
	"net/http"
	"testing"
)

// The real Prometheus and VictoriaMetrics cases run in client_integration_test.go; these are
// the variants the local servers do not show: a VictoriaMetrics build that does report its
// version, one that imitates Prometheus's buildinfo, and a server with neither.

func TestParseVMAppVersion(t *testing.T) {
	cases := map[string]string{
		`vm_app_version{version="victoria-metrics-20240101-tags-v1.96.0-0-gabc", short_version="v1.96.0"} 1`: "v1.96.0",
		`vm_app_version{version="victoria-metrics-20220801-tags-v1.79.5-0-gabc"} 1`:                          "victoria-metrics-20220801-tags-v1.79.5-0-gabc",
		`vm_app_version{version="", short_version=""} 1`:                                                     "",
	}
	for line, want := range cases {
		info, ok := parseVMAppVersion([]byte("# HELP x\nvm_cache_entries 3\n" + line + "\n"))
		if !ok || info.Product != "VictoriaMetrics" || info.Version != want {
			t.Errorf("%s: got %+v, %v; want version %q", line, info, ok, want)
		}
	}
	if _, ok := parseVMAppVersion([]byte("go_info{version=\"go1.22\"} 1\n")); ok {
		t.Error("a /metrics page without vm_app_version is not VictoriaMetrics")
	}
}

func TestBuildInfoFallbacks(t *testing.T) {
	cases := []struct {
		name      string
		buildinfo func(w http.ResponseWriter)
		metrics   string
		want      string
	}{
		{"imitated buildinfo", func(w http.ResponseWriter) {
			_, _ = w.Write([]byte(`{"status":"success","data":{"version":"2.24.0"}}`))
		}, `vm_app_version{version="x", short_version="v1.102.0"} 1`, "VictoriaMetrics v1.102.0"},
		{"no buildinfo endpoint", func(w http.ResponseWriter) {
			http.NotFound(w, nil)
		}, `vm_app_version{version="x", short_version="v1.79.5"} 1`, "VictoriaMetrics v1.79.5"},
		{"nothing known", func(w http.ResponseWriter) {
			http.NotFound(w, nil)
		}, "", "Prometheus-compatible server (unknown version)"},
		{"application field", func(w http.ResponseWriter) {
			_, _ = w.Write([]byte(`{"status":"success","data":{"application":"Grafana Mimir","version":"2.14.0","goVersion":"go1.22"}}`))
		}, "", "Grafana Mimir 2.14.0"},
	}
	for _, c := range cases {
		client := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/api/v1/status/buildinfo":
				c.buildinfo(w)
			case "/metrics":
				if c.metrics == "" {
					http.NotFound(w, r)
					return
				}
				_, _ = w.Write([]byte(c.metrics))
			}
		})
		info, err := client.BuildInfo(context.Background())
		if err != nil || info.String() != c.want {
			t.Errorf("%s: got %q, %v; want %q", c.name, info, err, c.want)
		}
	}
}

func TestBuildInfoPropagatesServerFailure(t *testing.T) {
	client := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
	})
	_, err := client.BuildInfo(context.Background())
	wantKind(t, err, KindBadRequest)
}
