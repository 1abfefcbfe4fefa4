package fleet

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/anomalysentinel/sentinel/pkg/model"
)

// The shard matcher selects exactly the given instances, whatever characters their names hold.
func TestShardSelectorEscapesInstanceNames(t *testing.T) {
	instances := []string{"10.0.0.1:9100", `we"ird\name`, "a|b", "x.*"}
	sel := shardSelector(`job="node"`, instances)
	const prefix = `job="node", instance=~`
	if !strings.HasPrefix(sel, prefix) {
		t.Fatalf("selector %s", sel)
	}
	pattern, err := strconv.Unquote(strings.TrimPrefix(sel, prefix))
	if err != nil {
		t.Fatalf("matcher is not one PromQL string: %s (%v)", sel, err)
	}
	re := regexp.MustCompile("^(?:" + pattern + ")$") // PromQL anchors =~ the same way
	for _, name := range instances {
		if !re.MatchString(name) {
			t.Errorf("%q not matched by %s", name, pattern)
		}
	}
	for _, other := range []string{"10a0b0c1:9100", "a", "b", "xyz", "10.0.0.1:91000"} {
		if re.MatchString(other) {
			t.Errorf("%q matched by %s", other, pattern)
		}
	}
	// The rendered feature query still passes the selector check (no injection, valid syntax).
	if _, err := model.RenderFeatureQuery(model.FeatureSpec{PromQL: "up{$selector}"}, sel, "1m"); err != nil {
		t.Fatal(err)
	}
}

func TestShards(t *testing.T) {
	got := shards([]string{"a", "b", "c", "d", "e"}, 2)
	if len(got) != 3 || strings.Join(got[0], ",") != "a,b" || strings.Join(got[2], ",") != "e" {
		t.Fatalf("shards = %v", got)
	}
	if got := shards(nil, 2); len(got) != 0 {
		t.Fatalf("no hosts: %v", got)
	}
}

func TestDiscoveryQueryReadsTheFirstMetricOfTheFeature(t *testing.T) {
	spec := model.FeatureSpec{Name: "cpu_busy", PromQL: `1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle",$selector}[$rate]))`}
	got, err := discoveryQuery(spec, `job="node"`, 4500)
	if err != nil {
		t.Fatal(err)
	}
	if want := `group by (instance) (last_over_time(node_cpu_seconds_total{mode="idle",job="node"}[4500s]))`; got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if _, err := discoveryQuery(model.FeatureSpec{Name: "x", PromQL: "vector(1)"}, `job="node"`, 60); err == nil {
		t.Fatal("a feature without $selector cannot discover hosts")
	}
	if _, err := discoveryQuery(spec, `} or vector(1) or {`, 60); err == nil {
		t.Fatal("a selector that is not label matchers must be refused")
	}
}
