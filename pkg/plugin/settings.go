package plugin

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/anomalysentinel/sentinel/pkg/fleet"
	"github.com/anomalysentinel/sentinel/pkg/promclient"
)

// Defaults for what the config page may leave unset.
const (
	defaultTimeoutSeconds = 30
	defaultMaxSeries      = 1000
	defaultMaxPoints      = 11000
	// maxResponseBytes is not user-facing: it keeps one answer from taking the plugin process
	// down. At ~40 bytes a point it admits ~6 million points, half what the default series and
	// points limits allow together; beyond that the user gets a "narrow the query" error.
	maxResponseBytes = 256 << 20
)

// Settings is what one datasource instance is configured with.
type Settings struct {
	URL       string
	Auth      promclient.Auth
	Timeout   time.Duration
	MaxSeries int
	MaxPoints int
	// ModelDir holds model versions beside the shipped one (optional; shared by Grafana replicas).
	ModelDir string
	// FeatureQueries overrides the model's PromQL per feature name (templates with $selector
	// and $rate), for fleets whose metrics are named or labelled differently.
	FeatureQueries map[string]string
	// Fleet bounds a risk query: hosts per shard, requests in flight, time budget, max hosts.
	Fleet fleet.Config
}

// jsonData mirrors the config page's jsonData. Numbers are pointers so that absent and 0 both
// mean "use the default", as a cleared field on the page sends one or the other.
type jsonData struct {
	AuthType       string   `json:"authType"`
	BasicAuthUser  string   `json:"basicAuthUser"`
	TimeoutSeconds *float64 `json:"timeoutSeconds"`
	MaxSeries      *float64 `json:"maxSeries"`
	MaxPoints      *float64 `json:"maxPoints"`
	ModelDir       string   `json:"modelDir"`
	// FeatureQueries is written by the app's config page: feature name → PromQL template.
	FeatureQueries map[string]string `json:"featureQueries"`
	// Risk queries over large fleets (pkg/fleet).
	ShardSize          *float64 `json:"shardSize"`
	FetchConcurrency   *float64 `json:"fetchConcurrency"`
	QueryBudgetSeconds *float64 `json:"queryBudgetSeconds"`
	MaxHosts           *float64 `json:"maxHosts"`
}

