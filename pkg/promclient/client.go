// Package promclient is a small client for the Prometheus HTTP query API, as served by
// Prometheus, VictoriaMetrics, Mimir and Thanos. It knows nothing of Grafana: it returns plain
// Go values and *Error, and enforces the limits that keep one query from exhausting memory.
package promclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Client talks to one upstream. It is safe for concurrent use.
type Client struct {
	cfg  Config
	base *url.URL
	http *http.Client
}

// New validates cfg and returns a client for it.
func New(cfg Config) (*Client, error) {
	cfg = cfg.withDefaults()
	base, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	hc := cfg.HTTPClient
	if hc == nil {
		// A transport of our own, so CloseIdleConnections on Dispose touches only our sockets.
		hc = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	}
	return &Client{cfg: cfg, base: base, http: hc}, nil
}

// URL is the upstream's base URL as configured (it never contains credentials).
func (c *Client) URL() string { return c.base.String() }

// CloseIdleConnections releases pooled sockets; call it when the client is dropped.
func (c *Client) CloseIdleConnections() { c.http.CloseIdleConnections() }

// apiResponse is the envelope every /api/v1 endpoint answers with.
type apiResponse struct {
	Status    string          `json:"status"`
	Data      json.RawMessage `json:"data"`
	ErrorType string          `json:"errorType"`
	Error     string          `json:"error"`
	Warnings  []string        `json:"warnings"`
}

func (c *Client) endpoint(path string) string {
	u := *c.base
	u.Path = c.base.Path + path
	return u.String()
}

// get and postForm send one request, bounded by the configured Timeout, and return the raw
// body of a 2xx answer. Any other outcome is an *Error.
func (c *Client) get(ctx context.Context, op, path string, params url.Values) ([]byte, error) {
	target := c.endpoint(path)
	if len(params) > 0 {
		target += "?" + params.Encode()
	}
	return c.do(ctx, op, http.MethodGet, target, nil)
}

// postForm is used for queries, as Grafana does: long expressions do not fit in a URL.
func (c *Client) postForm(ctx context.Context, op, path string, params url.Values) ([]byte, error) {
	return c.do(ctx, op, http.MethodPost, c.endpoint(path), params)
}

func (c *Client) do(ctx context.Context, op, method, target string, form url.Values) ([]byte, error) {
	reqCtx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()

	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(reqCtx, method, target, body)
	if err != nil {
		return nil, &Error{Kind: KindBadRequest, Op: op, Message: "cannot build the request", Err: err}
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept", "application/json")
	c.authorize(req)

	resp, err := c.http.Do(req)
	if err != nil {
		return nil, c.transportError(ctx, op, err)
	}
	defer func() { _ = resp.Body.Close() }()

	raw, err := io.ReadAll(io.LimitReader(resp.Body, c.cfg.MaxResponseBytes+1))
	if err != nil {
		// The answer began but broke off: a deadline mid-body, or a dropped connection.
		if e := c.transportError(ctx, op, err); e.Kind != KindUnreachable {
			return nil, e
		}
		return nil, &Error{Kind: KindBadPayload, Op: op, Status: resp.StatusCode,
			Message: "the response body was cut off: " + err.Error(),
			Hint:    "retry; if it persists, check proxies between Grafana and the server", Err: err}
	}
	if int64(len(raw)) > c.cfg.MaxResponseBytes {
		return nil, &Error{Kind: KindLimitExceeded, Op: op, Status: resp.StatusCode,
			Message: fmt.Sprintf("the response is larger than %d bytes", c.cfg.MaxResponseBytes),
			Hint:    "narrow the query (fewer series, a wider step or a shorter range)"}
	}
	if resp.StatusCode/100 != 2 {
		return nil, statusError(op, resp.StatusCode, raw)
	}
	return raw, nil
}

func (c *Client) authorize(req *http.Request) {
	switch c.cfg.Auth.Type {
	case AuthBasic:
		req.SetBasicAuth(c.cfg.Auth.User, c.cfg.Auth.Password)
	case AuthBearer:
		req.Header.Set("Authorization", "Bearer "+c.cfg.Auth.Token)
	}
}

// transportError classifies a failure to get (or finish reading) an answer. The caller's ctx
// tells a cancel by Grafana apart from our own deadline.
func (c *Client) transportError(ctx context.Context, op string, err error) *Error {
	cause := withoutURL(err)
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		return &Error{Kind: KindCanceled, Op: op, Message: "the request was canceled before the server answered", Err: cause}
	case errors.Is(err, context.DeadlineExceeded) || isNetTimeout(err):
		return &Error{Kind: KindTimeout, Op: op,
			Message: fmt.Sprintf("no answer from %s within %s", c.base.Host, c.cfg.Timeout),
			Hint:    "raise the timeout or narrow the range", Err: cause}
	}
	msg := "cannot reach " + c.base.Host + ": " + describeNetError(cause)
	return &Error{Kind: KindUnreachable, Op: op, Message: msg,
		Hint: "check the datasource URL and that the server is running and reachable from Grafana", Err: cause}
}

