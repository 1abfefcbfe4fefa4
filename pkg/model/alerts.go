package model

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