// parseSettings reads instance settings; every problem found is reported at once, naming the
// field on the config page.
func parseSettings(s backend.DataSourceInstanceSettings) (Settings, error) {
	var jd jsonData
	if raw := bytes.TrimSpace(s.JSONData); len(raw) > 0 && !bytes.Equal(raw, []byte("null")) {
		if err := json.Unmarshal(raw, &jd); err != nil {
			return Settings{}, fmt.Errorf("datasource settings: jsonData is not valid (%v); re-save the datasource config page", err)
		}
	}
	out := Settings{URL: strings.TrimSpace(s.URL), ModelDir: strings.TrimSpace(jd.ModelDir)}
	var problems []string
	add := func(p string) { problems = append(problems, p) }

	if out.URL == "" {
		add("URL is empty; set it to the Prometheus or VictoriaMetrics address, e.g. http://localhost:9090")
	}
	switch promclient.AuthType(jd.AuthType) {
	case "", promclient.AuthNone:
		out.Auth = promclient.Auth{Type: promclient.AuthNone}
	case promclient.AuthBasic:
		out.Auth = promclient.Auth{Type: promclient.AuthBasic, User: jd.BasicAuthUser,
			Password: s.DecryptedSecureJSONData["basicAuthPassword"]}
		if jd.BasicAuthUser == "" {
			add("basic auth is selected but the user is empty; fill in the user")
		}
	case promclient.AuthBearer:
		out.Auth = promclient.Auth{Type: promclient.AuthBearer, Token: s.DecryptedSecureJSONData["bearerToken"]}
		if out.Auth.Token == "" {
			add("bearer auth is selected but no token is saved; enter the token")
		}
	default:
		add(fmt.Sprintf("authType %q is not one of none, basic, bearer", jd.AuthType))
	}

	seconds, err := positiveNumber("timeoutSeconds", jd.TimeoutSeconds, defaultTimeoutSeconds, false)
	if err != nil {
		add(err.Error())
	}
	out.Timeout = time.Duration(seconds * float64(time.Second))
	maxSeries, err := positiveNumber("maxSeries", jd.MaxSeries, defaultMaxSeries, true)
	if err != nil {
		add(err.Error())
	}
	out.MaxSeries = int(maxSeries)
	maxPoints, err := positiveNumber("maxPoints", jd.MaxPoints, defaultMaxPoints, true)
	if err != nil {
		add(err.Error())
	}
	out.MaxPoints = int(maxPoints)

	// Each shard's answer holds one series per host and must fit the series limit: the default
	// shrinks to it, an explicit shard size above it is refused.
	shardSize, err := positiveNumber("shardSize", jd.ShardSize, float64(min(fleet.DefaultShardSize, out.MaxSeries)), true)
	if err != nil {
		add(err.Error())
	} else if int(shardSize) > out.MaxSeries {
		add(fmt.Sprintf("shardSize %v is above maxSeries %d; a shard's answer holds one series per host", shardSize, out.MaxSeries))
	}
	concurrency, err := positiveNumber("fetchConcurrency", jd.FetchConcurrency, fleet.DefaultConcurrency, true)
	if err != nil {
		add(err.Error())
	}
	budget, err := positiveNumber("queryBudgetSeconds", jd.QueryBudgetSeconds, fleet.DefaultBudget.Seconds(), false)
	if err != nil {
		add(err.Error())
	}
	maxHosts, err := positiveNumber("maxHosts", jd.MaxHosts, fleet.DefaultMaxHosts, true)
	if err != nil {
		add(err.Error())
	}
	out.Fleet = fleet.Config{ShardSize: int(shardSize), Concurrency: int(concurrency),
		Budget: time.Duration(budget * float64(time.Second)), MaxHosts: int(maxHosts)}

	if len(jd.FeatureQueries) > 0 {
		// Checked against the shipped model now, so a typo shows on Save & test rather than at
		// the first alert evaluation; other model versions are checked when a query uses them.
		shipped, err := shippedArtifact()
		if err != nil {
			add(err.Error())
		} else {
			problems = append(problems, checkFeatureQueries(jd.FeatureQueries, shipped.Meta.Features)...)
		}
		out.FeatureQueries = jd.FeatureQueries
	}

	if len(problems) > 0 {
		return Settings{}, errors.New("datasource settings: " + strings.Join(problems, "; "))
	}
	return out, nil
}

func positiveNumber(field string, v *float64, def float64, integer bool) (float64, error) {
	if v == nil || *v == 0 {
		return def, nil
	}
	switch {
	case *v < 0 || math.IsInf(*v, 0) || *v > math.MaxInt32:
		return def, fmt.Errorf("%s must be a positive number, got %v", field, *v)
	case integer && *v != math.Trunc(*v):
		return def, fmt.Errorf("%s must be a whole number, got %v", field, *v)
	}
	return *v, nil
}

// clientConfig is the promclient configuration for these settings.
func (s Settings) clientConfig() promclient.Config {
	return promclient.Config{
		BaseURL:          s.URL,
		Auth:             s.Auth,
		Timeout:          s.Timeout,
		MaxSeries:        s.MaxSeries,
		MaxPoints:        s.MaxPoints,
		MaxResponseBytes: maxResponseBytes,
	}
}

// discoveryConfig is the client configuration for host discovery: one series per host, so its
// series limit is the host limit (plus one, to tell "too many" from "exactly the limit").
func (s Settings) discoveryConfig() promclient.Config {
	c := s.clientConfig()
	c.MaxSeries = s.Fleet.MaxHosts + 1
	return c
}
