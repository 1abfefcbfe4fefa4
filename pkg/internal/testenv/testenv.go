// Package testenv lets integration tests find the real stack they run against. A test asks for
// an environment variable; when it is unset the test is skipped, unless SENTINEL_REQUIRE_STACK=1
// says the stack must be there (CI), where a missing variable is a failure instead of a silent skip.
package testenv

import (
	"os"
	"path/filepath"
	"testing"
)

// Variables the integration tests read.
const (
	PromURLVar      = "SENTINEL_PROM_URL"
	VMURLVar        = "SENTINEL_VM_URL"
	PluginBinaryVar = "SENTINEL_PLUGIN_BINARY"
	RequireStackVar = "SENTINEL_REQUIRE_STACK"
)

// TB is the part of testing.TB used here, so the helpers can be tested with a fake.
type TB interface {
	Helper()
	Skipf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// Require returns the value of the environment variable name, skipping the test when it is unset
// (failing it when SENTINEL_REQUIRE_STACK=1).
func Require(t TB, name string) string {
	t.Helper()
	if v := os.Getenv(name); v != "" {
		return v
	}
	if os.Getenv(RequireStackVar) == "1" {
		t.Fatalf("%s is not set but %s=1 requires the stack; run scripts/stack start and export %s", name, RequireStackVar, name)
		return ""
	}
	t.Skipf("%s is not set; skipping (scripts/stack start, then export %s)", name, name)
	return ""
}

// Upstream is one real server the integration tests run against.
type Upstream struct {
	Name string
	URL  string
}

// Upstreams runs fn as a subtest for Prometheus and for VictoriaMetrics; each is skipped (or
// failed) on its own when its URL is not set.
func Upstreams(t *testing.T, fn func(t *testing.T, up Upstream)) {
	t.Helper()
	for _, u := range []struct{ name, envVar string }{{"prometheus", PromURLVar}, {"victoriametrics", VMURLVar}} {
		t.Run(u.name, func(t *testing.T) {
			fn(t, Upstream{Name: u.name, URL: Require(t, u.envVar)})
		})
	}
}

// RepoRoot is the directory holding go.mod, found by walking up from the working directory
// (go test runs in the package's directory).
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("cannot get the working directory: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("no go.mod above %s; run the tests from inside the repository", dir)
		}
		dir = parent
	}
}
