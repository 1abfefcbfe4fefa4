package model

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The Go runtime computes the same content hash as the TypeScript one wrote.
func TestLoadArtifactDirMatchesRecordedHash(t *testing.T) {
	a, err := LoadArtifactDir(goldenDir(t, "forecaster"))
	if err != nil {
		t.Fatal(err)
	}
	recorded, _ := os.ReadFile(filepath.Join(goldenDir(t, "forecaster"), HashFile))
	if a.ContentHash != strings.TrimSpace(string(recorded)) {
		t.Fatalf("hash %s, recorded %s", a.ContentHash, recorded)
	}
	if a.Meta.Version != "golden-1" || len(a.Meta.Features) != 14 || a.Forecaster.Units != 32 {
		t.Fatalf("unexpected artifact %+v", a.Meta)
	}
}

func TestLoadArtifactDirRefusesTamperedOrBrokenArtifacts(t *testing.T) {
	copyDir := func(t *testing.T) string {
		dst := t.TempDir()
		for _, name := range append(ArtifactFiles, HashFile) {
			b, err := os.ReadFile(filepath.Join(goldenDir(t, "forecaster"), name))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dst, name), b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		return dst
	}
	t.Run("changed after hashing", func(t *testing.T) {
		dir := copyDir(t)
		b, _ := os.ReadFile(filepath.Join(dir, "sentinel.json"))
		_ = os.WriteFile(filepath.Join(dir, "sentinel.json"), []byte(strings.Replace(string(b), `"threshold": 0.8`, `"threshold": 0.5`, 1)), 0o600)
		_, err := LoadArtifactDir(dir)
		var ae *ArtifactError
		if !errors.As(err, &ae) || !strings.Contains(err.Error(), "does not match the recorded") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("missing weights", func(t *testing.T) {
		dir := copyDir(t)
		_ = os.Remove(filepath.Join(dir, "weights.bin"))
		if _, err := LoadArtifactDir(dir); err == nil || !strings.Contains(err.Error(), "weights.bin is missing") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("bad sentinel.json without a hash check", func(t *testing.T) {
		files := map[string][]byte{}
		for _, name := range ArtifactFiles {
			files[name], _ = os.ReadFile(filepath.Join(goldenDir(t, "forecaster"), name))
		}
		files["sentinel.json"] = []byte(strings.Replace(string(files["sentinel.json"]), `"clearBelow": 0.6`, `"clearBelow": 0.9`, 1))
		if _, err := ParseArtifact("x", files, ""); err == nil || !strings.Contains(err.Error(), "clearBelow") {
			t.Fatalf("got %v", err)
		}
	})
}

func TestPlanChunksMatchesTheSharedRule(t *testing.T) {
	const step = 60_000
	plan, err := PlanChunks(step, StreamingRule{ChunkSteps: 10, WarmupSteps: 4}, 25*step, 41*step)
	if err != nil {
		t.Fatal(err)
	}
	var starts []int64
	for _, c := range plan.Chunks {
		starts = append(starts, c.ChunkStartMs/step)
	}
	if len(starts) != 3 || starts[0] != 20 || starts[1] != 30 || starts[2] != 40 || plan.FetchStartMs != 16*step {
		t.Fatalf("chunks %v fetch %d", starts, plan.FetchStartMs/step)
	}
	if _, err := PlanChunks(step, StreamingRule{ChunkSteps: 10}, 25*step+1, 25*step+2); err == nil {
		t.Fatal("an empty range must be refused")
	}
	// Negative times (before 1970) still cut at multiples of the chunk.
	plan, _ = PlanChunks(step, StreamingRule{ChunkSteps: 10}, -15*step, -12*step)
	if plan.Chunks[0].ChunkStartMs != -20*step {
		t.Fatalf("chunk start %d", plan.Chunks[0].ChunkStartMs/step)
	}
}

func TestAlertEpisodesMatchTheTypeScriptRule(t *testing.T) {
	rule := AlertingRule{Threshold: 0.8, MinDurationSteps: 3, ClearBelow: 0.6}
	risk := []float64{0.9, 0.9, 0.1, 0.85, 0.9, 0.95, 0.7, 0.65, 0.5, 0.9}
	got := AlertEpisodes(risk, rule)
	if len(got) != 1 || got[0] != (AlertEpisode{FiredIndex: 5, PendingIndex: 3, EndIndex: 7, PeakRisk: 0.95}) {
		t.Fatalf("got %+v", got)
	}
}

func TestNormalCDFReferenceValues(t *testing.T) {
	for _, c := range []struct{ x, want float64 }{{0, 0.5}, {1, 0.8413447461}, {-1, 0.1586552539}, {1.96, 0.9750021049}, {-4, 0.0000316712}} {
		if d := NormalCDF(c.x) - c.want; d > 1.5e-7 || d < -1.5e-7 {
			t.Fatalf("Φ(%v) = %v, want %v", c.x, NormalCDF(c.x), c.want)
		}
	}
}
