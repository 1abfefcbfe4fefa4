package plugin

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/anomalysentinel/sentinel/pkg/promclient"
)

// framesResponse turns a query result into one frame per series. The frames are typed
// TimeSeriesMulti with labels on the value field, the shape Grafana alerting expects from a
// backend datasource; an empty result is an empty response, which alerting reads as NoData.
func framesResponse(expr string, res promclient.Result) backend.DataResponse {
	var resp backend.DataResponse
	for _, s := range res.Series {
		resp.Frames = append(resp.Frames, seriesFrame(expr, s))
	}
	if len(res.Warnings) > 0 && len(resp.Frames) > 0 {
		meta := resp.Frames[0].Meta
		for _, w := range res.Warnings {
			meta.Notices = append(meta.Notices, data.Notice{Severity: data.NoticeSeverityWarning, Text: w})
		}
	}
	return resp
}

func seriesFrame(expr string, s promclient.Series) *data.Frame {
	times := make([]time.Time, len(s.Samples))
	values := make([]float64, len(s.Samples))
	for i, p := range s.Samples {
		times[i] = p.T
		values[i] = p.V
	}
	labels := data.Labels(s.Labels)
	frame := data.NewFrame(seriesName(s.Labels),
		data.NewField("time", nil, times),
		data.NewField("value", labels, values),
	)
	frame.Meta = &data.FrameMeta{
		Type:                data.FrameTypeTimeSeriesMulti,
		TypeVersion:         data.FrameTypeVersion{0, 1},
		ExecutedQueryString: expr,
	}
	return frame
}

// seriesName renders labels the way PromQL users read them: name{a="x", b="y"}, labels sorted
// so the name is stable between queries.
func seriesName(labels map[string]string) string {
	name := labels["__name__"]
	keys := make([]string, 0, len(labels))
	for k := range labels {
		if k != "__name__" {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		if name == "" {
			return "{}"
		}
		return name
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(strconv.Quote(labels[k]))
	}
	b.WriteByte('}')
	return b.String()
}
