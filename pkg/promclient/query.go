package promclient

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Query evaluates expr at one instant. Queries go as POST forms, as Grafana sends them, so
// long expressions never hit URL length limits.
func (c *Client) Query(ctx context.Context, expr string, at time.Time) (Result, error) {
	const op = "query"
	if err := checkExpr(op, expr); err != nil {
		return Result{}, err
	}
	params := url.Values{
		"query":   {expr},
		"time":    {formatTime(at)},
		"timeout": {formatDuration(c.cfg.ServerTimeout)},
	}
	return c.queryResult(ctx, op, "/api/v1/query", params)
}

// QueryRange evaluates expr at every step in [start, end]. It refuses, before sending, a range
// that would give more than MaxPoints points per series.
func (c *Client) QueryRange(ctx context.Context, expr string, start, end time.Time, step time.Duration) (Result, error) {
	const op = "query_range"
	if err := checkExpr(op, expr); err != nil {
		return Result{}, err
	}
	if err := c.checkRange(op, start, end, step); err != nil {
		return Result{}, err
	}
	params := url.Values{
		"query":   {expr},
		"start":   {formatTime(start)},
		"end":     {formatTime(end)},
		"step":    {formatDuration(step)},
		"timeout": {formatDuration(c.cfg.ServerTimeout)},
	}
	return c.queryResult(ctx, op, "/api/v1/query_range", params)
}

// Series lists the label sets of the series matching any of matchers in [start, end].
func (c *Client) Series(ctx context.Context, matchers []string, start, end time.Time) ([]map[string]string, error) {
	const op = "series"
	if len(matchers) == 0 {
		return nil, &Error{Kind: KindBadRequest, Op: op, Message: "no series selector given",
			Hint: `pass at least one selector, e.g. {job="node"}`}
	}
	params := url.Values{
		"match[]": matchers,
		"start":   {formatTime(start)},
		"end":     {formatTime(end)},
	}
	raw, err := c.postForm(ctx, op, "/api/v1/series", params)
	if err != nil {
		return nil, err
	}
	env, err := decodeEnvelope(op, raw)
	if err != nil {
		return nil, err
	}
	var sets []map[string]string
	if err := json.Unmarshal(env.Data, &sets); err != nil {
		return nil, badPayload(op, "the series list is malformed: "+err.Error(), err)
	}
	if len(sets) > c.cfg.MaxSeries {
		return nil, seriesLimitError(op, len(sets), c.cfg.MaxSeries)
	}
	return sets, nil
}

func (c *Client) queryResult(ctx context.Context, op, path string, params url.Values) (Result, error) {
	raw, err := c.postForm(ctx, op, path, params)
	if err != nil {
		return Result{}, err
	}
	env, err := decodeEnvelope(op, raw)
	if err != nil {
		return Result{}, err
	}
	res, err := parseResult(op, env.Data, c.cfg.MaxSeries)
	if err != nil {
		return Result{}, err
	}
	res.Warnings = env.Warnings
	return res, nil
}

func checkExpr(op, expr string) error {
	if strings.TrimSpace(expr) == "" {
		return &Error{Kind: KindBadRequest, Op: op, Message: "the expression is empty", Hint: "enter a PromQL expression"}
	}
	return nil
}

func (c *Client) checkRange(op string, start, end time.Time, step time.Duration) error {
	if step <= 0 {
		return &Error{Kind: KindBadRequest, Op: op, Message: fmt.Sprintf("step %s is not positive", step),
			Hint: "use a step of at least 1s"}
	}
	if end.Before(start) {
		return &Error{Kind: KindBadRequest, Op: op, Message: "the range ends before it starts",
			Hint: "swap start and end"}
	}
	points := int64(end.Sub(start)/step) + 1
	if points > int64(c.cfg.MaxPoints) {
		return &Error{Kind: KindLimitExceeded, Op: op,
			Message: fmt.Sprintf("%s at step %s needs %d points per series, more than the limit of %d",
				end.Sub(start), step, points, c.cfg.MaxPoints),
			Hint: "widen the step or narrow the range"}
	}
	return nil
}
