package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/anomalysentinel/sentinel/pkg/promclient"

	"github.com/anomalysentinel/sentinel/pkg/internal/testenv"
)

func dataQuery(refID, jsonModel string, interval time.Duration) backend.DataQuery {
	from := time.Unix(1767225600, 0)
	return backend.DataQuery{RefID: refID, JSON: json.RawMessage(jsonModel), Interval: interval,
		TimeRange: backend.TimeRange{From: from, To: from.Add(time.Hour)}}
}

func TestParseQueryStep(t *testing.T) {
	cases := []struct {
		model    string
		interval time.Duration
		want     time.Duration
	}{
		{`{"expr":"up"}`, 15 * time.Second, 15 * time.Second},
		{`{"expr":"up"}`, 200 * time.Millisecond, time.Second},
		{`{"expr":"up"}`, 0, time.Second},
		{`{"expr":"up","stepSeconds":60}`, 15 * time.Second, time.Minute},
		{`{"expr":"up","stepSeconds":0.5}`, 15 * time.Second, time.Second},
	}
	for _, c := range cases {
		_, step, err := parseQuery(dataQuery("A", c.model, c.interval))
		if err != nil || step != c.want {
			t.Errorf("%s interval %s: step %s, %v; want %s", c.model, c.interval, step, err, c.want)
		}
	}
}

func TestParseQueryErrors(t *testing.T) {
	for model, want := range map[string]string{
		`{"expr":`:                       "not valid JSON",
		`{"expr":"  "}`:                  "expression is empty",
		`{}`:                             "expression is empty",
		`{"expr":"up","stepSeconds":-5}`: "stepSeconds must be a positive",
		`{"expr":"up","instant":"yes"}`:  "not valid JSON",
	} {
		_, _, err := parseQuery(dataQuery("B", model, time.Second))
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "query B") {
			t.Errorf("%s: error %v, want %q", model, err, want)
		}
	}
}

func TestErrorResponseStatus(t *testing.T) {
	cases := map[promclient.Kind]backend.Status{
		promclient.KindBadRequest:    backend.StatusBadRequest,
		promclient.KindLimitExceeded: backend.StatusBadRequest,
		promclient.KindTimeout:       backend.StatusTimeout,
		promclient.KindCanceled:      backend.StatusTimeout,
		promclient.KindUnreachable:   backend.StatusBadGateway,
		promclient.KindUpstream5xx:   backend.StatusBadGateway,
		promclient.KindBadPayload:    backend.StatusBadGateway,
	}
	for kind, want := range cases {
		err := fmt.Errorf("wrapped: %w", &promclient.Error{Kind: kind, Op: "query", Message: "m"})
		resp := errorResponse(err)
		if resp.Status != want || resp.ErrorSource != backend.ErrorSourceDownstream || !strings.Contains(resp.Error.Error(), "m") {
			t.Errorf("%v: %+v, want status %d from downstream", kind, resp, want)
		}
	}
	if resp := errorResponse(fmt.Errorf("surprise")); resp.Status != backend.StatusInternal || resp.ErrorSource != backend.ErrorSourcePlugin {
		t.Errorf("unknown error: %+v", resp)
	}
}

func newTestDatasource(t *testing.T, url, jsonData string) *Datasource {
	t.Helper()
	inst, err := NewDatasource(context.Background(), instanceSettings(url, jsonData, nil))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(inst.(*Datasource).Dispose)
	return inst.(*Datasource)
}

// Each query gets its own response; one failing never takes the others down.
func TestQueryDataPerQueryErrors(t *testing.T) {
	ds := newTestDatasource(t, testenv.ClosedPortURL(t), `{"maxPoints":100}`)
	resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{
		dataQuery("bad-json", `{"expr":`, time.Minute),
		dataQuery("empty", `{"expr":""}`, time.Minute),
		dataQuery("too-many-points", `{"expr":"up","stepSeconds":1}`, time.Minute),
		dataQuery("down", `{"expr":"up"}`, time.Minute),
		dataQuery("down-instant", `{"expr":"up","instant":true}`, time.Minute),
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]backend.Status{
		"bad-json": backend.StatusBadRequest, "empty": backend.StatusBadRequest, "too-many-points": backend.StatusBadRequest,
		"down": backend.StatusBadGateway, "down-instant": backend.StatusBadGateway,
	}
	if len(resp.Responses) != len(want) {
		t.Fatalf("%d responses, want %d", len(resp.Responses), len(want))
	}
	for ref, status := range want {
		r := resp.Responses[ref]
		if r.Status != status || r.Error == nil {
			t.Errorf("%s: status %d, error %v; want %d", ref, r.Status, r.Error, status)
		}
	}
	if msg := resp.Responses["down"].Error.Error(); !strings.Contains(msg, "check the datasource URL") {
		t.Errorf("down: %q", msg)
	}
}
