package model

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
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

// SettleSteps mirrors settleSteps in featureSpec.ts: per feature, the grid points AlignHosts
// leaves missing after the feature's series starts inside the range — rate window / step − 1
// for a feature whose PromQL takes a rate over $rate (rate() over a window a new series only
// partly covers still divides by the whole window, so a new host's first rates read low), else 0.
func SettleSteps(features []FeatureSpec, rateWindow string, stepMs int64) ([]int, error) {
	m := rateDurationPattern.FindStringSubmatch(rateWindow)
	if m == nil {
		return nil, fmt.Errorf("rate window %q is not a PromQL duration like 1m", rateWindow)
	}
	n, _ := strconv.ParseInt(m[1], 10, 64)
	windowMs := n * map[string]int64{"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000}[m[2]]
	windowSteps := int((windowMs + stepMs - 1) / stepMs)
	out := make([]int, len(features))
	for i, f := range features {
		if strings.Contains(f.PromQL, "$rate") {
			out[i] = max(0, windowSteps-1)
		}
	}
	return out, nil
}

var rateDurationPattern = regexp.MustCompile(`^(\d+)(ms|s|m|h|d)$`)

// AlignHosts mirrors alignSeries.ts: every feature of every host on the grid from startMs to
// endMs; the value at grid time t is the newest sample in (t − step, t]; gaps of up to
// maxFillSteps repeat the last value, longer ones are missing. settle (per feature, may be nil)
// leaves the first settle[f] points missing after a series starts inside the grid (absent at the
// previous grid point; not at the first, where the series may predate the range). Non-finite
// values are refused with the series named. Hosts come back sorted by instance.
func AlignHosts(series []FeatureSeries, features []string, startMs, endMs, stepMs int64, maxFillSteps int, settle []int) ([]HostFeatures, error) {
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
		settleSteps := 0
		if settle != nil {
			settleSteps = settle[f]
		}
		i, last, lastSeen := 0, math.NaN(), -1<<31
		settledFrom, foundBefore := 0, false
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
					if !found && !foundBefore && k > 0 {
						settledFrom = k + settleSteps // a start: absent at the previous grid point
					}
					found = true
					if k >= settledFrom {
						last, lastSeen = v, k
					}
				}
				i++
			}
			foundBefore = found
			if found && k < settledFrom {
				found = false
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
