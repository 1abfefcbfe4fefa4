package fleet

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/anomalysentinel/sentinel/pkg/model"
	"github.com/anomalysentinel/sentinel/pkg/promclient"
)

// Querier is the part of the Prometheus client a fleet computation uses.
type Querier interface {
	Query(ctx context.Context, expr string, at time.Time) (promclient.Result, error)
	QueryRange(ctx context.Context, expr string, start, end time.Time, step time.Duration) (promclient.Result, error)
}

// Config bounds one computation. Zero values take the defaults below.
type Config struct {
	// ShardSize is the number of hosts one query_range asks for.
	ShardSize int
	// Concurrency is the number of upstream requests in flight at once.
	Concurrency int
	// Budget is the time the whole computation (discovery, fetches, scoring) may take.
	Budget time.Duration
	// MaxHosts is the most hosts one query may score.
	MaxHosts int
}

// Defaults: a shard of 100 hosts keeps each answer near 30,000 points for an hour at 15 s; 4
// requests in flight load an upstream about as much as one dashboard row; 30 s is Grafana's
// default data proxy timeout; 5,000 hosts score in about 7 s on 2 cores.
const (
	DefaultShardSize   = 100
	DefaultConcurrency = 4
	DefaultBudget      = 30 * time.Second
	DefaultMaxHosts    = 5000
)

func (c Config) withDefaults() Config {
	if c.ShardSize <= 0 {
		c.ShardSize = DefaultShardSize
	}
	if c.Concurrency <= 0 {
		c.Concurrency = DefaultConcurrency
	}
	if c.Budget <= 0 {
		c.Budget = DefaultBudget
	}
	if c.MaxHosts <= 0 {
		c.MaxHosts = DefaultMaxHosts
	}
	return c
}

// Fetcher scores fleets against one upstream.
type Fetcher struct {
	// Data answers the feature queries; Discovery the host discovery, which may return up to
	// MaxHosts+1 series and so needs a client with that series limit.
	Data, Discovery Querier
	Config          Config
}

// Request is one computation: the model, its features (PromQL overrides applied), the hosts
// and the range to score, and what to compute.
type Request struct {
	Engine       *model.Engine
	Features     []model.FeatureSpec
	Selector     string
	FromMs, ToMs int64
	Options      model.ScoreOptions
}

// Result is the risk of every host that finished, sorted by instance, and what the user should
// know about the others.
type Result struct {
	Risk     *model.RiskResult
	Warnings []string
}

// Score discovers the hosts, fetches their features shard by shard and scores each shard as it
// completes, all within the budget. A feature that fails upstream for a shard counts as missing
// for its hosts, with a warning; a shard whose every feature failed, or that had not finished
// when the budget ran out, is left out with a warning. With nothing scored it returns the
// upstream's error or KindBudgetExceeded.
func (f *Fetcher) Score(ctx context.Context, req Request) (*Result, error) {
	cfg := f.Config.withDefaults()
	if len(req.Features) != len(req.Engine.Meta.Features) {
		return nil, badQuery("%d feature queries for a model of %d features", len(req.Features), len(req.Engine.Meta.Features))
	}
	plan, err := req.Engine.Plan(req.FromMs, req.ToMs)
	if err != nil {
		return nil, &Error{Kind: KindBadQuery, Message: err.Error(), Err: err}
	}
	budgetCtx, cancel := context.WithTimeout(ctx, cfg.Budget)
	defer cancel()

	instances, err := f.discover(budgetCtx, req, plan, cfg)
	if err != nil {
		return nil, f.budgetError(ctx, budgetCtx, cfg, err, "discovering the hosts")
	}
	groups := shards(instances, cfg.ShardSize)
	run := newShardRun(f.Data, req, plan, groups)
	run.fetchAndScore(budgetCtx, cancel, cfg.Concurrency)

	if run.fatal != nil {
		return nil, run.fatal
	}
	if err := ctx.Err(); err != nil {
		return nil, &promclient.Error{Kind: promclient.KindCanceled, Op: "risk", Message: "the request was canceled", Err: err}
	}
	scored, warnings := run.collect()
	budgetHit := errors.Is(budgetCtx.Err(), context.DeadlineExceeded)
	if budgetHit {
		done := 0
		for _, h := range scored {
			done += len(h)
		}
		if done == 0 && len(instances) > 0 {
			return nil, &Error{Kind: KindBudgetExceeded, Message: fmt.Sprintf(
				"no host was scored within the query budget of %s (%d hosts in %d shards); raise the budget (queryBudgetSeconds) or narrow the host selector", cfg.Budget, len(instances), len(groups))}
		}
		warnings = append(warnings, fmt.Sprintf("%d of %d hosts not scored: the query budget of %s ran out; raise the budget (queryBudgetSeconds) or narrow the host selector",
			len(instances)-done, len(instances), cfg.Budget))
	}
	res := &model.RiskResult{}
	for _, hosts := range scored {
		res.Hosts = append(res.Hosts, hosts...)
	}
	if len(res.Hosts) == 0 && run.lastErr != nil && !budgetHit {
		return nil, run.lastErr
	}
	sort.Slice(res.Hosts, func(a, b int) bool { return res.Hosts[a].Instance < res.Hosts[b].Instance })
	res.TimestampsMs = stepTimes(plan, req.Engine.StepMs())
	return &Result{Risk: res, Warnings: warnings}, nil
}

