package model

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Registry holds the model versions a backend can run: the shipped model (embedded in the
// executable) and, when a model directory is configured, every artifact folder in it. The
// active version is a small file in that directory, replaced atomically, so several Grafana
// replicas sharing the directory agree without talking to each other. Engines are cached by
// content hash: a version's files never change under the same hash.
type Registry struct {
	dir     string
	shipped *Artifact

	mu      sync.Mutex
	engines map[string]*Engine
}

const (
	activeFile   = "active"
	previousFile = "previous"
)

// ErrNoModelDir is returned by Activate and Rollback when no model directory is configured.
var ErrNoModelDir = errors.New("no model directory is configured: the shipped model is the only version; set a model directory to activate others")

// NewRegistry makes a registry over the shipped artifact and an optional directory ("" for none).
func NewRegistry(shipped *Artifact, dir string) *Registry {
	return &Registry{dir: dir, shipped: shipped, engines: map[string]*Engine{}}
}

// Versions lists the versions available, sorted, with the shipped one first.
func (r *Registry) Versions() ([]string, error) {
	versions := []string{r.shipped.Meta.Version}
	if r.dir == "" {
		return versions, nil
	}
	entries, err := os.ReadDir(r.dir)
	if err != nil {
		return nil, fmt.Errorf("model directory %s: %w", r.dir, err)
	}
	var found []string
	for _, e := range entries {
		if e.IsDir() && e.Name() != r.shipped.Meta.Version && versionPattern.MatchString(e.Name()) {
			if _, err := os.Stat(filepath.Join(r.dir, e.Name(), "sentinel.json")); err == nil {
				found = append(found, e.Name())
			}
		}
	}
	sort.Strings(found)
	return append(versions, found...), nil
}

// ActiveVersion is the version in the directory's active file, or the shipped one.
func (r *Registry) ActiveVersion() string {
	if r.dir != "" {
		if b, err := os.ReadFile(filepath.Join(r.dir, activeFile)); err == nil {
			if v := strings.TrimSpace(string(b)); versionPattern.MatchString(v) {
				return v
			}
		}
	}
	return r.shipped.Meta.Version
}

// Artifact loads a version's artifact (checked: schema, shapes, hash).
func (r *Registry) Artifact(version string) (*Artifact, error) {
	if version == "" || version == r.shipped.Meta.Version {
		return r.shipped, nil
	}
	if r.dir == "" || !versionPattern.MatchString(version) {
		return nil, fmt.Errorf("model version %q is not in the registry", version)
	}
	a, err := LoadArtifactDir(filepath.Join(r.dir, version))
	if err != nil {
		return nil, err
	}
	if a.Meta.Version != version {
		return nil, fmt.Errorf("model folder %s holds version %q; a folder must be named by its version", version, a.Meta.Version)
	}
	return a, nil
}

// Engine returns the scoring engine of a version ("" = the active one).
func (r *Registry) Engine(version string) (*Engine, *Artifact, error) {
	if version == "" {
		version = r.ActiveVersion()
	}
	a, err := r.Artifact(version)
	if err != nil {
		return nil, nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if e, ok := r.engines[a.ContentHash]; ok {
		return e, a, nil
	}
	e, err := EngineFromArtifact(a)
	if err != nil {
		return nil, nil, err
	}
	r.engines[a.ContentHash] = e
	return e, a, nil
}

// Activate makes version the active one, remembering the one it replaces for Rollback.
func (r *Registry) Activate(version string) error {
	if r.dir == "" {
		return ErrNoModelDir
	}
	if _, err := r.Artifact(version); err != nil {
		return err
	}
	previous := r.ActiveVersion()
	if err := writeAtomically(filepath.Join(r.dir, previousFile), previous); err != nil {
		return err
	}
	return writeAtomically(filepath.Join(r.dir, activeFile), version)
}

// Rollback re-activates the version that was active before the last Activate.
func (r *Registry) Rollback() (string, error) {
	if r.dir == "" {
		return "", ErrNoModelDir
	}
	b, err := os.ReadFile(filepath.Join(r.dir, previousFile))
	if err != nil {
		return "", errors.New("there is no earlier version to roll back to")
	}
	version := strings.TrimSpace(string(b))
	return version, r.Activate(version)
}

// writeAtomically replaces path with content via a rename, so readers never see half a file.
func writeAtomically(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-")
	if err != nil {
		return fmt.Errorf("model directory: %w", err)
	}
	if _, err := tmp.WriteString(content + "\n"); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
