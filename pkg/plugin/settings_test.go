package plugin

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/anomalysentinel/sentinel/pkg/fleet"
	"github.com/anomalysentinel/sentinel/pkg/promclient"
)

func instanceSettings(url, jsonData string, secure map[string]string) backend.DataSourceInstanceSettings {
	return backend.DataSourceInstanceSettings{Name: "risk", URL: url, JSONData: []byte(jsonData), DecryptedSecureJSONData: secure}
}

func TestParseSettingsDefaults(t *testing.T) {
	for _, jd := range []string{``, `null`, `{}`, `{"timeoutSeconds":0,"maxSeries":0}`} {
		s, err := parseSettings(instanceSettings(" http://prom:9090 ", jd, nil))
		if err != nil {
			t.Fatalf("jsonData %q: %v", jd, err)
		}
		want := Settings{URL: "http://prom:9090", Auth: promclient.Auth{Type: promclient.AuthNone},
			Timeout: 30 * time.Second, MaxSeries: 1000, MaxPoints: 11000,
			Fleet: fleet.Config{ShardSize: 100, Concurrency: 4, Budget: 30 * time.Second, MaxHosts: 5000}}
		if !reflect.DeepEqual(s, want) {
			t.Errorf("jsonData %q: got %+v, want %+v", jd, s, want)
		}
	}
}

func TestParseSettingsValues(t *testing.T) {
	s, err := parseSettings(instanceSettings("http://vm:8428",
		`{"authType":"basic","basicAuthUser":"grafana","timeoutSeconds":2.5,"maxSeries":50,"maxPoints":500}`,
		map[string]string{"basicAuthPassword": "pw"}))
	if err != nil {
		t.Fatal(err)
	}
	if s.Auth != (promclient.Auth{Type: promclient.AuthBasic, User: "grafana", Password: "pw"}) ||
		s.Timeout != 2500*time.Millisecond || s.MaxSeries != 50 || s.MaxPoints != 500 {
		t.Fatalf("got %+v", s)
	}
	s, err = parseSettings(instanceSettings("http://vm:8428", `{"authType":"bearer"}`, map[string]string{"bearerToken": "tok"}))
	if err != nil || s.Auth.Token != "tok" {
		t.Fatalf("bearer: %+v, %v", s, err)
	}
}

func TestParseSettingsErrors(t *testing.T) {
	cases := []struct {
		url, jsonData string
		secure        map[string]string
		want          []string
	}{
		{"", `{}`, nil, []string{"URL is empty"}},
		{"http://p", `{"authType":"basic"}`, nil, []string{"user is empty"}},
		{"http://p", `{"authType":"bearer"}`, nil, []string{"no token is saved"}},
		{"http://p", `{"authType":"oauth"}`, nil, []string{`"oauth" is not one of`}},
		{"http://p", `{"timeoutSeconds":-1,"maxSeries":1.5,"maxPoints":-3}`, nil,
			[]string{"timeoutSeconds must be a positive", "maxSeries must be a whole number", "maxPoints must be a positive"}},
		{"http://p", `{"timeoutSeconds":"30"}`, nil, []string{"jsonData is not valid"}},
		{"http://p", `{"maxSeries":10,"shardSize":20,"fetchConcurrency":0.5,"queryBudgetSeconds":-1,"maxHosts":2.5}`, nil,
			[]string{"shardSize 20 is above maxSeries 10", "fetchConcurrency must be a whole number", "queryBudgetSeconds must be a positive", "maxHosts must be a whole number"}},
	}
	for _, c := range cases {
		_, err := parseSettings(instanceSettings(c.url, c.jsonData, c.secure))
		if err == nil {
			t.Errorf("%s %s: no error", c.url, c.jsonData)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s %s: error %q lacks %q", c.url, c.jsonData, err, w)
			}
		}
	}
}

func TestParseSettingsFleet(t *testing.T) {
	s, err := parseSettings(instanceSettings("http://p", `{"shardSize":25,"fetchConcurrency":2,"queryBudgetSeconds":1.5,"maxHosts":300}`, nil))
	if err != nil {
		t.Fatal(err)
	}
	want := fleet.Config{ShardSize: 25, Concurrency: 2, Budget: 1500 * time.Millisecond, MaxHosts: 300}
	if s.Fleet != want || s.discoveryConfig().MaxSeries != 301 {
		t.Fatalf("fleet %+v (discovery series limit %d), want %+v", s.Fleet, s.discoveryConfig().MaxSeries, want)
	}
}
