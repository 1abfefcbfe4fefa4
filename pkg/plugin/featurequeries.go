package plugin

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/anomalysentinel/sentinel/pkg/model"
)

// selectorInVectorPattern finds $selector inside a vector selector's braces, where the host
// matchers must go for the query to select (and shard) hosts.
var selectorInVectorPattern = regexp.MustCompile(`\{[^{}]*\$selector[^{}]*\}`)

// checkFeatureQueries validates jsonData.featureQueries (feature name → PromQL template with
// $selector and $rate, as in sentinel.json) against the features a model reads, returning one
// problem per bad entry, sorted by name so the message is stable.
func checkFeatureQueries(queries map[string]string, features []model.FeatureSpec) []string {
	known := map[string]bool{}
	names := make([]string, len(features))
	for i, f := range features {
		known[f.Name], names[i] = true, f.Name
	}
	keys := make([]string, 0, len(queries))
	for k := range queries {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var problems []string
	for _, name := range keys {
		tmpl := strings.TrimSpace(queries[name])
		switch {
		case !known[name]:
			problems = append(problems, fmt.Sprintf("featureQueries names %q, which is not a feature of the model; the features are %s", name, strings.Join(names, ", ")))
		case tmpl == "":
			problems = append(problems, fmt.Sprintf("featureQueries.%s is empty; remove it to use the model's query", name))
		case !selectorInVectorPattern.MatchString(tmpl):
			problems = append(problems, fmt.Sprintf(`featureQueries.%s must put $selector inside a metric's label matchers, e.g. node_load1{$selector}, so the query reads only the selected hosts`, name))
		}
	}
	return problems
}

// featureSpecs are the model's features with the datasource's PromQL overrides applied. An
// override for a feature this model version does not read is an error rather than ignored:
// the config page promised that query would be used.
func (s Settings) featureSpecs(meta *model.SentinelJSON) ([]model.FeatureSpec, error) {
	specs := append([]model.FeatureSpec(nil), meta.Features...)
	if len(s.FeatureQueries) == 0 {
		return specs, nil
	}
	if problems := checkFeatureQueries(s.FeatureQueries, specs); len(problems) > 0 {
		return nil, fmt.Errorf("model %s: %s", meta.Version, strings.Join(problems, "; "))
	}
	for i, f := range specs {
		if tmpl, ok := s.FeatureQueries[f.Name]; ok {
			specs[i].PromQL = strings.TrimSpace(tmpl)
		}
	}
	return specs, nil
}
