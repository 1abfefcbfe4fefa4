package plugin

import (
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/anomalysentinel/sentinel/pkg/model"
)

func TestEventFrameHasAnnotationFields(t *testing.T) {
	res := syntheticResult()
	res.Hosts[1].Episodes = []model.AlertEpisode{{FiredIndex: 0, PendingIndex: 0, EndIndex: 1, PeakRisk: 0.2}}
	rule := model.AlertingRule{Threshold: 0.15, MinDurationSteps: 1, ClearBelow: 0.1}
	f := eventFrame(res, rule, 15000, &data.FrameMeta{Type: data.FrameTypeTimeSeriesMulti})
	names := make([]string, len(f.Fields))
	for i, field := range f.Fields {
		names[i] = field.Name
	}
	if strings.Join(names, ",") != "time,timeEnd,text,instance,peakRisk,tags" || f.Rows() != 2 {
		t.Fatalf("fields %v, %d rows", names, f.Rows())
	}
	if f.Meta.Type != "" {
		t.Errorf("an annotation table must not claim to be a time series: %s", f.Meta.Type)
	}
	t0 := time.UnixMilli(1767225600000).UTC()
	// Sorted by start: web-2's episode (step 0..1) before web-1's (step 2, still firing).
	if f.At(0, 0) != t0 || f.At(1, 0) != t0.Add(15*time.Second) || f.At(3, 0) != "web-2" {
		t.Errorf("row 0: %v %v %v", f.At(0, 0), f.At(1, 0), f.At(3, 0))
	}
	text := f.At(2, 1).(string)
	if f.At(3, 1) != "web-1" || !strings.Contains(text, "web-1") || !strings.Contains(text, "≥ 0.15 for 15s") || !strings.Contains(text, "still firing") {
		t.Errorf("row 1: %v %q", f.At(3, 1), text)
	}
	if strings.Contains(f.At(2, 0).(string), "still firing") {
		t.Errorf("an ended episode says it is still firing: %q", f.At(2, 0))
	}
}

func TestEventFrameEmptyWhenNothingFired(t *testing.T) {
	res := syntheticResult()
	res.Hosts[0].Episodes = nil
	f := eventFrame(res, model.AlertingRule{Threshold: 0.9, MinDurationSteps: 4}, 15000, &data.FrameMeta{})
	if f.Rows() != 0 || len(f.Fields) != 6 {
		t.Fatalf("%d rows, %d fields", f.Rows(), len(f.Fields))
	}
}
