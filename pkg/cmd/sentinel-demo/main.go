// Command sentinel-demo launches the built backend executable the way Grafana does and prints a
// failure-risk report for a replayed failure scenario (scripts/replay scenario --out FILE), for
// each upstream: the health check, then per host the peak risk, the predicted-failure alerts
// the shipped rule raises, how far ahead of each real failure the first alert came, and the
// metrics driving the risk when it fired. scripts/demo runs it.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/anomalysentinel/sentinel/pkg/grafanahost"
	"github.com/anomalysentinel/sentinel/pkg/internal/scenarioreplay"
	"github.com/anomalysentinel/sentinel/pkg/plugin"
)

func main() {
	binary := flag.String("binary", "dist/datasource/gpx_sentinel_linux_amd64", "the built backend executable")
	upstreams := flag.String("upstreams", "http://127.0.0.1:19090,http://127.0.0.1:18428", "comma-separated Prometheus-compatible URLs")
	scenarioFile := flag.String("scenario", "build/scenario-replay.json", "what scripts/replay scenario --out wrote")
	flag.Parse()
	if err := run(*binary, strings.Split(*upstreams, ","), *scenarioFile); err != nil {
		fmt.Fprintln(os.Stderr, "sentinel-demo:", err)
		os.Exit(1)
	}
}

func run(binary string, upstreams []string, scenarioFile string) error {
	sc, err := scenarioreplay.Load(scenarioFile)
	if err != nil {
		return err
	}
	host, err := grafanahost.Launch(binary, "0.1.0")
	if err != nil {
		return err
	}
	defer host.Kill()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	tr := backend.TimeRange{From: time.UnixMilli(sc.FromMs), To: time.UnixMilli(sc.ToMs)}

	for i, url := range upstreams {
		pc := grafanahost.DatasourceContext(plugin.PluginID, int64(i+1), url, json.RawMessage(`{"authType":"none","timeoutSeconds":30}`))
		health, err := host.CheckHealth(ctx, &backend.CheckHealthRequest{PluginContext: pc})
		if err != nil {
			return err
		}
		fmt.Printf("\n== %s\nCheckHealth: %s — %s\n", url, health.Status, health.Message)
		query := func(refID string, extra map[string]any) backend.DataQuery {
			m := map[string]any{"refId": refID, "queryType": plugin.QueryTypeRisk, "hostSelector": sc.Selector}
			for k, v := range extra {
				m[k] = v
			}
			body, _ := json.Marshal(m)
			return backend.DataQuery{RefID: refID, QueryType: plugin.QueryTypeRisk, TimeRange: tr, JSON: body}
		}
		started := time.Now()
		resp, err := host.QueryData(ctx, &backend.QueryDataRequest{PluginContext: pc, Queries: []backend.DataQuery{
			query("risk", map[string]any{"output": "risk"}),
			query("events", map[string]any{"output": "events"}),
		}})
		if err != nil {
			return err
		}
		for _, ref := range []string{"risk", "events"} {
			if r := resp.Responses[ref]; r.Error != nil {
				fmt.Printf("risk query %s failed (status %d): %v\n", ref, r.Status, r.Error)
				return nil
			}
		}
		fmt.Printf("risk for %d hosts over %s .. %s (%s, the same model and rule as the provisioned alert) in %s\n",
			len(sc.Hosts), tr.From.UTC().Format(time.RFC3339), tr.To.UTC().Format(time.RFC3339), sc.Selector, time.Since(started).Round(time.Millisecond))
		printRisk(resp.Responses["risk"].Frames)
		alerts := printEvents(resp.Responses["events"].Frames)
		printLeads(ctx, host, pc, sc, alerts)
	}
	return nil
}

func printRisk(frames data.Frames) {
	fmt.Printf("\n  %-16s %8s %8s\n", "host", "peak", "last")
	for _, f := range frames {
		if len(f.Fields) < 2 || f.Rows() == 0 {
			continue
		}
		peak := 0.0
		for i := 0; i < f.Rows(); i++ {
			if v, ok := f.Fields[1].ConcreteAt(i); ok {
				peak = max(peak, v.(float64))
			}
		}
		last, _ := f.Fields[1].FloatAt(f.Rows() - 1)
		fmt.Printf("  %-16s %7.1f%% %7.1f%%\n", f.Fields[1].Labels["instance"], 100*peak, 100*last)
	}
}

type alert struct {
	instance string
	fired    time.Time
	text     string
}

func printEvents(frames data.Frames) []alert {
	var alerts []alert
	for _, f := range frames {
		col := func(name string) *data.Field {
			for _, fl := range f.Fields {
				if fl.Name == name {
					return fl
				}
			}
			return nil
		}
		times, instances, texts := col("time"), col("instance"), col("text")
		if times == nil || instances == nil || texts == nil {
			continue
		}
		for i := 0; i < f.Rows(); i++ {
			alerts = append(alerts, alert{instance: instances.At(i).(string), fired: times.At(i).(time.Time), text: texts.At(i).(string)})
		}
	}
	sort.Slice(alerts, func(a, b int) bool { return alerts[a].fired.Before(alerts[b].fired) })
	fmt.Printf("\n  predicted-failure alerts (the shipped rule: threshold held for its minimum duration):\n")
	if len(alerts) == 0 {
		fmt.Println("    none")
	}
	for _, a := range alerts {
		fmt.Printf("    %s  %s\n", a.fired.UTC().Format("15:04:05"), a.text)
	}
	return alerts
}

// printLeads matches each real failure with the host's first alert in the 30 minutes before it
// and asks the backend's /explain what drove the risk at that moment.
func printLeads(ctx context.Context, host *grafanahost.Host, pc backend.PluginContext, sc scenarioreplay.Scenario, alerts []alert) {
	fmt.Printf("\n  failures in the scenario and the warning before each:\n")
	for _, f := range sc.Failures {
		failure := time.UnixMilli(f.FailureMs)
		var first *alert
		for i := range alerts {
			a := &alerts[i]
			if a.instance == f.Instance && !a.fired.After(failure) && failure.Sub(a.fired) <= 30*time.Minute {
				first = a
				break
			}
		}
		if first == nil {
			fmt.Printf("    %s %-14s at %s: no alert in the 30 min before it (missed)\n", f.Instance, f.Kind, failure.UTC().Format("15:04:05"))
			continue
		}
		fmt.Printf("    %s %-14s at %s: alerted %s ahead%s\n", f.Instance, f.Kind, failure.UTC().Format("15:04:05"),
			failure.Sub(first.fired).Round(15*time.Second), explain(ctx, host, pc, f.Instance, first.fired))
	}
}

func explain(ctx context.Context, host *grafanahost.Host, pc backend.PluginContext, instance string, at time.Time) string {
	path := fmt.Sprintf("explain?host=%s&time=%s", instance, at.UTC().Format(time.RFC3339))
	resp, err := host.CallResource(ctx, &backend.CallResourceRequest{PluginContext: pc, Method: "GET", Path: "explain", URL: path})
	if err != nil || resp.Status != 200 {
		return ""
	}
	var body struct {
		Contributions []struct {
			Feature string  `json:"feature"`
			Share   float64 `json:"share"`
		} `json:"contributions"`
	}
	if json.Unmarshal(resp.Body, &body) != nil || len(body.Contributions) == 0 {
		return ""
	}
	parts := make([]string, 0, len(body.Contributions))
	for _, c := range body.Contributions {
		parts = append(parts, fmt.Sprintf("%s %.0f%%", c.Feature, 100*c.Share))
	}
	return " — driven by " + strings.Join(parts, ", ")
}