func stepTimes(plan model.ChunkPlan, stepMs int64) []int64 {
	var out []int64
	for t := plan.FirstScoredMs; t <= plan.LastScoredMs; t += stepMs {
		out = append(out, t)
	}
	return out
}

// budgetError tells a budget that ran out apart from the upstream's own failure.
func (f *Fetcher) budgetError(ctx, budgetCtx context.Context, cfg Config, err error, doing string) error {
	if ctx.Err() == nil && errors.Is(budgetCtx.Err(), context.DeadlineExceeded) {
		return &Error{Kind: KindBudgetExceeded, Err: err, Message: fmt.Sprintf(
			"the query budget of %s ran out while %s; raise the budget (queryBudgetSeconds) or narrow the host selector", cfg.Budget, doing)}
	}
	return err
}

// discover lists the instances that have the first feature's metric in the fetched range.
func (f *Fetcher) discover(ctx context.Context, req Request, plan model.ChunkPlan, cfg Config) ([]string, error) {
	stepMs := req.Engine.StepMs()
	window := (plan.LastScoredMs-plan.FetchStartMs+stepMs)/1000 + 1
	expr, err := discoveryQuery(req.Features[0], req.Selector, window)
	if err != nil {
		return nil, err
	}
	res, err := f.Discovery.Query(ctx, expr, time.UnixMilli(plan.LastScoredMs))
	if promclient.KindOf(err) == promclient.KindLimitExceeded {
		return nil, &Error{Kind: KindTooManyHosts, Err: err, Message: fmt.Sprintf(
			"more than %d hosts match %s; the limit is %d — narrow the host selector or raise Max hosts (maxHosts)", cfg.MaxHosts, req.Selector, cfg.MaxHosts)}
	}
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var instances []string
	for _, s := range res.Series {
		if instance, ok := s.Labels["instance"]; ok && !seen[instance] {
			seen[instance] = true
			instances = append(instances, instance)
		}
	}
	if len(instances) > cfg.MaxHosts {
		return nil, &Error{Kind: KindTooManyHosts, Message: fmt.Sprintf(
			"%d hosts match %s; the limit is %d — narrow the host selector or raise Max hosts (maxHosts)", len(instances), req.Selector, cfg.MaxHosts)}
	}
	sort.Strings(instances)
	return instances, nil
}

// shardRun is the state of one computation's shards.
type shardRun struct {
	q      Querier
	req    Request
	plan   model.ChunkPlan
	groups [][]string

	mu      sync.Mutex
	series  [][]model.FeatureSeries // per shard
	failed  [][]string              // per shard: warnings of failed features
	pending []int                   // per shard: features not yet answered
	scored  map[int][]model.HostRisk
	fatal   error // a failure that makes every shard wrong (bad PromQL); cancels the run
	lastErr error // the last upstream error, returned when nothing was scored
}

func newShardRun(q Querier, req Request, plan model.ChunkPlan, groups [][]string) *shardRun {
	r := &shardRun{q: q, req: req, plan: plan, groups: groups,
		series: make([][]model.FeatureSeries, len(groups)), failed: make([][]string, len(groups)),
		pending: make([]int, len(groups)), scored: map[int][]model.HostRisk{}}
	for i := range r.pending {
		r.pending[i] = len(req.Features)
	}
	return r
}

type job struct{ shard, feature int }

// fetchAndScore runs the shards' feature queries in shard order on `concurrency` workers and
// hands each completed shard to one scorer (the engine already uses every core per call), so
// scoring overlaps the remaining fetches and the earliest shards finish first.
func (r *shardRun) fetchAndScore(ctx context.Context, cancel context.CancelFunc, concurrency int) {
	jobs := make(chan job)
	complete := make(chan int, len(r.groups))
	var workers sync.WaitGroup
	for w := 0; w < concurrency; w++ {
		workers.Add(1)
		go func() {
			defer workers.Done()
			for j := range jobs {
				if r.fetch(ctx, cancel, j) {
					complete <- j.shard
				}
			}
		}()
	}
	scorerDone := make(chan struct{})
	go func() {
		defer close(scorerDone)
		for shard := range complete {
			r.score(ctx, shard)
		}
	}()
feed:
	for s := range r.groups {
		for f := range r.req.Features {
			select {
			case jobs <- job{s, f}:
			case <-ctx.Done():
				break feed
			}
		}
	}
	close(jobs)
	workers.Wait()
	close(complete)
	<-scorerDone
}

