// Command sentinel-demo launches the built backend executable the way Grafana does and prints
// what it returns for a query against each upstream: its health check, then every series with a
// summary and a downsampled table. scripts/demo runs it after replaying an incident.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/anomalysentinel/sentinel/pkg/grafanahost"
	"github.com/anomalysentinel/sentinel/pkg/plugin"
)

func main() {
	binary := flag.String("binary", "dist/datasource/gpx_sentinel_linux_amd64", "the built backend executable")
	upstreams := flag.String("upstreams", "http://127.0.0.1:19090,http://127.0.0.1:18428", "comma-separated Prometheus-compatible URLs")
	expr := flag.String("expr", "", "PromQL to run")
	start := flag.String("start", "", "range start, RFC 3339")
	end := flag.String("end", "", "range end, RFC 3339")
	step := flag.Int("step", 300, "step in seconds")
	rows := flag.Int("rows", 12, "rows of the downsampled table")
	flag.Parse()
	if err := run(*binary, strings.Split(*upstreams, ","), *expr, *start, *end, *step, *rows); err != nil {
		fmt.Fprintln(os.Stderr, "sentinel-demo:", err)
		os.Exit(1)
	}
}

func run(binary string, upstreams []string, expr, start, end string, step, rows int) error {
	from, err := time.Parse(time.RFC3339, start)
	if err != nil {
		return fmt.Errorf("-start: %w", err)
	}
	to, err := time.Parse(time.RFC3339, end)
	if err != nil {
		return fmt.Errorf("-end: %w", err)
	}
	host, err := grafanahost.Launch(binary, "0.1.0")
	if err != nil {
		return err
	}
	defer host.Kill()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	for i, url := range upstreams {
		pc := grafanahost.DatasourceContext(plugin.PluginID, int64(i+1), url, json.RawMessage(`{"authType":"none","timeoutSeconds":30}`))
		health, err := host.CheckHealth(ctx, &backend.CheckHealthRequest{PluginContext: pc})
		if err != nil {
			return err
		}
		fmt.Printf("\n== %s\nCheckHealth: %s — %s\n", url, health.Status, health.Message)
		query, _ := json.Marshal(map[string]any{"refId": "A", "expr": expr, "stepSeconds": step})
		resp, err := host.QueryData(ctx, &backend.QueryDataRequest{
			PluginContext: pc,
			Queries:       []backend.DataQuery{{RefID: "A", Interval: time.Duration(step) * time.Second, TimeRange: backend.TimeRange{From: from, To: to}, JSON: query}},
		})
		if err != nil {
			return err
		}
		r := resp.Responses["A"]
		if r.Error != nil {
			fmt.Printf("QueryData error (status %d): %v\n", r.Status, r.Error)
			continue
		}
		fmt.Printf("QueryData %s over %s .. %s, step %ds: %d frame(s)\n", expr, start, end, step, len(r.Frames))
		for _, f := range r.Frames {
			printFrame(f, rows)
		}
	}
	return nil
}

func printFrame(f *data.Frame, rows int) {
	if len(f.Fields) < 2 || f.Rows() == 0 {
		fmt.Printf("  %s: no points\n", f.Name)
		return
	}
	values := f.Fields[1]
	lo, hi, sum := math.Inf(1), math.Inf(-1), 0.0
	for i := 0; i < f.Rows(); i++ {
		v, _ := values.FloatAt(i)
		lo, hi, sum = math.Min(lo, v), math.Max(hi, v), sum+v
	}
	fmt.Printf("  %s %v: %d points, min %.3f, mean %.3f, max %.3f\n", f.Name, values.Labels, f.Rows(), lo, sum/float64(f.Rows()), hi)
	every := max(1, f.Rows()/rows)
	for i := 0; i < f.Rows(); i += every {
		t, _ := f.Fields[0].ConcreteAt(i)
		v, _ := values.FloatAt(i)
		fmt.Printf("    %s  %10.3f\n", t.(time.Time).UTC().Format(time.RFC3339), v)
	}
}
