package plugin

import (
	"flag"
	"math"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/experimental"

	"github.com/anomalysentinel/sentinel/pkg/promclient"
)

// Regenerate with: go test ./pkg/plugin -run Golden -update
var updateGolden = flag.Bool("update", false, "rewrite the golden files under testdata")

func samples(start int64, values ...float64) []promclient.Sample {
	out := make([]promclient.Sample, len(values))
	for i, v := range values {
		out[i] = promclient.Sample{T: time.Unix(start+int64(i)*60, 0).UTC(), V: v}
	}
	return out
}

func TestFramesGoldenMatrix(t *testing.T) {
	res := promclient.Result{Type: promclient.ResultMatrix, Series: []promclient.Series{
		{Labels: map[string]string{"__name__": "node_load1", "job": "replay", "instance": "host-a"},
			Samples: samples(1767225600, 0.5, 0.75, 1)},
		{Labels: map[string]string{"__name__": "node_load1", "job": "replay", "instance": "host-b"},
			Samples: samples(1767225600, 1.25, math.NaN(), math.Inf(1))},
	}, Warnings: []string{"some data may be missing"}}
	resp := framesResponse(`node_load1{job="replay"}`, res)
	experimental.CheckGoldenJSONResponse(t, "testdata", "frames_matrix", &resp, *updateGolden)
}

func TestFramesGoldenScalar(t *testing.T) {
	res := promclient.Result{Type: promclient.ResultScalar, Series: []promclient.Series{
		{Labels: map[string]string{}, Samples: samples(1767225600, 2)},
	}}
	resp := framesResponse(`1+1`, res)
	experimental.CheckGoldenJSONResponse(t, "testdata", "frames_scalar", &resp, *updateGolden)
}

func TestFramesShapeForAlerting(t *testing.T) {
	resp := framesResponse("up", promclient.Result{Type: promclient.ResultVector, Series: []promclient.Series{
		{Labels: map[string]string{"__name__": "up", "instance": "a"}, Samples: samples(1767225600, 1)},
	}})
	f := resp.Frames[0]
	if f.Meta.Type != data.FrameTypeTimeSeriesMulti || f.Name != `up{instance="a"}` {
		t.Fatalf("frame %q type %q", f.Name, f.Meta.Type)
	}
	if f.Fields[0].Name != "time" || f.Fields[1].Name != "value" || f.Fields[1].Labels["instance"] != "a" {
		t.Fatalf("fields = %v / %v", f.Fields[0].Name, f.Fields[1])
	}
	if schema := f.TimeSeriesSchema(); schema.Type != data.TimeSeriesTypeWide {
		t.Fatalf("not a wide time series frame: %v", schema.Type)
	}
}

func TestEmptyResultIsEmptyResponse(t *testing.T) {
	resp := framesResponse("up", promclient.Result{Type: promclient.ResultMatrix})
	if resp.Error != nil || len(resp.Frames) != 0 || resp.Status != backend.Status(0) {
		t.Fatalf("got %+v", resp)
	}
}

func TestSeriesName(t *testing.T) {
	cases := map[string]map[string]string{
		`{}`:                   {},
		`up`:                   {"__name__": "up"},
		`{job="x"}`:            {"job": "x"},
		`up{a="1", b="q\"uo"}`: {"__name__": "up", "b": `q"uo`, "a": "1"},
	}
	for want, labels := range cases {
		if got := seriesName(labels); got != want {
			t.Errorf("seriesName(%v) = %s, want %s", labels, got, want)
		}
	}
}
