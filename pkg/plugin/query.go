package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/experimental/concurrent"

	"github.com/anomalysentinel/sentinel/pkg/promclient"
)

// defaultConcurrentQueries bounds parallel upstream queries per request when Grafana does not
// pass its concurrent_query_count; a dashboard row of panels should not stampede the server.
const defaultConcurrentQueries = 10

// riskQuery is the query model the frontend's query editor saves.
type riskQuery struct {
	Expr        string   `json:"expr"`
	StepSeconds *float64 `json:"stepSeconds"`
	Instant     bool     `json:"instant"`
}

// QueryData runs each query of the request concurrently; a failing query gets its own error
// response and never fails the others.
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	limit := defaultConcurrentQueries
	if cfg := req.PluginContext.GrafanaConfig; cfg != nil {
		if n, err := cfg.ConcurrentQueryCount(); err == nil && n > 0 {
			limit = n
		}
	}
	return concurrent.QueryData(ctx, req, func(ctx context.Context, q concurrent.Query) backend.DataResponse {
		return d.query(ctx, q.DataQuery)
	}, limit)
}

func (d *Datasource) query(ctx context.Context, q backend.DataQuery) backend.DataResponse {
	if q.QueryType == QueryTypeRisk {
		return d.riskQuery(ctx, q)
	}
	rq, step, err := parseQuery(q)
	if err != nil {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, err.Error())
	}
	var res promclient.Result
	if rq.Instant {
		res, err = d.client.Query(ctx, rq.Expr, q.TimeRange.To)
	} else {
		res, err = d.client.QueryRange(ctx, rq.Expr, q.TimeRange.From, q.TimeRange.To, step)
	}
	if err != nil {
		return errorResponse(err)
	}
	return framesResponse(rq.Expr, res)
}

// parseQuery reads the query JSON and picks the step: the editor's stepSeconds, else Grafana's
// interval for the panel, never below 1s (the upstreams' resolution for our purposes).
func parseQuery(q backend.DataQuery) (riskQuery, time.Duration, error) {
	var rq riskQuery
	if err := json.Unmarshal(q.JSON, &rq); err != nil {
		return rq, 0, fmt.Errorf("query %s: the query model is not valid JSON (%v); re-save the query", q.RefID, err)
	}
	if strings.TrimSpace(rq.Expr) == "" {
		return rq, 0, fmt.Errorf("query %s: the expression is empty; enter a PromQL expression", q.RefID)
	}
	step := q.Interval
	if rq.StepSeconds != nil {
		s := *rq.StepSeconds
		if s <= 0 || math.IsInf(s, 0) || math.IsNaN(s) {
			return rq, 0, fmt.Errorf("query %s: stepSeconds must be a positive number of seconds, got %v", q.RefID, s)
		}
		step = time.Duration(s * float64(time.Second))
	}
	if step < time.Second {
		step = time.Second
	}
	return rq, step, nil
}

// errorResponse maps a client error to the status Grafana (and alerting) should see.
func errorResponse(err error) backend.DataResponse {
	var status backend.Status
	switch promclient.KindOf(err) {
	case promclient.KindBadRequest, promclient.KindLimitExceeded:
		status = backend.StatusBadRequest
	case promclient.KindTimeout, promclient.KindCanceled:
		status = backend.StatusTimeout
	case promclient.KindUnreachable, promclient.KindUpstream5xx, promclient.KindBadPayload:
		status = backend.StatusBadGateway
	default:
		return backend.ErrDataResponseWithSource(backend.StatusInternal, backend.ErrorSourcePlugin, err.Error())
	}
	// Everything the client reports lies outside the plugin: the user's query or the upstream.
	return backend.ErrDataResponseWithSource(status, backend.ErrorSourceDownstream, err.Error())
}