// withoutURL drops *url.Error's wrapping, whose text repeats the full request URL.
func withoutURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func isNetTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func describeNetError(err error) string {
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &dnsErr):
		return "host name " + dnsErr.Name + " does not resolve"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "the server closed the connection without answering"
	}
	return err.Error()
}

// statusError turns a non-2xx answer into an *Error, keeping the server's own explanation.
func statusError(op string, status int, raw []byte) *Error {
	e := &Error{Op: op, Status: status}
	var env apiResponse
	if json.Unmarshal(raw, &env) == nil && (env.Error != "" || env.ErrorType != "") {
		e.ErrorType, e.Message = env.ErrorType, env.Error
	} else {
		e.Message = bodySnippet(raw)
	}
	switch {
	// Prometheus answers 503 with errorType "timeout" when its own query timeout hits.
	case env.ErrorType == "timeout" || status == http.StatusGatewayTimeout:
		e.Kind, e.Hint = KindTimeout, "raise the timeout or narrow the range"
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		e.Kind, e.Hint = KindBadRequest, "check the datasource's authentication settings"
	case status == http.StatusNotFound:
		e.Kind, e.Hint = KindBadRequest, "check that the datasource URL points at the Prometheus API root (without /api/v1)"
	case status == http.StatusTooManyRequests:
		e.Kind, e.Hint = KindBadRequest, "the server is rate limiting; retry later or query less often"
	case status/100 == 4:
		e.Kind, e.Hint = KindBadRequest, "fix the query"
	case status/100 == 5:
		e.Kind, e.Hint = KindUpstream5xx, "check the server's health and logs"
	default:
		e.Kind, e.Hint = KindBadPayload, "the server does not speak the Prometheus HTTP API"
	}
	return e
}

// bodySnippet keeps an error body short enough for a UI message: proxies send whole HTML pages.
func bodySnippet(raw []byte) string {
	const maxLen = 200
	s := strings.Join(strings.Fields(string(bytes.ToValidUTF8(raw, nil))), " ")
	if len(s) > maxLen {
		s = s[:maxLen] + "…"
	}
	return s
}

// decodeEnvelope checks the API envelope of a 2xx answer and returns its data.
func decodeEnvelope(op string, raw []byte) (apiResponse, error) {
	var env apiResponse
	if err := json.Unmarshal(raw, &env); err != nil {
		return env, &Error{Kind: KindBadPayload, Op: op, Message: "the answer is not valid JSON: " + err.Error(),
			Hint: "check that the datasource URL points at a Prometheus-compatible API", Err: err}
	}
	if env.Status != "success" {
		msg := env.Error
		if msg == "" {
			msg = fmt.Sprintf("status %q instead of \"success\"", env.Status)
		}
		return env, &Error{Kind: KindBadPayload, Op: op, ErrorType: env.ErrorType, Message: msg,
			Hint: "check that the datasource URL points at a Prometheus-compatible API"}
	}
	return env, nil
}

// formatTime writes t as the decimal seconds both Prometheus and VictoriaMetrics parse, to the
// millisecond (their resolution); going through milliseconds keeps the float exact enough.
func formatTime(t time.Time) string {
	return strconv.FormatFloat(float64(t.UnixMilli())/1000, 'f', -1, 64)
}

func formatDuration(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64)
}
