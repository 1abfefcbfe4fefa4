package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/resource/httpadapter"

	"github.com/anomalysentinel/sentinel/pkg/model"
)

var _ backend.CallResourceHandler = (*Datasource)(nil)

// modelSummary is what GET /models lists per version.
type modelSummary struct {
	Name        string                     `json:"name"`
	Version     string                     `json:"version"`
	ContentHash string                     `json:"contentHash"`
	Active      bool                       `json:"active"`
	StepSeconds int                        `json:"stepSeconds"`
	Horizon     string                     `json:"horizon"`
	Alerting    model.AlertingRule         `json:"alerting"`
	Evaluation  map[string]json.RawMessage `json:"evaluation"`
}

// CallResource serves the datasource's resources:
//
//	GET /models                          versions (today: the shipped model, active), hash, evaluation
//	GET /models/{version}/files/{name}   model.json, weights.bin or sentinel.json, so the panel runs exactly this model
//	GET /explain?host=…&time=…           risk, components and top contributing features at one time
func (d *Datasource) CallResource(ctx context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	return httpadapter.New(d.resourceMux()).CallResource(ctx, req, sender)
}

func (d *Datasource) resourceMux() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /models", d.handleModels)
	mux.HandleFunc("GET /models/{version}/files/{name}", d.handleModelFile)
	mux.HandleFunc("GET /explain", d.handleExplain)
	return mux
}

func (d *Datasource) handleModels(w http.ResponseWriter, _ *http.Request) {
	_, artifact, err := shippedEngine()
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	m := artifact.Meta
	writeJSON(w, map[string]any{"models": []modelSummary{{
		Name: m.Name, Version: m.Version, ContentHash: artifact.ContentHash, Active: true, StepSeconds: m.StepSeconds,
		Horizon: (time.Duration(m.HorizonSteps*m.StepSeconds) * time.Second).String(), Alerting: m.Alerting, Evaluation: m.Evaluation,
	}}})
}

func (d *Datasource) handleModelFile(w http.ResponseWriter, r *http.Request) {
	_, artifact, err := shippedEngine()
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	if v := r.PathValue("version"); v != artifact.Meta.Version {
		writeError(w, http.StatusNotFound, fmt.Sprintf("model version %q is not in the registry; GET /models lists them", v))
		return
	}
	body, ok := artifact.Files[r.PathValue("name")]
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("file %q is not part of a model artifact (model.json, weights.bin, sentinel.json)", r.PathValue("name")))
		return
	}
	w.Header().Set("X-Content-Hash", artifact.ContentHash)
	w.Header().Set("Content-Type", "application/octet-stream")
	_, _ = w.Write(body)
}

// handleExplain scores one host over the chunk that holds the asked time and returns that step.
func (d *Datasource) handleExplain(w http.ResponseWriter, r *http.Request) {
	host := r.URL.Query().Get("host")
	at, err := parseExplainTime(r.URL.Query().Get("time"))
	if host == "" || err != nil {
		writeError(w, http.StatusBadRequest, "explain needs host=<instance> and time=<RFC 3339 or unix ms>")
		return
	}
	engine, _, err := shippedEngine()
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	step := engine.StepMs()
	t := at.UnixMilli() / step * step
	rq := riskQueryModel{HostSelector: fmt.Sprintf("instance=%q", host)}
	hosts, plan, _, ferr := d.fetchHosts(r.Context(), engine, rq, t, t)
	if ferr != nil {
		status := http.StatusBadGateway
		if ferr.badRequest {
			status = http.StatusBadRequest
		}
		writeError(w, status, ferr.Error())
		return
	}
	if len(hosts) == 0 {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no feature returned data for instance %q at %s", host, at.UTC().Format(time.RFC3339)))
		return
	}
	result, err := engine.Score(r.Context(), hosts, plan.FirstScoredMs, plan.LastScoredMs, true)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	h := result.Hosts[0]
	components := map[string]float64{}
	for i, name := range model.ComponentNames {
		components[name] = h.Components[i]
	}
	writeJSON(w, map[string]any{"host": h.Instance, "time": time.UnixMilli(result.TimestampsMs[0]).UTC(), "risk": h.Risk[0],
		"components": components, "contributions": h.Contributions[0]})
}

func parseExplainTime(s string) (time.Time, error) {
	if ms, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.UnixMilli(ms), nil
	}
	return time.Parse(time.RFC3339, s)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": message})
}
