package model

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"time"
)

var (
	selectorPattern   = regexp.MustCompile(`^\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=|!=|=~|!~)\s*"(?:[^"\\]|\\.)*"\s*(,\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=|!=|=~|!~)\s*"(?:[^"\\]|\\.)*"\s*)*$`)
	rateWindowPattern = regexp.MustCompile(`^\d+(ms|s|m|h|d)$`)
)

// RenderFeatureQuery mirrors featureSpec.ts: the feature's PromQL for a host selector made of
// label matchers only, so a query string cannot change the expression's meaning.
func RenderFeatureQuery(spec FeatureSpec, selector, rateWindow string) (string, error) {
	if !selectorPattern.MatchString(selector) {
		return "", fmt.Errorf("host selector %q is not a list of label matchers like instance=~\"web-.*\"", selector)
	}
	if !rateWindowPattern.MatchString(rateWindow) {
		return "", fmt.Errorf("rate window %q is not a PromQL duration like 1m", rateWindow)
	}
	return strings.NewReplacer("$selector", strings.TrimSpace(selector), "$rate", rateWindow).Replace(spec.PromQL), nil
}

// FeatureSeries is one feature's samples for one host, as the upstream returned them.
type FeatureSeries struct {
	Feature, Instance string
	TimestampsMs      []int64
	Values            []float64
}

// AlignHosts mirrors alignSeries.ts: every feature of every host on the grid from startMs to
// endMs; the value at grid time t is the newest sample in (t − step, t]; gaps of up to
// maxFillSteps repeat the last value, longer ones are missing. Non-finite values are refused
// with the series named. Hosts come back sorted by instance.
func AlignHosts(series []FeatureSeries, features []string, startMs, endMs, stepMs int64, maxFillSteps int) ([]HostFeatures, error) {
	if stepMs <= 0 || endMs < startMs {
		return nil, fmt.Errorf("bad grid: start %d, end %d, step %d ms", startMs, endMs, stepMs)
	}
	T := int((endMs-startMs)/stepMs) + 1
	F := len(features)
	index := make(map[string]int, F)
	for i, f := range features {
		index[f] = i
	}
	hosts := map[string]*HostFeatures{}
	for _, s := range series {
		f, ok := index[s.Feature]
		if !ok {
			return nil, fmt.Errorf("unknown feature %q (instance=%q); the model reads %s", s.Feature, s.Instance, strings.Join(features, ", "))
		}
		h := hosts[s.Instance]
		if h == nil {
			h = &HostFeatures{Instance: s.Instance, GridStartMs: startMs, Values: make([]float64, T*F), Missing: make([]bool, T*F)}
			for i := range h.Values {
				h.Values[i], h.Missing[i] = math.NaN(), true
			}
			hosts[s.Instance] = h
		}
		i, last, lastSeen := 0, math.NaN(), -1<<31
		for k := 0; k < T; k++ {
			t := startMs + int64(k)*stepMs
			found := false
			for i < len(s.TimestampsMs) && s.TimestampsMs[i] <= t {
				ts, v := s.TimestampsMs[i], s.Values[i]
				if i > 0 && ts <= s.TimestampsMs[i-1] {
					return nil, fmt.Errorf("feature %q instance=%q: timestamps out of order at %s", s.Feature, s.Instance, time.UnixMilli(ts).UTC().Format(time.RFC3339))
				}
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return nil, fmt.Errorf("feature %q instance=%q is %v at %s; fix the query (e.g. clamp_min the divisor) or the exporter: the model refuses non-finite input",
						s.Feature, s.Instance, v, time.UnixMilli(ts).UTC().Format(time.RFC3339))
				}
				if ts > t-stepMs {
					last, found, lastSeen = v, true, k
				}
				i++
			}
			if found || (!math.IsNaN(last) && k-lastSeen <= maxFillSteps) {
				h.Values[k*F+f], h.Missing[k*F+f] = last, false
			}
		}
	}
	out := make([]HostFeatures, 0, len(hosts))
	for _, h := range hosts {
		out = append(out, *h)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Instance < out[b].Instance })
	return out, nil
}
