// Command grafanalite is the part of Grafana the browser tests need, and no more: it serves the
// built plugin's files at Grafana's paths (nested plugins from their own folders, as Grafana
// does), a host page that loads them with SystemJS, and the HTTP APIs the plugin calls —
// /api/ds/query, /api/datasources/uid/<uid>/resources/*, /api/annotations — answered by the
// *built* backend executable launched over the plugin protocol (pkg/grafanahost), talking to the
// real local Prometheus. The app pages' extra endpoints (plugin settings, the Prometheus
// datasource proxy, /a/... page URLs) are in app.go. No Grafana server can run on these
// machines; this is the stand-in.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/anomalysentinel/sentinel/pkg/grafanahost"
)

const (
	appID        = "anomalysentinel-sentinel-app"
	panelID      = "anomalysentinel-risk-panel"
	datasourceID = "anomalysentinel-risk-datasource"
)

// datasource is one configured datasource instance of the page's fake Grafana.
type datasource struct {
	UID  string `json:"uid"`
	Name string `json:"name"`
	Type string `json:"type"`
	ctx  backend.PluginContext
}

type server struct {
	host        *grafanahost.Host
	datasources map[string]*datasource
	mu          sync.Mutex
	annotations []map[string]any
	app         appSettings
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (port 0: any free port)")
	binary := flag.String("binary", "dist/datasource/gpx_sentinel_linux_amd64", "the built backend executable")
	dist := flag.String("dist", "dist", "the built plugin")
	assets := flag.String("assets", "build/browser-host", "the host page and its bundle (tests/browser/buildHost.ts)")
	prometheus := flag.String("prometheus", "http://127.0.0.1:19090", "Prometheus-compatible upstream")
	provisioning := flag.String("app-provisioning", "provisioning/plugins/apps.yaml", "the app's provisioned settings (jsonData)")
	flag.Parse()

	host, err := grafanahost.Launch(*binary, "0.1.0")
	if err != nil {
		log.Fatal(err)
	}
	defer host.Kill()
	app, err := provisionedAppSettings(*provisioning)
	if err != nil {
		log.Fatal(err)
	}
	s := &server{host: host, datasources: map[string]*datasource{}, app: app}
	for i, ds := range []datasource{
		{UID: "prometheus", Name: "Prometheus", Type: "prometheus"},
		{UID: "sentinel-risk", Name: "Sentinel risk", Type: datasourceID},
	} {
		d := ds
		d.ctx = grafanahost.DatasourceContext(datasourceID, int64(i+1), *prometheus, []byte(`{}`))
		d.ctx.DataSourceInstanceSettings.UID = d.UID
		d.ctx.DataSourceInstanceSettings.Name = d.Name
		s.datasources[d.UID] = &d
	}

	mux := http.NewServeMux()
	mux.Handle("GET /public/plugins/"+appID+"/", http.StripPrefix("/public/plugins/"+appID+"/", http.FileServer(http.Dir(*dist))))
	mux.Handle("GET /public/plugins/"+panelID+"/", http.StripPrefix("/public/plugins/"+panelID+"/", http.FileServer(http.Dir(filepath.Join(*dist, "panel")))))
	mux.Handle("GET /public/plugins/"+datasourceID+"/", http.StripPrefix("/public/plugins/"+datasourceID+"/", http.FileServer(http.Dir(filepath.Join(*dist, "datasource")))))
	mux.HandleFunc("POST /api/ds/query", s.query)
	for _, method := range []string{"GET", "POST", "PUT", "DELETE"} {
		mux.HandleFunc(method+" /api/datasources/uid/{uid}/resources/{path...}", s.resource)
	}
	mux.HandleFunc("GET /api/datasources", s.listDatasources)
	mux.HandleFunc("GET /api/annotations", s.listAnnotations)
	mux.HandleFunc("POST /api/annotations", s.addAnnotation)
	mux.HandleFunc("GET /api/plugins/{id}/settings", s.pluginSettings)
	mux.HandleFunc("POST /api/plugins/{id}/settings", s.savePluginSettings)
	proxy, err := prometheusProxy(*prometheus)
	if err != nil {
		log.Fatal(err)
	}
	mux.Handle("GET /api/datasources/proxy/uid/prometheus/", proxy)
	mux.Handle("GET /a/", appPage(*assets))
	mux.Handle("GET /", http.FileServer(http.Dir(*assets)))

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	// The test reads this line to learn the port.
	fmt.Printf("grafanalite listening on http://%s\n", ln.Addr())
	srv := &http.Server{Handler: logRequests(mux), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		stop := make(chan os.Signal, 1)
		signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
		<-stop
		_ = srv.Close()
	}()
	if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
		log.Print(err)
	}
}

func logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started := time.Now()
		next.ServeHTTP(w, r)
		if os.Getenv("GRAFANALITE_LOG") != "" {
			log.Printf("%s %s %s", r.Method, r.URL.Path, time.Since(started))
		}
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// parseTime reads Grafana's from/to: epoch milliseconds or now[-N(s|m|h|d)].
func parseTime(s string, now time.Time) (time.Time, error) {
	if ms, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.UnixMilli(ms), nil
	}
	if s == "now" {
		return now, nil
	}
	if strings.HasPrefix(s, "now-") {
		d, err := time.ParseDuration(strings.Replace(strings.TrimPrefix(s, "now-"), "d", "h", 1))
		if strings.HasSuffix(s, "d") && err == nil {
			d *= 24
		}
		if err == nil {
			return now.Add(-d), nil
		}
	}
	return time.Time{}, fmt.Errorf("time %q is neither epoch milliseconds nor now-<duration>", s)
}

