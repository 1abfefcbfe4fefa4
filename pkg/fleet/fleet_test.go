package fleet

// Failure injection only (a slow or failing shard, a bad query): an httptest upstream that
// answers like Prometheus. Normal behaviour is tested against the real stack
// (fleet_integration_test.go).

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anomalysentinel/sentinel/pkg/model"
	"github.com/anomalysentinel/sentinel/pkg/promclient"
)

var instanceMatcher = regexp.MustCompile(`instance=~("(?:[^"\\]|\\.)*")`)

// fakeUpstream serves n hosts (host-00…); onShard may fail or delay the query_range of a shard
// (given its instances) by writing an answer itself and returning true.
type fakeUpstream struct {
	hosts    int
	onShard  func(w http.ResponseWriter, r *http.Request, instances []string) bool
	inFlight atomic.Int32
	maxSeen  atomic.Int32
}

func (f *fakeUpstream) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case "/api/v1/query":
		var results []string
		for h := 0; h < f.hosts; h++ {
			results = append(results, fmt.Sprintf(`{"metric":{"instance":"host-%02d"},"value":[1,"1"]}`, h))
		}
		fmt.Fprintf(w, `{"status":"success","data":{"resultType":"vector","result":[%s]}}`, strings.Join(results, ","))
	case "/api/v1/query_range":
		n := f.inFlight.Add(1)
		defer f.inFlight.Add(-1)
		for old := f.maxSeen.Load(); n > old && !f.maxSeen.CompareAndSwap(old, n); old = f.maxSeen.Load() {
		}
		m := instanceMatcher.FindStringSubmatch(r.Form.Get("query"))
		pattern, _ := strconv.Unquote(m[1])
		var instances []string
		for _, p := range strings.Split(pattern, "|") {
			instances = append(instances, strings.ReplaceAll(p, `\`, ""))
		}
		if f.onShard != nil && f.onShard(w, r, instances) {
			return
		}
		start, _ := strconv.ParseFloat(r.Form.Get("start"), 64)
		end, _ := strconv.ParseFloat(r.Form.Get("end"), 64)
		step, _ := strconv.ParseFloat(r.Form.Get("step"), 64)
		var series []string
		for _, instance := range instances {
			var values []string
			for t := start; t <= end; t += step {
				values = append(values, fmt.Sprintf(`[%g,"0.5"]`, t))
			}
			series = append(series, fmt.Sprintf(`{"metric":{"instance":%q},"values":[%s]}`, instance, strings.Join(values, ",")))
		}
		fmt.Fprintf(w, `{"status":"success","data":{"resultType":"matrix","result":[%s]}}`, strings.Join(series, ","))
	default:
		http.NotFound(w, r)
	}
}

func testEngine(t *testing.T) *model.Engine {
	t.Helper()
	a, err := model.LoadArtifactDir("../../models/default")
	if err != nil {
		t.Fatal(err)
	}
	e, err := model.EngineFromArtifact(a)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func fetcherFor(t *testing.T, up http.Handler, cfg Config) *Fetcher {
	t.Helper()
	srv := httptest.NewServer(up)
	t.Cleanup(srv.Close)
	client, err := promclient.New(promclient.Config{BaseURL: srv.URL, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	discovery, err := promclient.New(promclient.Config{BaseURL: srv.URL, Timeout: 10 * time.Second, MaxSeries: max(cfg.MaxHosts, DefaultMaxHosts) + 1})
	if err != nil {
		t.Fatal(err)
	}
	return &Fetcher{Data: client, Discovery: discovery, Config: cfg}
}

func request(e *model.Engine) Request {
	from := int64(1767225600000)
	return Request{Engine: e, Features: e.Meta.Features, Selector: `job="node"`, FromMs: from, ToMs: from + 5*60_000}
}

func instances(res *Result) string {
	names := make([]string, len(res.Risk.Hosts))
	for i, h := range res.Risk.Hosts {
		names[i] = h.Instance
	}
	return strings.Join(names, ",")
}

func TestOneFailingShardLeavesItsFeaturesMissingWithAWarning(t *testing.T) {
	e := testEngine(t)
	up := &fakeUpstream{hosts: 6, onShard: func(w http.ResponseWriter, r *http.Request, inst []string) bool {
		if inst[0] == "host-02" && strings.Contains(r.Form.Get("query"), "node_filefd") {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprint(w, `{"status":"error","errorType":"unavailable","error":"store gateway down"}`)
			return true
		}
		return false
	}}
	res, err := fetcherFor(t, up, Config{ShardSize: 2, Concurrency: 3}).Score(context.Background(), request(e))
	if err != nil {
		t.Fatal(err)
	}
	if got := instances(res); got != "host-00,host-01,host-02,host-03,host-04,host-05" {
		t.Fatalf("hosts %s", got)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "host-02 … host-03 (shard 2 of 3") ||
		!strings.Contains(res.Warnings[0], `"fd_used"`) || !strings.Contains(res.Warnings[0], "store gateway down") || !strings.Contains(res.Warnings[0], "count as missing") {
		t.Fatalf("warnings %q", res.Warnings)
	}
	if n := up.maxSeen.Load(); n > 3 {
		t.Errorf("%d requests in flight, limit 3", n)
	}
	// Same features elsewhere, fd_used missing for shard 2: its hosts' parts differ.
	same := func(a, b []float64) bool { return fmt.Sprint(a) == fmt.Sprint(b) }
	h := res.Risk.Hosts
	if !same(h[0].Components, h[1].Components) || same(h[0].Components, h[2].Components) || !same(h[0].Components, h[4].Components) {
		t.Errorf("components %v / %v / %v", h[0].Components[:4], h[2].Components[:4], h[4].Components[:4])
	}
}

func TestAShardWhoseEveryFeatureFailsIsLeftOut(t *testing.T) {
	e := testEngine(t)
	up := &fakeUpstream{hosts: 4, onShard: func(w http.ResponseWriter, _ *http.Request, inst []string) bool {
		if inst[0] == "host-02" {
			w.WriteHeader(http.StatusBadGateway)
			return true
		}
		return false
	}}
	res, err := fetcherFor(t, up, Config{ShardSize: 2}).Score(context.Background(), request(e))
	if err != nil {
		t.Fatal(err)
	}
	if got := instances(res); got != "host-00,host-01" || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "were not scored") {
		t.Fatalf("hosts %s, warnings %q", got, res.Warnings)
	}
}

func TestEveryShardFailingReturnsTheUpstreamError(t *testing.T) {
	e := testEngine(t)
	up := &fakeUpstream{hosts: 3, onShard: func(w http.ResponseWriter, _ *http.Request, _ []string) bool {
		w.WriteHeader(http.StatusInternalServerError)
		return true
	}}
	_, err := fetcherFor(t, up, Config{ShardSize: 2}).Score(context.Background(), request(e))
	if promclient.KindOf(err) != promclient.KindUpstream5xx {
		t.Fatalf("error %v, want an upstream 5xx", err)
	}
}

func TestASlowShardIsCutByTheBudget(t *testing.T) {
	e := testEngine(t)
	up := &fakeUpstream{hosts: 4, onShard: func(_ http.ResponseWriter, r *http.Request, inst []string) bool {
		if inst[0] == "host-02" {
			<-r.Context().Done() // hangs until the client gives up
			return true
		}
		return false
	}}
	start := time.Now()
	res, err := fetcherFor(t, up, Config{ShardSize: 2, Concurrency: 2, Budget: 1500 * time.Millisecond}).Score(context.Background(), request(e))
	if err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("took %s with a 1.5 s budget", elapsed)
	}
	if got := instances(res); got != "host-00,host-01" {
		t.Fatalf("hosts %s", got)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "2 of 4 hosts not scored: the query budget of 1.5s ran out") {
		t.Fatalf("warnings %q", res.Warnings)
	}
}

func TestNothingFinishedWithinTheBudgetIsATypedTimeout(t *testing.T) {
	e := testEngine(t)
	up := &fakeUpstream{hosts: 2, onShard: func(_ http.ResponseWriter, r *http.Request, _ []string) bool {
		<-r.Context().Done()
		return true
	}}
	_, err := fetcherFor(t, up, Config{Budget: 300 * time.Millisecond}).Score(context.Background(), request(e))
	var fe *Error
	if !errors.As(err, &fe) || fe.Kind != KindBudgetExceeded || !strings.Contains(err.Error(), "queryBudgetSeconds") {
		t.Fatalf("error %v, want KindBudgetExceeded", err)
	}
}

func TestMoreHostsThanTheLimitIsATypedError(t *testing.T) {
	e := testEngine(t)
	for _, hosts := range []int{4, 40} { // under and over the discovery client's series limit
		_, err := fetcherFor(t, &fakeUpstream{hosts: hosts}, Config{MaxHosts: 3}).Score(context.Background(), request(e))
		var fe *Error
		if !errors.As(err, &fe) || fe.Kind != KindTooManyHosts || !strings.Contains(err.Error(), "the limit is 3") {
			t.Fatalf("%d hosts: error %v, want KindTooManyHosts", hosts, err)
		}
	}
}

// A 400 (bad PromQL in a feature override) would fail for every shard: the query stops.
func TestABadFeatureQueryStopsTheQuery(t *testing.T) {
	e := testEngine(t)
	var calls atomic.Int32
	up := &fakeUpstream{hosts: 40, onShard: func(w http.ResponseWriter, r *http.Request, _ []string) bool {
		if strings.Contains(r.Form.Get("query"), "node_filefd") {
			calls.Add(1)
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"status":"error","errorType":"bad_data","error":"parse error"}`)
			return true
		}
		return false
	}}
	_, err := fetcherFor(t, up, Config{ShardSize: 2, Concurrency: 1}).Score(context.Background(), request(e))
	if promclient.KindOf(err) != promclient.KindBadRequest {
		t.Fatalf("error %v, want the upstream's bad request", err)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("the bad query was sent %d times; the first answer should stop the run", n)
	}
}
