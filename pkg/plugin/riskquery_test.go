package plugin

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/anomalysentinel/sentinel/pkg/model"
)

func TestParseRiskQueryDefaults(t *testing.T) {
	rq, err := parseRiskQuery("A", json.RawMessage(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	if rq.HostSelector != defaultHostSelector || rq.Output != OutputRisk || rq.Top != defaultTop || rq.Threshold != nil {
		t.Fatalf("defaults: %+v", rq)
	}
	for _, out := range outputKinds {
		if rq, err := parseRiskQuery("A", json.RawMessage(`{"output":"`+out+`"}`)); err != nil || rq.Output != out {
			t.Errorf("output %s: %+v, %v", out, rq, err)
		}
	}
}

func TestParseRiskQueryRefusals(t *testing.T) {
	for raw, field := range map[string]string{
		`{"output":"everything"}`: "output",
		`{"threshold":1.5}`:       "threshold",
		`{"threshold":-0.1}`:      "threshold",
		`{"top":-1}`:              "top",
		`{"hostSelector":3}`:      "query",
	} {
		_, err := parseRiskQuery("Q", json.RawMessage(raw))
		var qe *riskQueryError
		if !errors.As(err, &qe) || qe.Field != field || !strings.Contains(err.Error(), "query Q") {
			t.Errorf("%s: error %v, want a riskQueryError on %s", raw, err, field)
		}
	}
}

func shippedMeta(t *testing.T) *model.SentinelJSON {
	t.Helper()
	a, err := shippedArtifact()
	if err != nil {
		t.Fatal(err)
	}
	return a.Meta
}

// The horizon can be restated but not changed (the LSTM and calibration are fitted for one).
func TestRiskQueryHorizonMustBeTheModels(t *testing.T) {
	meta := shippedMeta(t)
	for raw, ok := range map[string]bool{
		`{}`:                     true,
		`{"horizonMinutes":15}`:  true,
		`{"horizonMinutes":0}`:   true,
		`{"horizonMinutes":10}`:  false,
		`{"horizonMinutes":30}`:  false,
		`{"horizonMinutes":7.5}`: false,
	} {
		rq, err := parseRiskQuery("H", json.RawMessage(raw))
		if err != nil {
			t.Fatal(err)
		}
		err = rq.checkModel("H", meta)
		var qe *riskQueryError
		if ok != (err == nil) || (!ok && (!errors.As(err, &qe) || qe.Field != "horizonMinutes" || !strings.Contains(err.Error(), "exactly 15 min"))) {
			t.Errorf("%s: %v", raw, err)
		}
	}
}

func TestRiskQueryTopCannotExceedTheFeatures(t *testing.T) {
	meta := shippedMeta(t)
	rq, _ := parseRiskQuery("T", json.RawMessage(`{"output":"contributions","top":15}`))
	if err := rq.checkModel("T", meta); err == nil || !strings.Contains(err.Error(), "14 features") {
		t.Fatalf("top 15 of 14: %v", err)
	}
}

func TestRiskQueryThresholdOverride(t *testing.T) {
	meta := shippedMeta(t)
	rq, _ := parseRiskQuery("T", json.RawMessage(`{}`))
	if got := rq.alertingRule(meta); got != meta.Alerting {
		t.Fatalf("no override: %+v, want the model's %+v", got, meta.Alerting)
	}
	rq, _ = parseRiskQuery("T", json.RawMessage(`{"threshold":0.5}`))
	if got := rq.alertingRule(meta); got.Threshold != 0.5 || got.MinDurationSteps != meta.Alerting.MinDurationSteps || !(got.ClearBelow < 0.5) {
		t.Fatalf("override 0.5: %+v", got)
	}
}
