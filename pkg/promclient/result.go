package promclient

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Sample is one point of a series.
type Sample struct {
	T time.Time
	V float64
}

// Series is one labelled series. Labels include __name__ when the upstream sent it.
type Series struct {
	Labels  map[string]string
	Samples []Sample
}

// ResultType is the upstream's resultType.
type ResultType string

const (
	ResultMatrix ResultType = "matrix"
	ResultVector ResultType = "vector"
	ResultScalar ResultType = "scalar"
)

// Result is a query answer. A vector gives one sample per series; a scalar gives one series
// without labels.
type Result struct {
	Type     ResultType
	Series   []Series
	Warnings []string
}

type wireResult struct {
	ResultType string          `json:"resultType"`
	Result     json.RawMessage `json:"result"`
}

type wireSeries struct {
	Metric map[string]string `json:"metric"`
	Values []wirePoint       `json:"values"`
	Value  *wirePoint        `json:"value"`
}

// wirePoint is [<unix seconds as a number>, "<value as a string>"].
type wirePoint struct{ Sample }

func (p *wirePoint) UnmarshalJSON(b []byte) error {
	var pair []json.RawMessage
	if err := json.Unmarshal(b, &pair); err != nil {
		return err
	}
	if len(pair) != 2 {
		return fmt.Errorf("a sample must be [time, value], got %d elements", len(pair))
	}
	t, err := parseUnixSeconds(string(bytes.TrimSpace(pair[0])))
	if err != nil {
		return err
	}
	var vs string
	if err := json.Unmarshal(pair[1], &vs); err != nil {
		return fmt.Errorf("a sample value must be a string, got %s", pair[1])
	}
	// ParseFloat also reads the "NaN", "+Inf" and "-Inf" the API uses for special values.
	v, err := strconv.ParseFloat(vs, 64)
	if err != nil {
		return fmt.Errorf("sample value %q is not a number", vs)
	}
	p.Sample = Sample{T: t, V: v}
	return nil
}

// parseUnixSeconds reads the timestamp literal digit by digit, not through a float64, so that
// millisecond timestamps come back exact; other number forms (exponents) go through ParseFloat.
func parseUnixSeconds(lit string) (time.Time, error) {
	if t, ok := parseDecimalSeconds(lit); ok {
		return t, nil
	}
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return time.Time{}, fmt.Errorf("sample time %s is not a number of seconds", lit)
	}
	return time.Unix(0, int64(math.Round(f*1e9))).UTC(), nil
}

func parseDecimalSeconds(lit string) (time.Time, bool) {
	intPart, frac, _ := strings.Cut(lit, ".")
	sec, err := strconv.ParseInt(intPart, 10, 64)
	if err != nil || len(frac) > 9 {
		return time.Time{}, false
	}
	var nsec int64
	if frac != "" {
		for _, r := range frac {
			if r < '0' || r > '9' {
				return time.Time{}, false
			}
		}
		nsec, _ = strconv.ParseInt(frac+"000000000"[len(frac):], 10, 64)
		if strings.HasPrefix(intPart, "-") {
			nsec = -nsec
		}
	}
	return time.Unix(sec, nsec).UTC(), true
}

// parseResult turns the data of a query answer into a Result, enforcing maxSeries.
func parseResult(op string, data json.RawMessage, maxSeries int) (Result, error) {
	var wr wireResult
	if err := json.Unmarshal(data, &wr); err != nil {
		return Result{}, badPayload(op, "the query result is malformed: "+err.Error(), err)
	}
	res := Result{Type: ResultType(wr.ResultType)}
	switch res.Type {
	case ResultMatrix, ResultVector:
		var ws []wireSeries
		if err := json.Unmarshal(wr.Result, &ws); err != nil {
			return Result{}, badPayload(op, "the "+wr.ResultType+" result is malformed: "+err.Error(), err)
		}
		if len(ws) > maxSeries {
			return Result{}, seriesLimitError(op, len(ws), maxSeries)
		}
		res.Series = make([]Series, len(ws))
		for i, w := range ws {
			res.Series[i] = w.toSeries(res.Type)
		}
	case ResultScalar:
		var p wirePoint
		if err := json.Unmarshal(wr.Result, &p); err != nil {
			return Result{}, badPayload(op, "the scalar result is malformed: "+err.Error(), err)
		}
		res.Series = []Series{{Labels: map[string]string{}, Samples: []Sample{p.Sample}}}
	case "string":
		return Result{}, &Error{Kind: KindBadRequest, Op: op, Message: "the expression evaluates to a string",
			Hint: "use an expression that returns numbers"}
	default:
		return Result{}, badPayload(op, fmt.Sprintf("unknown resultType %q", wr.ResultType), nil)
	}
	return res, nil
}

func (w wireSeries) toSeries(t ResultType) Series {
	labels := w.Metric
	if labels == nil {
		labels = map[string]string{}
	}
	s := Series{Labels: labels}
	if t == ResultVector {
		if w.Value != nil {
			s.Samples = []Sample{w.Value.Sample}
		}
		return s
	}
	s.Samples = make([]Sample, len(w.Values))
	for i, p := range w.Values {
		s.Samples[i] = p.Sample
	}
	return s
}

func badPayload(op, msg string, err error) *Error {
	return &Error{Kind: KindBadPayload, Op: op, Message: msg,
		Hint: "check that the datasource URL points at a Prometheus-compatible API", Err: err}
}

func seriesLimitError(op string, n, limit int) *Error {
	return &Error{Kind: KindLimitExceeded, Op: op,
		Message: fmt.Sprintf("the answer holds %d series, more than the limit of %d", n, limit),
		Hint:    "add label matchers or aggregate (e.g. sum by (instance)), or raise the series limit"}
}
