package main

// What the app pages (src/pages, @grafana/scenes) call on Grafana beyond the datasource APIs:
// the app's settings, Grafana's datasource proxy to Prometheus (label values for variables), and
// the single-page fallback so /a/<app>/... URLs load the host page.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"
)

// appSettings is the app's plugin settings as GET /api/plugins/<id>/settings returns them
// (the fields the pages and the config page read), kept in memory.
type appSettings struct {
	Enabled  bool           `json:"enabled"`
	Pinned   bool           `json:"pinned"`
	JSONData map[string]any `json:"jsonData"`
}

// provisionedAppSettings reads the app's jsonData from a Grafana provisioning file
// (provisioning/plugins/apps.yaml), as Grafana does at startup.
func provisionedAppSettings(file string) (appSettings, error) {
	settings := appSettings{Enabled: true, Pinned: true, JSONData: map[string]any{}}
	raw, err := os.ReadFile(file)
	if err != nil {
		return settings, err
	}
	var doc struct {
		Apps []struct {
			Type     string         `yaml:"type"`
			Disabled bool           `yaml:"disabled"`
			JSONData map[string]any `yaml:"jsonData"`
		} `yaml:"apps"`
	}
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return settings, fmt.Errorf("%s: %w", file, err)
	}
	for _, app := range doc.Apps {
		if app.Type == appID {
			settings.Enabled = !app.Disabled
			if app.JSONData != nil {
				settings.JSONData = app.JSONData
			}
			return settings, nil
		}
	}
	return settings, fmt.Errorf("%s provisions no %s", file, appID)
}

// pluginSettings answers GET /api/plugins/<id>/settings with Grafana's shape (id, type, enabled,
// jsonData, …) for the app; other plugins get 404 like an uninstalled plugin.
func (s *server) pluginSettings(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("id") != appID {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "plugin not found"})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{
		"id": appID, "type": "app", "name": "Anomaly Sentinel", "enabled": s.app.Enabled, "pinned": s.app.Pinned,
		"jsonData": s.app.JSONData, "secureJsonFields": map[string]bool{}, "info": map[string]any{"version": "0.1.0"},
	})
}

// savePluginSettings is POST /api/plugins/<id>/settings: the body's enabled, pinned and jsonData
// replace the stored ones (secureJsonData is not kept: nothing here reads secrets).
func (s *server) savePluginSettings(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("id") != appID {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "plugin not found"})
		return
	}
	var body appSettings
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": err.Error()})
		return
	}
	s.mu.Lock()
	s.app = body
	if s.app.JSONData == nil {
		s.app.JSONData = map[string]any{}
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]string{"message": "Plugin settings updated"})
}

// prometheusProxy is Grafana's datasource proxy for the "prometheus" datasource:
// /api/datasources/proxy/uid/prometheus/<path> is forwarded to <prometheus>/<path> with its query.
// Only GET; only the Prometheus datasource (the Sentinel one has no URL of its own to proxy to).
func prometheusProxy(upstream string) (http.Handler, error) {
	target, err := url.Parse(upstream)
	if err != nil {
		return nil, err
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	const prefix = "/api/datasources/proxy/uid/prometheus"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r2 := r.Clone(r.Context())
		r2.URL.Path = strings.TrimPrefix(r.URL.Path, prefix)
		r2.URL.RawPath = ""
		r2.Host = target.Host
		proxy.ServeHTTP(w, r2)
	}), nil
}

// appPage serves the host page for any /a/... URL, as Grafana serves index.html for its routes;
// the host then renders the app at window.location (tests/browser/host/host.tsx renderApp).
func appPage(assets string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, assets+"/index.html")
	})
}
