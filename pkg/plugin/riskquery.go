package plugin

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/anomalysentinel/sentinel/pkg/model"
)

// QueryTypeRisk asks for failure risk per host instead of a PromQL result.
const QueryTypeRisk = "risk"

// Output kinds of a risk query. Each is one frame shape (see riskframes.go and eventframes.go).
const (
	// OutputRisk: one numeric time series per host, labelled by instance (the alerting shape).
	OutputRisk = "risk"
	// OutputComponents: risk plus the four smoothed parts as further fields of the host's frame.
	OutputComponents = "components"
	// OutputContributions: per host, the top features over the range (shares weighted by risk),
	// each as the time series of its share of the evidence (labels instance, feature, rank).
	OutputContributions = "contributions"
	// OutputTopFeatures: one numeric series per host whose label top_features names the top
	// features at the last step; for alert rule annotations (see riskframes.go).
	OutputTopFeatures = "topFeatures"
	// OutputEvents: predicted-failure episodes as one table frame usable as annotations.
	OutputEvents = "events"
)

var outputKinds = []string{OutputRisk, OutputComponents, OutputContributions, OutputTopFeatures, OutputEvents}

const (
	defaultHostSelector = `instance=~".+"`
	defaultTop          = 3
)

// riskQueryModel is what a risk query carries.
type riskQueryModel struct {
	HostSelector string `json:"hostSelector"`
	ModelVersion string `json:"modelVersion"` // "" = the active version
	Output       string `json:"output"`       // one of outputKinds; "" = risk
	// Threshold overrides the model's alert threshold for the events output (0 or absent = the model's).
	Threshold *float64 `json:"threshold"`
	// HorizonMinutes may only restate the model's horizon (see checkHorizon).
	HorizonMinutes *float64 `json:"horizonMinutes"`
	// Top is how many features the contributions and topFeatures outputs name (default 3).
	Top int `json:"top"`
}

// riskQueryError is a risk query the datasource refuses before touching the upstream: the
// user's to fix, answered as a bad request naming the field.
type riskQueryError struct {
	RefID, Field, Reason string
}

func (e *riskQueryError) Error() string {
	return fmt.Sprintf("query %s: %s: %s", e.RefID, e.Field, e.Reason)
}

// parseRiskQuery reads the query JSON and checks what needs no model.
func parseRiskQuery(refID string, raw json.RawMessage) (riskQueryModel, error) {
	var rq riskQueryModel
	if err := json.Unmarshal(raw, &rq); err != nil {
		return rq, &riskQueryError{refID, "query", fmt.Sprintf("not valid JSON (%v); re-save the query", err)}
	}
	if strings.TrimSpace(rq.HostSelector) == "" {
		rq.HostSelector = defaultHostSelector
	}
	if rq.Output == "" {
		rq.Output = OutputRisk
	}
	known := false
	for _, k := range outputKinds {
		known = known || rq.Output == k
	}
	if !known {
		return rq, &riskQueryError{refID, "output", fmt.Sprintf("%q is not one of %s", rq.Output, strings.Join(outputKinds, ", "))}
	}
	if t := rq.Threshold; t != nil && *t != 0 && !(*t > 0 && *t < 1) {
		return rq, &riskQueryError{refID, "threshold", fmt.Sprintf("%v is not a probability in (0, 1); leave it empty for the model's threshold", *t)}
	}
	if rq.Top < 0 {
		return rq, &riskQueryError{refID, "top", fmt.Sprintf("%d must be a positive number of features", rq.Top)}
	}
	if rq.Top == 0 {
		rq.Top = defaultTop
	}
	return rq, nil
}

// checkModel checks what depends on the model the query runs: the horizon and the number of
// features to name.
//
// Why the horizon cannot be overridden: the LSTM was trained to output its forecast mean and
// variance exactly HorizonSteps ahead, and the calibration turning the parts into a probability
// was fitted on "fails within that horizon" labels. A shorter horizon would need forecasts and
// a calibration the artifact does not hold; rescaling the probability (say, a constant hazard
// over the window) would be a guess that the TypeScript runtime does not make, so the panel and
// the alert rule would disagree. A query may state the horizon — so a dashboard that assumes
// one fails loudly when the model changes — but only the model's own.
func (rq riskQueryModel) checkModel(refID string, meta *model.SentinelJSON) error {
	modelMinutes := float64(meta.HorizonSteps*meta.StepSeconds) / 60
	if h := rq.HorizonMinutes; h != nil && *h != 0 && math.Abs(*h-modelMinutes) > 1e-9 {
		return &riskQueryError{refID, "horizonMinutes", fmt.Sprintf(
			"%v min: model %s forecasts exactly %v min ahead (its LSTM and calibration were fitted for that horizon); leave horizonMinutes empty or set it to %v, or train a model for another horizon",
			*h, meta.Version, modelMinutes, modelMinutes)}
	}
	if rq.Top > len(meta.Features) {
		return &riskQueryError{refID, "top", fmt.Sprintf("%d is more than the %d features model %s reads", rq.Top, len(meta.Features), meta.Version)}
	}
	return nil
}

// alertingRule is the model's rule with the query's threshold, if it sets one.
func (rq riskQueryModel) alertingRule(meta *model.SentinelJSON) model.AlertingRule {
	if rq.Threshold == nil || *rq.Threshold == 0 {
		return meta.Alerting
	}
	return meta.Alerting.WithThreshold(*rq.Threshold)
}
