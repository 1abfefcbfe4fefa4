package testenv

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

type fakeTB struct {
	skipped, failed bool
	msg             string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Skipf(format string, args ...any) {
	f.skipped, f.msg = true, fmt.Sprintf(format, args...)
}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.failed, f.msg = true, fmt.Sprintf(format, args...)
}

func TestRequire(t *testing.T) {
	const name = "SENTINEL_TESTENV_PROBE"
	t.Run("set", func(t *testing.T) {
		t.Setenv(name, "http://127.0.0.1:1")
		f := &fakeTB{}
		if got := Require(f, name); got != "http://127.0.0.1:1" || f.skipped || f.failed {
			t.Fatalf("Require = %q, skipped=%v failed=%v", got, f.skipped, f.failed)
		}
	})
	t.Run("unset skips", func(t *testing.T) {
		t.Setenv(name, "")
		t.Setenv(RequireStackVar, "")
		f := &fakeTB{}
		Require(f, name)
		if !f.skipped || f.failed {
			t.Fatalf("want a skip, got skipped=%v failed=%v", f.skipped, f.failed)
		}
	})
	t.Run("unset with stack required fails", func(t *testing.T) {
		t.Setenv(name, "")
		t.Setenv(RequireStackVar, "1")
		f := &fakeTB{}
		Require(f, name)
		if !f.failed || f.skipped {
			t.Fatalf("want a failure, got skipped=%v failed=%v", f.skipped, f.failed)
		}
	})
}

func TestRepoRootFindsGoMod(t *testing.T) {
	root := RepoRoot(t)
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("RepoRoot = %s without go.mod: %v", root, err)
	}
}

func TestReadReplayCSV(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.csv")
	csv := "timestamp,instance,node_load1\n1767225600,host-a,0.50\n1767225600,host-b,1.250\n1767225660,host-a,+Inf\n"
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := ReadReplayCSV(path)
	if err != nil {
		t.Fatal(err)
	}
	a := got["node_load1"]["host-a"]
	if len(a) != 2 || a[0].V != 0.5 || !a[0].T.Equal(time.Unix(1767225600, 0)) || a[1].V <= 1e308 {
		t.Fatalf("host-a = %+v", a)
	}
	if b := got["node_load1"]["host-b"]; len(b) != 1 || b[0].V != 1.25 {
		t.Fatalf("host-b = %+v", b)
	}
	if sel := got.Selector("node_load1"); sel != `node_load1{job="replay",instance=~"host-a|host-b"}` {
		t.Fatalf("Selector = %s", sel)
	}
}

func TestReadReplayCSVRejectsBadValues(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.csv")
	if err := os.WriteFile(path, []byte("timestamp,instance,m\n1,h,abc\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadReplayCSV(path); err == nil {
		t.Fatal("want an error for a non-numeric value")
	}
}

func TestReplayFixtureShape(t *testing.T) {
	got, err := ReadReplayCSV(filepath.Join(RepoRoot(t), ReplaySmallCSV))
	if err != nil {
		t.Fatal(err)
	}
	for _, host := range []string{"host-a", "host-b"} {
		if n := len(got["node_load1"][host]); n != 60 {
			t.Errorf("node_load1 %s has %d rows, want 60", host, n)
		}
	}
}

func TestCheckReplayFrames(t *testing.T) {
	t0 := time.Unix(1767225600, 0).UTC()
	want := map[string][]ReplayPoint{"host-a": {{T: t0, V: 0.5}, {T: t0.Add(time.Minute), V: 0.75}}}
	frame := func(values ...float64) *data.Frame {
		f := data.NewFrame("x",
			data.NewField("time", nil, []time.Time{t0, t0.Add(time.Minute)}),
			data.NewField("value", data.Labels{"instance": "host-a"}, values))
		f.Meta = &data.FrameMeta{Type: data.FrameTypeTimeSeriesMulti}
		return f
	}
	if err := CheckReplayFrames(data.Frames{frame(0.5, 0.75)}, want); err != nil {
		t.Fatalf("equal frames: %v", err)
	}
	if err := CheckReplayFrames(data.Frames{frame(0.5, 0.7500001)}, want); err == nil {
		t.Fatal("a different value must be reported")
	}
	if err := CheckReplayFrames(nil, want); err == nil {
		t.Fatal("missing frames must be reported")
	}
}
