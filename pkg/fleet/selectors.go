package fleet

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/anomalysentinel/sentinel/pkg/model"
)

// vectorSelectorPattern finds a vector selector whose matchers hold $selector, e.g.
// node_cpu_seconds_total{mode="idle",$selector}: reading only that metric is the cheapest
// way to learn which hosts a feature will return.
var vectorSelectorPattern = regexp.MustCompile(`([a-zA-Z_:][a-zA-Z0-9_:]*)?\{[^{}]*\$selector[^{}]*\}`)

// discoveryQuery is an instant query, evaluated at the range's last step, that lists every
// instance with a sample of the first feature's first metric anywhere in [start, end]: one
// series per host, raw samples only (no rate), so it costs a fraction of one feature's
// query_range and returns a few bytes per host. A host without that metric is not scored.
func discoveryQuery(spec model.FeatureSpec, selector string, windowSeconds int64) (string, error) {
	vector := vectorSelectorPattern.FindString(spec.PromQL)
	if vector == "" {
		return "", badQuery("feature %q: its PromQL has no metric with $selector in its label matchers, so hosts cannot be discovered from it", spec.Name)
	}
	rendered, err := model.RenderFeatureQuery(model.FeatureSpec{Name: spec.Name, PromQL: vector}, selector, "1m")
	if err != nil {
		return "", &Error{Kind: KindBadQuery, Message: err.Error(), Err: err}
	}
	return fmt.Sprintf("group by (instance) (last_over_time(%s[%ds]))", rendered, windowSeconds), nil
}

// shardSelector narrows selector to exactly these instances. Each name is regex-quoted (an
// instance like 10.0.0.1:9100 has dots) and the whole pattern string-quoted for PromQL, so no
// instance name can widen or break the match.
func shardSelector(selector string, instances []string) string {
	quoted := make([]string, len(instances))
	for i, instance := range instances {
		quoted[i] = regexp.QuoteMeta(instance)
	}
	return strings.TrimSpace(selector) + ", instance=~" + strconv.Quote(strings.Join(quoted, "|"))
}

// shards cuts the sorted instances into groups of at most size.
func shards(instances []string, size int) [][]string {
	var out [][]string
	for len(instances) > 0 {
		n := min(size, len(instances))
		out = append(out, instances[:n:n])
		instances = instances[n:]
	}
	return out
}
