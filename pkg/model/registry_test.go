package model

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func copyArtifact(t *testing.T, from, to string) {
	t.Helper()
	if err := os.MkdirAll(to, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range append(ArtifactFiles, HashFile) {
		b, err := os.ReadFile(filepath.Join(from, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestRegistryActivatesAndRollsBack(t *testing.T) {
	shipped, err := LoadArtifactDir(goldenDir(t, "forecaster"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	copyArtifact(t, goldenDir(t, "risk"), filepath.Join(dir, "golden-risk-1"))
	r := NewRegistry(shipped, dir)
	versions, err := r.Versions()
	if err != nil || len(versions) != 2 || versions[0] != "golden-1" || versions[1] != "golden-risk-1" {
		t.Fatalf("versions %v, %v", versions, err)
	}
	if r.ActiveVersion() != "golden-1" {
		t.Fatalf("active %s before any activation", r.ActiveVersion())
	}
	if err := r.Activate("golden-risk-1"); err != nil {
		t.Fatal(err)
	}
	e, a, err := r.Engine("")
	if err != nil || a.Meta.Version != "golden-risk-1" || e == nil {
		t.Fatalf("active engine: %v %v", a, err)
	}
	// A second registry on the same directory (another Grafana replica) sees the same.
	if v := NewRegistry(shipped, dir).ActiveVersion(); v != "golden-risk-1" {
		t.Fatalf("replica sees %s", v)
	}
	if v, err := r.Rollback(); err != nil || v != "golden-1" || r.ActiveVersion() != "golden-1" {
		t.Fatalf("rollback: %s %v, active %s", v, err, r.ActiveVersion())
	}
	if err := r.Activate("no-such"); err == nil {
		t.Fatal("activating an unknown version must fail")
	}
	if err := NewRegistry(shipped, "").Activate("x"); !errors.Is(err, ErrNoModelDir) {
		t.Fatalf("no directory: %v", err)
	}
}
