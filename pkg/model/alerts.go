package model

import "fmt"

// AlertEpisode is one predicted-failure alert (alertEpisodes.ts): indices into the scored steps.
type AlertEpisode struct {
	FiredIndex   int     `json:"firedIndex"`
	PendingIndex int     `json:"pendingIndex"`
	EndIndex     int     `json:"endIndex"`
	PeakRisk     float64 `json:"peakRisk"`
}

// AlertFiring is the alert state per step: fires after MinDurationSteps at or above the
// threshold, clears below ClearBelow.
func AlertFiring(risk []float64, rule AlertingRule) []bool {
	firing := make([]bool, len(risk))
	above, on := 0, false
	for k, r := range risk {
		if r >= rule.Threshold {
			above++
		} else {
			above = 0
		}
		if !on && above >= rule.MinDurationSteps {
			on = true
		} else if on && r < rule.ClearBelow {
			on = false
		}
		firing[k] = on
	}
	return firing
}

// AlertEpisodes groups firing steps into episodes.
func AlertEpisodes(risk []float64, rule AlertingRule) []AlertEpisode {
	firing := AlertFiring(risk, rule)
	var episodes []AlertEpisode
	for k := 0; k < len(firing); k++ {
		if !firing[k] || (k > 0 && firing[k-1]) {
			continue
		}
		end, peak := k, risk[k]
		for end+1 < len(firing) && firing[end+1] {
			end++
			peak = max(peak, risk[end])
		}
		episodes = append(episodes, AlertEpisode{FiredIndex: k, PendingIndex: k - rule.MinDurationSteps + 1, EndIndex: end, PeakRisk: peak})
	}
	return episodes
}

// Validate checks a rule the way sentinel.json's schema does, so an override from a query
// cannot make AlertFiring meaningless.
func (r AlertingRule) Validate() error {
	switch {
	case !(r.Threshold > 0 && r.Threshold < 1):
		return fmt.Errorf("alert threshold %v must be in (0, 1)", r.Threshold)
	case r.MinDurationSteps <= 0:
		return fmt.Errorf("alert minimum duration %d steps must be positive", r.MinDurationSteps)
	case !(r.ClearBelow >= 0 && r.ClearBelow <= r.Threshold):
		return fmt.Errorf("alert clear level %v must be in [0, threshold %v]", r.ClearBelow, r.Threshold)
	}
	return nil
}

// WithThreshold is the rule with another firing threshold. The clear level keeps the model's
// ratio to the threshold (the shipped rule clears at 0.85 × threshold), so the hysteresis that
// stops an alert flapping around the threshold scales with it instead of ending up above it.
func (r AlertingRule) WithThreshold(threshold float64) AlertingRule {
	ratio := 1.0
	if r.Threshold > 0 {
		ratio = r.ClearBelow / r.Threshold
	}
	r.ClearBelow = threshold * ratio
	r.Threshold = threshold
	return r
}
