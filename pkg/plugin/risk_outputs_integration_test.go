package plugin

// Every output kind of a risk query, the threshold and horizon options and the datasource's
// feature query overrides, against the real stack's live node_exporter data (host "local").

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/anomalysentinel/sentinel/pkg/internal/testenv"
)

// fdOverride makes fd_used read 0.99 for every host, above the model's failure limit (0.97):
// the failure part then dominates, so risk, contributions and events have a known outcome on
// live data whatever the machine is doing.
const fdOverride = `{"featureQueries":{"fd_used":"node_filefd_allocated{$selector} * 0 + 0.99"}}`

func riskResponses(t *testing.T, ds *Datasource, queries map[string]string) map[string]backend.DataResponse {
	t.Helper()
	from, to := pastRange()
	req := &backend.QueryDataRequest{}
	for ref, model := range queries {
		req.Queries = append(req.Queries, backend.DataQuery{RefID: ref, QueryType: QueryTypeRisk, JSON: []byte(model), TimeRange: backend.TimeRange{From: from, To: to}})
	}
	resp, err := ds.QueryData(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return resp.Responses
}

func TestIntegrationRiskOutputs(t *testing.T) {
	testenv.Upstreams(t, func(t *testing.T, up testenv.Upstream) {
		ds := newTestDatasource(t, up.URL, `{}`)
		sel := `"hostSelector":"job=\"node\""`
		r := riskResponses(t, ds, map[string]string{
			"risk":       `{` + sel + `}`,
			"components": `{` + sel + `,"output":"components"}`,
			"top":        `{` + sel + `,"output":"topFeatures","top":2}`,
			"horizon":    `{` + sel + `,"horizonMinutes":10}`,
			"same":       `{` + sel + `,"horizonMinutes":15}`,
		})
		for ref, resp := range r {
			if ref != "horizon" && resp.Error != nil {
				t.Fatalf("%s: %v", ref, resp.Error)
			}
		}
		risk := fieldValues(t, r["risk"].Frames[0].Fields[1])
		if got := fieldValues(t, r["components"].Frames[0].Fields[1]); !near(got, risk) || len(r["components"].Frames[0].Fields) != 6 {
			t.Errorf("components output: risk %v, want %v, %d fields", got, risk, len(r["components"].Frames[0].Fields))
		}
		if got := fieldValues(t, r["same"].Frames[0].Fields[1]); !near(got, risk) {
			t.Errorf("restating the horizon changed risk: %v, want %v", got, risk)
		}
		if h := r["horizon"]; h.Status != backend.StatusBadRequest || !strings.Contains(h.Error.Error(), "horizonMinutes") {
			t.Errorf("horizon 10: status %d, %v", h.Status, h.Error)
		}
		if f := r["top"].Frames; len(f) != 1 || f[0].Fields[1].Labels["instance"] != "local" || f[0].Fields[1].Labels[topFeaturesLabel] == "" {
			t.Errorf("topFeatures: %d frames %v", len(f), f)
		}
		// Under a threshold well below the lowest risk of the range, one episode covers the range
		// from its fourth step (the rule's minimum duration) and is still firing. The live host's
		// risk can sit near 0.001, so the threshold comes from the risk itself (a tenth of its
		// lowest step), and the events are checked against the risk of their own request.
		threshold := strconv.FormatFloat(slices.Min(risk)/10, 'g', -1, 64)
		second := riskResponses(t, ds, map[string]string{
			"risk":   `{` + sel + `}`,
			"events": `{` + sel + `,"output":"events","threshold":` + threshold + `}`,
		})
		for ref, resp := range second {
			if resp.Error != nil || len(resp.Frames) == 0 {
				t.Fatalf("%s under threshold %s: %v, %d frames", ref, threshold, resp.Error, len(resp.Frames))
			}
		}
		if lowest := slices.Min(fieldValues(t, second["risk"].Frames[0].Fields[1])); !(lowest > slices.Min(risk)/10) {
			t.Fatalf("live risk fell from %g to %g between two queries a moment apart", slices.Min(risk), lowest)
		}
		if ev := second["events"].Frames[0]; ev.Rows() != 1 || ev.At(3, 0) != "local" || !strings.Contains(ev.At(2, 0).(string), "still firing") {
			t.Errorf("events under threshold %s: %d rows", threshold, ev.Rows())
			for row := 0; row < ev.Rows(); row++ {
				t.Logf("  row %d: %v", row, ev.RowCopy(row))
			}
		}
		t.Logf("%s: risk %v; top features %q", up.Name, risk, r["top"].Frames[0].Fields[1].Labels[topFeaturesLabel])
	})
}

func TestIntegrationFeatureQueryOverrideDrivesRiskContributionsAndEvents(t *testing.T) {
	testenv.Upstreams(t, func(t *testing.T, up testenv.Upstream) {
		sel := `"hostSelector":"job=\"node\""`
		plain := riskResponses(t, newTestDatasource(t, up.URL, `{}`), map[string]string{
			"risk":          `{` + sel + `}`,
			"contributions": `{` + sel + `,"output":"contributions","top":14}`,
		})
		r := riskResponses(t, newTestDatasource(t, up.URL, fdOverride), map[string]string{
			"risk":          `{` + sel + `}`,
			"contributions": `{` + sel + `,"output":"contributions"}`,
			"top":           `{` + sel + `,"output":"topFeatures"}`,
			"events":        `{` + sel + `,"output":"events"}`,
		})
		for ref, resp := range r {
			if resp.Error != nil {
				t.Fatalf("%s: %v", ref, resp.Error)
			}
		}
		before, after := fieldValues(t, plain["risk"].Frames[0].Fields[1]), fieldValues(t, r["risk"].Frames[0].Fields[1])
		last := len(after) - 1
		if !(after[last] > 0.95 && after[last] >= before[last]) {
			t.Fatalf("with fd_used above its failure limit risk is %v (without: %v); want > 0.95", after, before)
		}
		// The override, not the machine's state, brought fd_used into the top features: its
		// share at the last step grew (the busy test machine's load may still rank first).
		lastShare := func(frames data.Frames) float64 {
			for _, f := range frames {
				if f.Fields[1].Labels["feature"] == "fd_used" {
					v := fieldValues(t, f.Fields[1])
					return v[len(v)-1]
				}
			}
			return 0
		}
		shareBefore, shareAfter := lastShare(plain["contributions"].Frames), lastShare(r["contributions"].Frames)
		if !(shareAfter > shareBefore+0.2) {
			t.Errorf("fd_used share %v with the override, %v without; want it clearly larger", shareAfter, shareBefore)
		}
		if label := r["top"].Frames[0].Fields[1].Labels[topFeaturesLabel]; !strings.Contains(label, "fd_used ") {
			t.Errorf("top_features = %q, want fd_used among them", label)
		}
		if ev := r["events"].Frames[0]; ev.Rows() != 1 || ev.At(3, 0) != "local" {
			t.Errorf("events: %d rows", ev.Rows())
		}
		t.Logf("%s: risk %v → %v; top %q", up.Name, before, after, r["top"].Frames[0].Fields[1].Labels[topFeaturesLabel])
	})
}

// The live range must hold enough steps for the events expectations above.
func TestPastRangeHoldsFiveSteps(t *testing.T) {
	from, to := pastRange()
	if to.Sub(from) != time.Minute {
		t.Fatalf("pastRange is %s", to.Sub(from))
	}
}

// The datasource's maxHosts reaches the fleet: two replayed hosts against a limit of one is a
// bad request that says so.
func TestIntegrationRiskQueryHostLimitFromSettings(t *testing.T) {
	testenv.Upstreams(t, func(t *testing.T, up testenv.Upstream) {
		ds := newTestDatasource(t, up.URL, `{"maxHosts":1,"featureQueries":{"cpu_busy":"node_load1{$selector}"}}`)
		q := replayQuery("R", `{"hostSelector":"job=\"replay\", instance=~\"host-a|host-b\""}`)
		q.QueryType = QueryTypeRisk
		resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{q}})
		if err != nil {
			t.Fatal(err)
		}
		if r := resp.Responses["R"]; r.Status != backend.StatusBadRequest || r.Error == nil || !strings.Contains(r.Error.Error(), "2 hosts match") {
			t.Fatalf("status %d, error %v", r.Status, r.Error)
		}
	})
}