// query answers /api/ds/query like Grafana: queries grouped by datasource, each group sent to
// the plugin's QueryData, the answers merged into {"results": {refId: {frames}}}. The fake
// "prometheus" datasource is served by the same backend's PromQL proxy (Grafana's own
// Prometheus datasource returns the same shape: one numeric frame per series, labels on the field).
func (s *server) query(w http.ResponseWriter, r *http.Request) {
	var body struct {
		From    string            `json:"from"`
		To      string            `json:"to"`
		Queries []json.RawMessage `json:"queries"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": err.Error()})
		return
	}
	now := time.Now()
	from, err1 := parseTime(body.From, now)
	to, err2 := parseTime(body.To, now)
	if err1 != nil || err2 != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": fmt.Sprint(err1, err2)})
		return
	}
	groups := map[string][]backend.DataQuery{}
	for _, raw := range body.Queries {
		var q struct {
			RefID      string `json:"refId"`
			QueryType  string `json:"queryType"`
			Datasource struct {
				UID string `json:"uid"`
			} `json:"datasource"`
			IntervalMs    int64  `json:"intervalMs"`
			MaxDataPoints int64  `json:"maxDataPoints"`
			Expr          string `json:"expr"`
			Instant       bool   `json:"instant"`
		}
		if err := json.Unmarshal(raw, &q); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"message": err.Error()})
			return
		}
		ds, ok := s.datasources[q.Datasource.UID]
		if !ok {
			writeJSON(w, http.StatusBadRequest, map[string]string{"message": fmt.Sprintf("datasource %q not found", q.Datasource.UID)})
			return
		}
		payload := []byte(raw)
		if ds.Type == "prometheus" {
			step := float64(q.IntervalMs) / 1000
			payload, _ = json.Marshal(map[string]any{"expr": q.Expr, "stepSeconds": step, "instant": q.Instant})
		}
		groups[ds.UID] = append(groups[ds.UID], backend.DataQuery{
			RefID: q.RefID, QueryType: q.QueryType, Interval: time.Duration(q.IntervalMs) * time.Millisecond,
			MaxDataPoints: q.MaxDataPoints, TimeRange: backend.TimeRange{From: from, To: to}, JSON: payload,
		})
	}
	merged := backend.NewQueryDataResponse()
	for uid, queries := range groups {
		resp, err := s.host.QueryData(r.Context(), &backend.QueryDataRequest{PluginContext: s.datasources[uid].ctx, Queries: queries})
		if err != nil {
			writeJSON(w, http.StatusBadGateway, map[string]string{"message": err.Error()})
			return
		}
		for refID, res := range resp.Responses {
			merged.Responses[refID] = res
		}
	}
	out, err := json.Marshal(merged)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"message": err.Error()})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(out)
}

func (s *server) resource(w http.ResponseWriter, r *http.Request) {
	ds, ok := s.datasources[r.PathValue("uid")]
	if !ok || ds.Type != datasourceID {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "datasource not found"})
		return
	}
	body, _ := io.ReadAll(r.Body)
	path := r.PathValue("path")
	url := path
	if r.URL.RawQuery != "" {
		url += "?" + r.URL.RawQuery
	}
	resp, err := s.host.CallResource(r.Context(), &backend.CallResourceRequest{
		PluginContext: ds.ctx, Path: path, Method: r.Method, URL: url, Body: body, Headers: map[string][]string(r.Header),
	})
	if err != nil {
		writeJSON(w, http.StatusBadGateway, map[string]string{"message": err.Error()})
		return
	}
	for k, vs := range resp.Headers {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.WriteHeader(resp.Status)
	_, _ = w.Write(resp.Body)
}

func (s *server) listDatasources(w http.ResponseWriter, _ *http.Request) {
	list := []*datasource{}
	for _, uid := range []string{"prometheus", "sentinel-risk"} {
		list = append(list, s.datasources[uid])
	}
	writeJSON(w, http.StatusOK, list)
}

// Alert state history and dashboard annotations: what tests post, filtered like Grafana's API.
func (s *server) addAnnotation(w http.ResponseWriter, r *http.Request) {
	var a map[string]any
	if err := json.NewDecoder(r.Body).Decode(&a); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": err.Error()})
		return
	}
	s.mu.Lock()
	s.annotations = append(s.annotations, a)
	id := len(s.annotations)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"id": id, "message": "Annotation added"})
}

func (s *server) listAnnotations(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	from, _ := strconv.ParseFloat(q.Get("from"), 64)
	to, _ := strconv.ParseFloat(q.Get("to"), 64)
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []map[string]any{}
	for _, a := range s.annotations {
		t, _ := a["time"].(float64)
		if kind := q.Get("type"); kind != "" && a["type"] != kind {
			continue
		}
		if (from > 0 && t < from) || (to > 0 && t > to) {
			continue
		}
		out = append(out, a)
	}
	writeJSON(w, http.StatusOK, out)
}
