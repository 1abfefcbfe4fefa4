package promclient

import (
	"errors"
	"math"
	"testing"
	"time"
)

func TestParseMatrixWithSpecialValues(t *testing.T) {
	data := `{"resultType":"matrix","result":[{"metric":{"__name__":"m","instance":"a"},
		"values":[[1767225600,"0.5"],[1767225660.5,"NaN"],[1767225720.123,"+Inf"],[1767225780,"-Inf"]]}]}`
	res, err := parseResult("query_range", []byte(data), 10)
	if err != nil {
		t.Fatal(err)
	}
	if res.Type != ResultMatrix || len(res.Series) != 1 {
		t.Fatalf("got %+v", res)
	}
	s := res.Series[0]
	if s.Labels["instance"] != "a" || s.Labels["__name__"] != "m" {
		t.Errorf("labels = %v", s.Labels)
	}
	want := []time.Time{
		time.Unix(1767225600, 0), time.Unix(1767225660, 500e6), time.Unix(1767225720, 123e6), time.Unix(1767225780, 0),
	}
	for i, p := range s.Samples {
		if !p.T.Equal(want[i]) {
			t.Errorf("sample %d time = %v, want %v", i, p.T, want[i])
		}
	}
	v := s.Samples
	if v[0].V != 0.5 || !math.IsNaN(v[1].V) || !math.IsInf(v[2].V, 1) || !math.IsInf(v[3].V, -1) {
		t.Errorf("values = %v", v)
	}
}

func TestParseVectorAndScalar(t *testing.T) {
	res, err := parseResult("query", []byte(`{"resultType":"vector","result":[{"metric":{},"value":[1767225600,"2"]}]}`), 10)
	if err != nil || len(res.Series) != 1 || res.Series[0].Samples[0].V != 2 {
		t.Fatalf("vector: %+v, %v", res, err)
	}
	res, err = parseResult("query", []byte(`{"resultType":"scalar","result":[1767225600,"3.25"]}`), 10)
	if err != nil || res.Type != ResultScalar || len(res.Series) != 1 || res.Series[0].Samples[0].V != 3.25 {
		t.Fatalf("scalar: %+v, %v", res, err)
	}
	if res.Series[0].Labels == nil {
		t.Error("scalar labels must be an empty map, not nil")
	}
}

func TestParseResultErrors(t *testing.T) {
	cases := []struct {
		name, data string
		kind       Kind
	}{
		{"string result", `{"resultType":"string","result":[1,"x"]}`, KindBadRequest},
		{"unknown type", `{"resultType":"histogram","result":[]}`, KindBadPayload},
		{"value not a string", `{"resultType":"vector","result":[{"metric":{},"value":[1,2]}]}`, KindBadPayload},
		{"value not a number", `{"resultType":"vector","result":[{"metric":{},"value":[1,"abc"]}]}`, KindBadPayload},
		{"time not a number", `{"resultType":"vector","result":[{"metric":{},"value":["x","1"]}]}`, KindBadPayload},
		{"short pair", `{"resultType":"matrix","result":[{"metric":{},"values":[[1]]}]}`, KindBadPayload},
		{"not an object", `[]`, KindBadPayload},
		{"too many series", `{"resultType":"vector","result":[{"metric":{"a":"1"},"value":[1,"1"]},{"metric":{"a":"2"},"value":[1,"1"]}]}`, KindLimitExceeded},
	}
	for _, c := range cases {
		_, err := parseResult("query", []byte(c.data), 1)
		var e *Error
		if !errors.As(err, &e) || e.Kind != c.kind {
			t.Errorf("%s: error = %v, want kind %v", c.name, err, c.kind)
		}
	}
}

func TestParseUnixSeconds(t *testing.T) {
	cases := map[string]time.Time{
		"1767225600":       time.Unix(1767225600, 0),
		"1767225600.001":   time.Unix(1767225600, 1e6),
		"-1.5":             time.Unix(-1, -5e8),
		"1.5e3":            time.Unix(1500, 0),
		"1767225600.12345": time.Unix(1767225600, 123450000),
	}
	for lit, want := range cases {
		got, err := parseUnixSeconds(lit)
		if err != nil || !got.Equal(want) {
			t.Errorf("parseUnixSeconds(%q) = %v, %v; want %v", lit, got, err, want)
		}
	}
}
