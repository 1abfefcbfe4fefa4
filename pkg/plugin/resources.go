package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/resource/httpadapter"

	"github.com/anomalysentinel/sentinel/pkg/fleet"
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
	Evaluation  map[string]json.RawMessage `json:"evaluation,omitempty"`
	Error       string                     `json:"error,omitempty"`
}

// CallResource serves the datasource's resources:
//
//	GET  /models                          versions (shipped + model directory), which is active, hash, evaluation
//	GET  /models/{version}/files/{name}   model.json, weights.bin or sentinel.json, so the panel runs exactly this model
//	POST /models/{version}/activate       make a version active (needs a model directory; shared by replicas)
//	POST /models/rollback                 re-activate the version active before the last activation
//	GET  /explain?host=…&time=…           risk, components and top contributing features at one time
func (d *Datasource) CallResource(ctx context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	return httpadapter.New(d.resourceMux()).CallResource(ctx, req, sender)
}

func (d *Datasource) resourceMux() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /models", d.handleModels)
	mux.HandleFunc("GET /models/{version}/files/{name}", d.handleModelFile)
	mux.HandleFunc("POST /models/{version}/activate", d.handleActivate)
	mux.HandleFunc("POST /models/rollback", d.handleRollback)
	mux.HandleFunc("GET /explain", d.handleExplain)
	return mux
}

func (d *Datasource) handleModels(w http.ResponseWriter, _ *http.Request) {
	versions, err := d.models.Versions()
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	active := d.models.ActiveVersion()
	list := make([]modelSummary, 0, len(versions))
	for _, v := range versions {
		a, err := d.models.Artifact(v)
		if err != nil {
			// A broken folder must not hide the others; it is listed with its error instead.
			list = append(list, modelSummary{Version: v, Error: err.Error()})
			continue
		}
		m := a.Meta
		list = append(list, modelSummary{
			Name: m.Name, Version: m.Version, ContentHash: a.ContentHash, Active: v == active, StepSeconds: m.StepSeconds,
			Horizon: (time.Duration(m.HorizonSteps*m.StepSeconds) * time.Second).String(), Alerting: m.Alerting, Evaluation: m.Evaluation,
		})
	}
	writeJSON(w, map[string]any{"active": active, "models": list})
}

func (d *Datasource) handleModelFile(w http.ResponseWriter, r *http.Request) {
	artifact, err := d.models.Artifact(r.PathValue("version"))
	if err != nil {
		writeError(w, http.StatusNotFound, fmt.Sprintf("%v; GET /models lists the versions", err))
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

func (d *Datasource) handleActivate(w http.ResponseWriter, r *http.Request) {
	if !isAdmin(r) {
		writeError(w, http.StatusForbidden, "only Grafana admins may change the active model")
		return
	}
	if err := d.models.Activate(r.PathValue("version")); err != nil {
		writeError(w, registryStatus(err), err.Error())
		return
	}
	writeJSON(w, map[string]string{"active": d.models.ActiveVersion()})
}

func (d *Datasource) handleRollback(w http.ResponseWriter, r *http.Request) {
	if !isAdmin(r) {
		writeError(w, http.StatusForbidden, "only Grafana admins may change the active model")
		return
	}
	if _, err := d.models.Rollback(); err != nil {
		writeError(w, registryStatus(err), err.Error())
		return
	}
	writeJSON(w, map[string]string{"active": d.models.ActiveVersion()})
}

func isAdmin(r *http.Request) bool {
	user := backend.UserFromContext(r.Context())
	return user != nil && user.Role == "Admin"
}

func registryStatus(err error) int {
	if errors.Is(err, model.ErrNoModelDir) {
		return http.StatusConflict
	}
	return http.StatusBadRequest
}

// handleExplain scores one host over the chunk that holds the asked time and returns that step.
func (d *Datasource) handleExplain(w http.ResponseWriter, r *http.Request) {
	host := r.URL.Query().Get("host")
	at, err := parseExplainTime(r.URL.Query().Get("time"))
	if host == "" || err != nil {
		writeError(w, http.StatusBadRequest, "explain needs host=<instance> and time=<RFC 3339 or unix ms>")
		return
	}
	engine, _, err := d.models.Engine(r.URL.Query().Get("model"))
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	specs, err := d.settings.featureSpecs(engine.Meta)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	step := engine.StepMs()
	t := at.UnixMilli() / step * step
	res, err := d.fleet.Score(r.Context(), fleet.Request{Engine: engine, Features: specs, Selector: fmt.Sprintf("instance=%q", host),
		FromMs: t, ToMs: t, Options: model.ScoreOptions{Contributions: true}})
	if err != nil {
		writeError(w, int(riskErrorResponse("explain", err).Status), err.Error())
		return
	}
	result := res.Risk
	if len(result.Hosts) == 0 {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no feature returned data for instance %q at %s", host, at.UTC().Format(time.RFC3339)))
		return
	}
	h := result.Hosts[0]
	// weights: the calibration's weight per part, which spreads the contributions over the parts, so a
	// page can say which parts this model does not use (weight 0) — unless failureHead is true: the
	// model's risk then comes from its failure head, which reads every part.
	components, weights := map[string]float64{}, map[string]float64{}
	for i, name := range model.ComponentNames {
		components[name] = h.Components[i]
		weights[name] = engine.Meta.Calibration.Weights[i]
	}
	writeJSON(w, map[string]any{"host": h.Instance, "time": time.UnixMilli(result.TimestampsMs[0]).UTC(), "risk": h.Risk[0],
		"components": components, "weights": weights, "failureHead": engine.Meta.FailureHead != nil, "contributions": h.Contributions[0]})
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
