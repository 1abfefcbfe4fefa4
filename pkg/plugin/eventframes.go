package plugin

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/anomalysentinel/sentinel/pkg/model"
)

// eventFrame turns the alert episodes of every host into one table frame that Grafana can use
// as annotations (a dashboard annotation query on this datasource maps the fields by name):
// time (fired) and timeEnd (last firing step), text, instance, peakRisk, and tags. Episodes
// follow the rule given (the model's, or the query's threshold override) over the scored range
// only: an episode whose pending run began before the range starts later than it would in a
// longer range. The frame is there, empty, when nothing fired, so a panel shows "no data"
// instead of an error.
func eventFrame(result *model.RiskResult, rule model.AlertingRule, stepMs int64, meta *data.FrameMeta) *data.Frame {
	type event struct {
		start, end time.Time
		text, host string
		peak       float64
	}
	var events []event
	last := len(result.TimestampsMs) - 1
	forDuration := time.Duration(int64(rule.MinDurationSteps)*stepMs) * time.Millisecond
	for _, h := range result.Hosts {
		for _, e := range h.Episodes {
			ev := event{start: time.UnixMilli(result.TimestampsMs[e.FiredIndex]).UTC(), end: time.UnixMilli(result.TimestampsMs[e.EndIndex]).UTC(), host: h.Instance, peak: e.PeakRisk}
			ev.text = fmt.Sprintf("Predicted failure on %s: risk ≥ %g for %s, peak %.3f", h.Instance, rule.Threshold, forDuration, e.PeakRisk)
			if e.EndIndex == last {
				ev.text += "; still firing at the end of the range"
			}
			events = append(events, ev)
		}
	}
	sort.SliceStable(events, func(a, b int) bool { return events[a].start.Before(events[b].start) })
	n := len(events)
	start, end := make([]time.Time, n), make([]time.Time, n)
	text, instance, tags := make([]string, n), make([]string, n), make([]string, n)
	peak := make([]float64, n)
	for i, ev := range events {
		start[i], end[i], text[i], instance[i], peak[i] = ev.start, ev.end, ev.text, ev.host, ev.peak
		tags[i] = strings.Join([]string{"predicted-failure", ev.host}, ",")
	}
	frame := data.NewFrame("events",
		data.NewField("time", nil, start), data.NewField("timeEnd", nil, end),
		data.NewField("text", nil, text), data.NewField("instance", nil, instance),
		data.NewField("peakRisk", nil, peak), data.NewField("tags", nil, tags))
	m := *meta
	m.Type, m.TypeVersion = "", data.FrameTypeVersion{}
	frame.Meta = &m
	return frame
}
