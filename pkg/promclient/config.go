package promclient

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// AuthType selects how requests authenticate to the upstream.
type AuthType string

const (
	AuthNone   AuthType = "none"
	AuthBasic  AuthType = "basic"
	AuthBearer AuthType = "bearer"
)

// Auth holds credentials. String and GoString redact them so a stray %v in a log stays safe.
type Auth struct {
	Type     AuthType
	User     string
	Password string
	Token    string
}

func (a Auth) String() string {
	switch a.Type {
	case AuthBasic:
		return fmt.Sprintf("basic(user=%q, password=<redacted>)", a.User)
	case AuthBearer:
		return "bearer(token=<redacted>)"
	default:
		return "none"
	}
}

func (a Auth) GoString() string { return a.String() }

// Config configures a Client. Zero limits take the defaults below.
type Config struct {
	// BaseURL is where the Prometheus HTTP API lives, without /api/v1: http://host:9090,
	// http://mimir/prometheus, http://vmselect:8481/select/0/prometheus.
	BaseURL string
	Auth    Auth
	// Timeout bounds one request, and is sent as the "timeout" parameter of query and
	// query_range so the upstream stops evaluating too instead of working for nobody.
	Timeout time.Duration
	// ServerTimeout, when set, is sent as the "timeout" parameter instead of Timeout. Setting it
	// below Timeout lets the upstream report its own timeout before we give up waiting.
	ServerTimeout time.Duration
	// MaxSeries is the most series one answer may hold.
	MaxSeries int
	// MaxPoints is the most points per series a range query may ask for.
	MaxPoints int
	// MaxResponseBytes is the most bytes of one response body we read into memory.
	MaxResponseBytes int64
	// HTTPClient is used when set, e.g. to share a transport; its Timeout is left alone.
	HTTPClient *http.Client
}

// Defaults follow Prometheus's own: 11,000 points per series is its query_range resolution limit.
const (
	DefaultTimeout          = 30 * time.Second
	DefaultMaxSeries        = 1000
	DefaultMaxPoints        = 11000
	DefaultMaxResponseBytes = 128 << 20
)

func (c Config) withDefaults() Config {
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	if c.ServerTimeout == 0 {
		c.ServerTimeout = c.Timeout
	}
	if c.MaxSeries == 0 {
		c.MaxSeries = DefaultMaxSeries
	}
	if c.MaxPoints == 0 {
		c.MaxPoints = DefaultMaxPoints
	}
	if c.MaxResponseBytes == 0 {
		c.MaxResponseBytes = DefaultMaxResponseBytes
	}
	return c
}

// validate checks c (after defaults) and returns the parsed base URL.
func (c Config) validate() (*url.URL, error) {
	base, err := parseBaseURL(c.BaseURL)
	if err != nil {
		return nil, err
	}
	var problems []string
	switch c.Auth.Type {
	case "", AuthNone:
	case AuthBasic:
		if c.Auth.User == "" {
			problems = append(problems, "basic auth needs a user name")
		}
	case AuthBearer:
		if c.Auth.Token == "" {
			problems = append(problems, "bearer auth needs a token")
		}
	default:
		problems = append(problems, fmt.Sprintf("auth type %q is not one of none, basic, bearer", c.Auth.Type))
	}
	if c.Timeout < 0 || c.ServerTimeout < 0 {
		problems = append(problems, "timeout must be positive")
	}
	if c.MaxSeries < 0 || c.MaxPoints < 0 || c.MaxResponseBytes < 0 {
		problems = append(problems, "limits (max series, max points, max response bytes) must be positive")
	}
	if len(problems) > 0 {
		return nil, errors.New("invalid Prometheus client config: " + strings.Join(problems, "; "))
	}
	return base, nil
}

func parseBaseURL(raw string) (*url.URL, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, errors.New("the Prometheus URL is empty; set it to the server's address, e.g. http://localhost:9090")
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		// url.Error repeats the input, which may hold a password; say only what is wrong.
		return nil, errors.New("the Prometheus URL cannot be parsed; use the form http://host:port[/path]")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("the Prometheus URL must start with http:// or https://, got scheme %q", u.Scheme)
	}
	if u.Host == "" {
		return nil, errors.New("the Prometheus URL has no host; use the form http://host:port[/path]")
	}
	if u.User != nil {
		return nil, errors.New("the Prometheus URL must not contain credentials; use the basic auth settings instead")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, errors.New("the Prometheus URL must not contain a query or fragment; give only scheme, host and path")
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}
