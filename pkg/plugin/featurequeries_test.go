package plugin

import (
	"strings"
	"testing"
)

func TestSettingsFeatureQueriesOverrideTheModelsPromQL(t *testing.T) {
	s, err := parseSettings(instanceSettings("http://p", `{"featureQueries":{"fd_used":"my_fd_used{$selector}"}}`, nil))
	if err != nil {
		t.Fatal(err)
	}
	meta := shippedMeta(t)
	specs, err := s.featureSpecs(meta)
	if err != nil {
		t.Fatal(err)
	}
	for i, spec := range specs {
		want := meta.Features[i].PromQL
		if spec.Name == "fd_used" {
			want = "my_fd_used{$selector}"
		}
		if spec.PromQL != want {
			t.Errorf("%s: %q, want %q", spec.Name, spec.PromQL, want)
		}
	}
	if meta.Features[len(meta.Features)-1].PromQL == "my_fd_used{$selector}" {
		t.Fatal("the override changed the shared model's spec")
	}
}

func TestSettingsFeatureQueriesRefusals(t *testing.T) {
	for jd, want := range map[string]string{
		`{"featureQueries":{"disk_ful":"x{$selector}"}}`:    `"disk_ful", which is not a feature of the model; the features are cpu_busy,`,
		`{"featureQueries":{"fd_used":"  "}}`:               "featureQueries.fd_used is empty",
		`{"featureQueries":{"fd_used":"node_filefd_used"}}`: "featureQueries.fd_used must put $selector inside",
		`{"featureQueries":{"fd_used":"x $selector"}}`:      "featureQueries.fd_used must put $selector inside",
		`{"featureQueries":["fd_used"]}`:                    "jsonData is not valid",
	} {
		_, err := parseSettings(instanceSettings("http://p", jd, nil))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", jd, err, want)
		}
	}
}

// A model version that lacks an overridden feature refuses to run with the override.
func TestFeatureSpecsRefuseAnOverrideTheModelDoesNotRead(t *testing.T) {
	meta := *shippedMeta(t)
	meta.Features = meta.Features[:3]
	s := Settings{FeatureQueries: map[string]string{"fd_used": "x{$selector}"}}
	if _, err := s.featureSpecs(&meta); err == nil || !strings.Contains(err.Error(), `"fd_used"`) {
		t.Fatalf("error %v", err)
	}
}