// fetch runs one feature for one shard and reports whether that completed the shard.
func (r *shardRun) fetch(ctx context.Context, cancel context.CancelFunc, j job) bool {
	if ctx.Err() != nil {
		return false
	}
	spec := r.req.Features[j.feature]
	selector := shardSelector(r.req.Selector, r.groups[j.shard])
	expr, err := model.RenderFeatureQuery(spec, selector, r.req.Engine.Meta.RateWindow)
	var series []model.FeatureSeries
	if err == nil {
		var res promclient.Result
		step := time.Duration(r.req.Engine.StepMs()) * time.Millisecond
		res, err = r.q.QueryRange(ctx, expr, time.UnixMilli(r.plan.FetchStartMs), time.UnixMilli(r.plan.LastScoredMs), step)
		if err == nil {
			series, err = featureSeries(spec.Name, res)
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case err == nil:
		r.series[j.shard] = append(r.series[j.shard], series...)
	case ctx.Err() != nil:
		return false // the budget or the caller ended it; the shard is reported as unfinished
	case isQueryFault(err):
		if r.fatal == nil {
			r.fatal = err
			cancel()
		}
		return false
	default:
		r.lastErr = err
		r.failed[j.shard] = append(r.failed[j.shard], fmt.Sprintf("feature %q: %v", spec.Name, err))
	}
	r.pending[j.shard]--
	return r.pending[j.shard] == 0
}

// isQueryFault: errors that every shard would hit alike (the PromQL or the selector is wrong),
// so going on would only repeat them.
func isQueryFault(err error) bool {
	var fe *Error
	return promclient.KindOf(err) == promclient.KindBadRequest || (errors.As(err, &fe) && fe.Kind == KindBadQuery)
}

func featureSeries(feature string, res promclient.Result) ([]model.FeatureSeries, error) {
	seen := map[string]bool{}
	out := make([]model.FeatureSeries, 0, len(res.Series))
	for _, s := range res.Series {
		instance, ok := s.Labels["instance"]
		if !ok || seen[instance] {
			return nil, badQuery("feature %q returned a series without an instance label, or two for one instance; aggregate its query by instance", feature)
		}
		seen[instance] = true
		fs := model.FeatureSeries{Feature: feature, Instance: instance, TimestampsMs: make([]int64, len(s.Samples)), Values: make([]float64, len(s.Samples))}
		for i, p := range s.Samples {
			fs.TimestampsMs[i], fs.Values[i] = p.T.UnixMilli(), p.V
		}
		out = append(out, fs)
	}
	return out, nil
}

// score aligns and scores one completed shard.
func (r *shardRun) score(ctx context.Context, shard int) {
	r.mu.Lock()
	series, failed := r.series[shard], len(r.failed[shard])
	r.series[shard] = nil
	r.mu.Unlock()
	if failed == len(r.req.Features) {
		return // every feature failed: nothing to score; collect reports it
	}
	names := make([]string, len(r.req.Features))
	for i, spec := range r.req.Features {
		names[i] = spec.Name
	}
	e := r.req.Engine
	hosts, err := model.AlignHosts(series, names, r.plan.FetchStartMs, r.plan.LastScoredMs, e.StepMs(), e.Meta.MaxFillSteps, e.SettleSteps())
	if err == nil {
		var res *model.RiskResult
		if res, err = e.ScoreWith(ctx, hosts, r.req.FromMs, r.req.ToMs, r.req.Options); err == nil {
			r.mu.Lock()
			r.scored[shard] = res.Hosts
			r.mu.Unlock()
			return
		}
	}
	if ctx.Err() == nil {
		r.mu.Lock()
		if r.fatal == nil {
			r.fatal = &Error{Kind: KindBadQuery, Message: err.Error(), Err: err}
		}
		r.mu.Unlock()
	}
}

// collect returns the scored hosts per shard, in shard order, and one warning per shard with
// failed features (its features' errors, joined), naming the shard by its first and last host.
func (r *shardRun) collect() ([][]model.HostRisk, []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out [][]model.HostRisk
	var warnings []string
	for s, group := range r.groups {
		if hosts, ok := r.scored[s]; ok {
			out = append(out, hosts)
		}
		if len(r.failed[s]) == 0 {
			continue
		}
		what := fmt.Sprintf("hosts %s … %s (shard %d of %d, %d hosts)", group[0], group[len(group)-1], s+1, len(r.groups), len(group))
		consequence := "these features count as missing"
		if len(r.failed[s]) == len(r.req.Features) {
			consequence = "these hosts were not scored"
		}
		detail := r.failed[s][0]
		if n := len(r.failed[s]); n > 1 {
			detail += fmt.Sprintf(" (and %d more features)", n-1)
		}
		warnings = append(warnings, fmt.Sprintf("%s: %s; %s", what, detail, consequence))
	}
	return out, warnings
}
