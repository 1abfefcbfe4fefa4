package promclient

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestNewValidatesURL(t *testing.T) {
	cases := map[string]string{
		"":                             "empty",
		"localhost:9090":               "http:// or https://",
		"ftp://host":                   "http:// or https://",
		"http://":                      "no host",
		"http://user:s3cret@host:9090": "must not contain credentials",
		"http://host:9090/?x=1":        "query or fragment",
		"http://host:9090/%zz":         "cannot be parsed",
	}
	for raw, want := range cases {
		_, err := New(Config{BaseURL: raw})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("New(%q) error = %v, want it to mention %q", raw, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "s3cret") {
			t.Errorf("New(%q) leaks the password: %v", raw, err)
		}
	}
}

func TestNewValidatesAuth(t *testing.T) {
	cases := []struct {
		auth Auth
		want string
	}{
		{Auth{Type: AuthBasic, Password: "p"}, "needs a user"},
		{Auth{Type: AuthBearer}, "needs a token"},
		{Auth{Type: "digest"}, `"digest" is not one of`},
	}
	for _, c := range cases {
		_, err := New(Config{BaseURL: "http://h:9090", Auth: c.auth})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("auth %v: error = %v, want %q", c.auth, err, c.want)
		}
	}
}

func TestNewAppliesDefaultsAndTrimsPath(t *testing.T) {
	c, err := New(Config{BaseURL: " https://mimir.example/prometheus/ "})
	if err != nil {
		t.Fatal(err)
	}
	if c.URL() != "https://mimir.example/prometheus" {
		t.Errorf("URL() = %q", c.URL())
	}
	if c.endpoint("/api/v1/query") != "https://mimir.example/prometheus/api/v1/query" {
		t.Errorf("endpoint = %q", c.endpoint("/api/v1/query"))
	}
	if c.cfg.Timeout != DefaultTimeout || c.cfg.ServerTimeout != DefaultTimeout || c.cfg.MaxSeries != DefaultMaxSeries ||
		c.cfg.MaxPoints != DefaultMaxPoints || c.cfg.MaxResponseBytes != DefaultMaxResponseBytes {
		t.Errorf("defaults not applied: %+v", c.cfg)
	}
	if _, err := New(Config{BaseURL: "http://h", Timeout: -time.Second}); err == nil {
		t.Error("a negative timeout must be rejected")
	}
}

func TestAuthStringRedactsSecrets(t *testing.T) {
	for _, a := range []Auth{{Type: AuthBasic, User: "u", Password: "pw-secret"}, {Type: AuthBearer, Token: "tok-secret"}} {
		for _, s := range []string{a.String(), fmt.Sprintf("%v", a), fmt.Sprintf("%+v", a), fmt.Sprintf("%#v", a)} {
			if strings.Contains(s, "secret") {
				t.Errorf("formatted auth leaks a secret: %s", s)
			}
		}
	}
}
