package model

import "sort"

// featureSharesAt mirrors riskEngine.ts: each component's positive pull on the log-odds (partPulls),
// spread over features by that component's own per-feature evidence, then normalised so the
// shares sum to 1 (all zeros when nothing pulls risk up). The result lives in sc.perFeature
// and is overwritten by the next call.
func (e *Engine) featureSharesAt(k, F int, features []float64, parts *chunkParts, z []float64, missing []bool, timeMs int64, sc *scratch) []float64 {
	perFeature, shares := sc.perFeature, sc.shares
	clear(perFeature)
	row, rowMissing := z[k*F:(k+1)*F], missing[k*F:(k+1)*F]
	pulls := partPulls(features[k*4:k*4+4], e.Meta.Calibration)
	for i := 0; i < 4; i++ {
		pull := pulls[i]
		if !(pull > 0) {
			continue
		}
		clear(shares)
		switch i {
		case ComponentFailure:
			copy(shares, parts.failureByFeature[k*F:(k+1)*F])
		case ComponentResidual:
			copy(shares, parts.residualSq[k*F:(k+1)*F])
		case ComponentBaseline:
			e.Baseline.Shares(row, rowMissing, timeMs, shares)
		default:
			e.Isolation.Shares(row, rowMissing, timeMs, shares)
		}
		total := 0.0
		for _, v := range shares {
			total += v
		}
		if total > 0 {
			for f := 0; f < F; f++ {
				perFeature[f] += pull * shares[f] / total
			}
		}
	}
	sum := 0.0
	for _, v := range perFeature {
		sum += v
	}
	for f := range perFeature {
		if sum > 0 && perFeature[f] > 0 {
			perFeature[f] /= sum
		} else {
			perFeature[f] = 0
		}
	}
	return perFeature
}

// topContributions lists the features with a positive share, largest first, at most top of them.
func (e *Engine) topContributions(shares []float64, top int) []Contribution {
	return TopContributions(e.Meta.Features, shares, top)
}

// TopContributions ranks one step's feature shares (model feature order): positive shares only,
// largest first (ties keep the model's order), at most top; nil when none is positive.
func TopContributions(features []FeatureSpec, shares []float64, top int) []Contribution {
	var out []Contribution
	for f, v := range shares {
		if v > 0 {
			out = append(out, Contribution{Feature: features[f].Name, Share: v})
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Share > out[b].Share })
	if len(out) > top {
		out = out[:top]
	}
	return out
}
