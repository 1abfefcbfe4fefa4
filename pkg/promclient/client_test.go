package promclient

// httptest stands in here only for answers a real Prometheus or VictoriaMetrics will not give
// on demand: malformed or cut-off bodies, oversize bodies, arbitrary status codes, and what the
// client sends (auth headers). Everything else is covered against the real servers in
// client_integration_test.go.

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/anomalysentinel/sentinel/pkg/internal/testenv"
)

func newTestClient(t *testing.T, h http.HandlerFunc, mutate ...func(*Config)) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	cfg := Config{BaseURL: srv.URL, Timeout: 5 * time.Second}
	for _, m := range mutate {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func wantKind(t *testing.T, err error, kind Kind) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v (%T), want *Error of kind %v", err, err, kind)
	}
	if e.Kind != kind {
		t.Fatalf("kind = %v, want %v; error: %v", e.Kind, kind, err)
	}
	return e
}

func TestStatusCodesAreClassified(t *testing.T) {
	cases := []struct {
		status  int
		body    string
		kind    Kind
		message string
	}{
		{400, `{"status":"error","errorType":"bad_data","error":"parse error"}`, KindBadRequest, "parse error"},
		{401, `Unauthorized`, KindBadRequest, "authentication settings"},
		{404, `404 page not found`, KindBadRequest, "API root"},
		{422, `{"status":"error","errorType":"execution","error":"too many samples"}`, KindBadRequest, "too many samples"},
		{429, `slow down`, KindBadRequest, "rate limiting"},
		{500, `<html><body>Internal   Server Error</body></html>`, KindUpstream5xx, "Internal Server Error"},
		{502, `bad gateway`, KindUpstream5xx, "bad gateway"},
		{503, `{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}`, KindTimeout, "timed out"},
		{504, `gateway timeout`, KindTimeout, "raise the timeout"},
		{302, ``, KindBadPayload, "HTTP 302"},
	}
	for _, c := range cases {
		client := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(c.status)
			_, _ = w.Write([]byte(c.body))
		})
		_, err := client.Query(context.Background(), "up", time.Unix(0, 0))
		e := wantKind(t, err, c.kind)
		if e.Status != c.status || !strings.Contains(err.Error(), c.message) {
			t.Errorf("HTTP %d: error = %q, want status kept and %q in it", c.status, err, c.message)
		}
	}
}

func TestMalformedAnswers(t *testing.T) {
	cases := map[string]string{
		"not json":          `<html>grafana login</html>`,
		"error status":      `{"status":"error","error":"boom"}`,
		"wrong data":        `{"status":"success","data":{"resultType":"matrix","result":{}}}`,
		"missing envelope":  `{"resultType":"matrix","result":[]}`,
		"bad value literal": `{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"x"]}]}}`,
	}
	for name, body := range cases {
		client := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(body)) })
		_, err := client.Query(context.Background(), "up", time.Unix(0, 0))
		if KindOf(err) != KindBadPayload {
			t.Errorf("%s: error = %v, want bad payload", name, err)
		}
	}
}

func TestTruncatedBody(t *testing.T) {
	client := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
		// Promise more than is sent; the server then drops the connection mid-body.
		w.Header().Set("Content-Length", "1000")
		_, _ = w.Write([]byte(`{"status":"success","data":{"resultType":"vec`))
	})
	_, err := client.Query(context.Background(), "up", time.Unix(0, 0))
	e := wantKind(t, err, KindBadPayload)
	if !strings.Contains(e.Message, "cut off") {
		t.Errorf("message = %q", e.Message)
	}
}

func TestOversizeBody(t *testing.T) {
	client := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"status":"success","data":{"resultType":"vector","result":[` + strings.Repeat(" ", 4096) + `]}}`))
	}, func(c *Config) { c.MaxResponseBytes = 1024 })
	_, err := client.Query(context.Background(), "up", time.Unix(0, 0))
	wantKind(t, err, KindLimitExceeded)
}

func TestRequestsCarryFormAuthAndTimeout(t *testing.T) {
	var got *http.Request
	client := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		got = r
		_, _ = w.Write([]byte(`{"status":"success","data":{"resultType":"matrix","result":[]}}`))
	}, func(c *Config) {
		c.Auth = Auth{Type: AuthBearer, Token: "tok"}
		c.Timeout, c.ServerTimeout = 20*time.Second, 1500*time.Millisecond
	})
	start := time.Unix(1767225600, 0)
	if _, err := client.QueryRange(context.Background(), `up{job="x"}`, start, start.Add(time.Hour), time.Minute); err != nil {
		t.Fatal(err)
	}
	if got.Method != http.MethodPost || got.URL.Path != "/api/v1/query_range" {
		t.Errorf("request = %s %s", got.Method, got.URL.Path)
	}
	if got.Header.Get("Authorization") != "Bearer tok" {
		t.Errorf("Authorization = %q", got.Header.Get("Authorization"))
	}
	want := map[string]string{"query": `up{job="x"}`, "start": "1767225600", "end": "1767229200", "step": "60", "timeout": "1.5"}
	for k, v := range want {
		if got.PostForm.Get(k) != v {
			t.Errorf("form %s = %q, want %q", k, got.PostForm.Get(k), v)
		}
	}
}

func TestBasicAuthHeader(t *testing.T) {
	var user, pass string
	client := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		user, pass, _ = r.BasicAuth()
		_, _ = w.Write([]byte(`{"status":"success","data":[]}`))
	}, func(c *Config) { c.Auth = Auth{Type: AuthBasic, User: "u", Password: "p"} })
	if _, err := client.Series(context.Background(), []string{"up"}, time.Unix(0, 0), time.Unix(60, 0)); err != nil {
		t.Fatal(err)
	}
	if user != "u" || pass != "p" {
		t.Errorf("basic auth = %q:%q", user, pass)
	}
}

func TestUnreachable(t *testing.T) {
	c, err := New(Config{BaseURL: testenv.ClosedPortURL(t), Auth: Auth{Type: AuthBearer, Token: "tok-secret"}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Query(context.Background(), "up", time.Now())
	e := wantKind(t, err, KindUnreachable)
	if !strings.Contains(err.Error(), "connection refused") || !strings.Contains(err.Error(), "check the datasource URL") {
		t.Errorf("message = %q", err)
	}
	if strings.Contains(err.Error(), "tok-secret") || strings.Contains(err.Error(), "query=") {
		t.Errorf("message leaks request details: %q", err)
	}
	if e.Err == nil {
		t.Error("the net error must stay reachable via Unwrap")
	}
}

// A listener that accepts and never answers: our deadline, not the server, ends the request.
func TestClientDeadlineIsTimeout(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	c, err := New(Config{BaseURL: "http://" + l.Addr().String(), Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Query(context.Background(), "up", time.Now())
	wantKind(t, err, KindTimeout)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "raise the timeout") {
		t.Errorf("error = %v", err)
	}
}

func TestCallerCancelIsCanceled(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	c, err := New(Config{BaseURL: "http://" + l.Addr().String()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err = c.Query(ctx, "up", time.Now())
	wantKind(t, err, KindCanceled)
}
