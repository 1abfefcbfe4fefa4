package model

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTimeBucketWrapsDaysAndNegativeTimes(t *testing.T) {
	const hour = int64(3_600_000)
	t0 := int64(1_763_596_800_000) // 2025-11-20T00:00Z
	for _, c := range []struct {
		timeMs  int64
		buckets int
		want    int
	}{
		{t0, 24, 0}, {t0 + 3*hour + hour/2, 24, 3}, {t0 + 24*hour - 1, 24, 23}, {t0 + 24*hour, 24, 0},
		{-hour / 2, 24, 23}, {-1, 96, 95}, {t0 + 15*60_000, 96, 1}, {t0 + 15*60_000 - 1, 96, 0},
	} {
		if got := timeBucket(c.timeMs, c.buckets); got != c.want {
			t.Errorf("timeBucket(%d, %d) = %d, want %d", c.timeMs, c.buckets, got, c.want)
		}
	}
}

// The seasonal score is the robust score against the median and MAD of the step's bucket.
func TestSeasonalBaselineScoresLikeRobustPerBucket(t *testing.T) {
	b := &SeasonalBaseline{Kind: "seasonal", Buckets: 24}
	for i := 0; i < 24; i++ {
		b.Median = append(b.Median, []float64{float64(i), 0})
		b.MAD = append(b.MAD, []float64{1, 2})
	}
	row, missing := []float64{3, 4}, []bool{false, false}
	const hour = int64(3_600_000)
	for _, c := range []struct {
		timeMs int64
		bucket int
	}{{3*hour + 1, 3}, {-hour / 2, 23}, {48*hour + 5*hour, 5}} {
		robust := &RobustBaseline{Kind: "robust-baseline", Median: b.Median[c.bucket], MAD: b.MAD[c.bucket]}
		if got, want := b.Score(row, missing, c.timeMs), robust.Score(row, missing, 0); got != want {
			t.Fatalf("t=%d: score %v, robust on bucket %d %v", c.timeMs, got, c.bucket, want)
		}
		got, want := make([]float64, 2), make([]float64, 2)
		b.Shares(row, missing, c.timeMs, got)
		robust.Shares(row, missing, 0, want)
		if got[0] != want[0] || got[1] != want[1] {
			t.Fatalf("t=%d: shares %v, want %v", c.timeMs, got, want)
		}
	}
	if got := b.Score(row, missing, 3*hour); got != math.Sqrt(2) {
		t.Fatalf("score %v, want sqrt 2", got)
	}
	if got := b.Score(row, []bool{true, true}, 0); got != 0 {
		t.Fatalf("nothing present: %v", got)
	}
}

func seasonalGoldenDoc(t *testing.T) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(goldenDir(t, "risk-seasonal"), "sentinel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func parseDoc(t *testing.T, doc map[string]any) error {
	t.Helper()
	raw, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ParseSentinelJSON(raw)
	return err
}

// sentinel.json's check names the field of malformed seasonal params, as the TypeScript schema does.
func TestSentinelJSONRefusesMalformedSeasonalBaseline(t *testing.T) {
	if err := parseDoc(t, seasonalGoldenDoc(t)); err != nil {
		t.Fatalf("the committed seasonal golden: %v", err)
	}
	for _, c := range []struct {
		name   string
		change func(b map[string]any)
		want   string
	}{
		{"zero buckets", func(b map[string]any) { b["buckets"] = 0 }, "baseline.buckets: 0"},
		{"too many buckets", func(b map[string]any) { b["buckets"] = 2000 }, "baseline.buckets: 2000"},
		{"fractional buckets", func(b map[string]any) { b["buckets"] = 2.5 }, "buckets"},
		{"no mad", func(b map[string]any) { delete(b, "mad") }, "baseline.mad: 0 buckets; buckets is 24"},
		{"short median", func(b map[string]any) { b["median"] = b["median"].([]any)[:23] }, "baseline.median: 23 buckets; buckets is 24"},
		{"short mad row", func(b map[string]any) {
			rows := b["mad"].([]any)
			rows[7] = rows[7].([]any)[:3]
		}, "baseline.mad.7: 3 values for 4 features"},
		{"zero mad", func(b map[string]any) { b["mad"].([]any)[3].([]any)[1] = 0 }, "baseline.mad.3.1: 0 is not a finite positive number"},
		{"unknown kind", func(b map[string]any) { b["kind"] = "weekly" }, `baseline.kind: unknown baseline kind "weekly"`},
		{"kind not a string", func(b map[string]any) { b["kind"] = 3 }, "baseline.kind: 3 is not a string"},
	} {
		doc := seasonalGoldenDoc(t)
		c.change(doc["baseline"].(map[string]any))
		err := parseDoc(t, doc)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

// Robust is the default: no kind, "robust" and "robust-baseline" all load the median/MAD baseline.
func TestBaselineKindsLoad(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(goldenDir(t, "risk"), "sentinel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	baseline := doc["baseline"].(map[string]any)
	F := len(doc["features"].([]any))
	for _, kind := range []any{nil, "robust", "robust-baseline"} {
		if kind == nil {
			delete(baseline, "kind")
		} else {
			baseline["kind"] = kind
		}
		if err := parseDoc(t, doc); err != nil {
			t.Fatalf("kind %v: %v", kind, err)
		}
		b, _ := json.Marshal(baseline)
		scorer, err := ParseBaseline(b, F)
		if err != nil {
			t.Fatalf("kind %v: %v", kind, err)
		}
		if _, ok := scorer.(*RobustBaseline); !ok {
			t.Fatalf("kind %v: %T", kind, scorer)
		}
	}
	if _, err := ParseBaseline(json.RawMessage(`{"kind":"weekly"}`), F); err == nil || !strings.Contains(err.Error(), `unknown baseline kind "weekly"`) {
		t.Fatalf("unknown kind: %v", err)
	}
	seasonal, err := json.Marshal(seasonalGoldenDoc(t)["baseline"])
	if err != nil {
		t.Fatal(err)
	}
	if scorer, err := ParseBaseline(seasonal, 4); err != nil {
		t.Fatal(err)
	} else if _, ok := scorer.(*SeasonalBaseline); !ok {
		t.Fatalf("seasonal: %T", scorer)
	}
}
