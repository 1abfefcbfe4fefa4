package testenv

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ReplaySmallCSV is the fixture scripts/replay loads into both servers, relative to the repo root.
const ReplaySmallCSV = "testdata/replay/small.csv"

// ReplayPoint is one row's value of one metric for one instance.
type ReplayPoint struct {
	T time.Time
	V float64
}

// ReplayData maps metric → instance → points in file order.
type ReplayData map[string]map[string][]ReplayPoint

// ReadReplayCSV reads a fixture in our CSV format: timestamp (unix seconds), instance, then one
// column per metric. Values go through strconv.ParseFloat, as the servers' own parsers do, so
// exact comparison with what a query returns is meaningful.
func ReadReplayCSV(path string) (ReplayData, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open replay fixture: %w", err)
	}
	defer func() { _ = f.Close() }()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", filepath.Base(path), err)
	}
	if len(rows) < 2 || len(rows[0]) < 3 || rows[0][0] != "timestamp" || rows[0][1] != "instance" {
		return nil, fmt.Errorf("%s: want a header timestamp,instance,<metric>… and at least one row", path)
	}
	metrics := rows[0][2:]
	out := ReplayData{}
	for _, m := range metrics {
		out[m] = map[string][]ReplayPoint{}
	}
	for i, row := range rows[1:] {
		sec, err := strconv.ParseInt(row[0], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s line %d: timestamp %q is not unix seconds", path, i+2, row[0])
		}
		for j, m := range metrics {
			v, err := strconv.ParseFloat(row[j+2], 64)
			if err != nil {
				return nil, fmt.Errorf("%s line %d: %s value %q is not a number", path, i+2, m, row[j+2])
			}
			out[m][row[1]] = append(out[m][row[1]], ReplayPoint{T: time.Unix(sec, 0).UTC(), V: v})
		}
	}
	return out, nil
}

// Selector matches metric as replayed from this fixture only: scripts/replay loads other
// datasets under job="replay" too (e.g. SMD machines, with a dataset label), so the
// fixture's own instances are named.
func (d ReplayData) Selector(metric string) string {
	instances := make([]string, 0, len(d[metric]))
	for instance := range d[metric] {
		instances = append(instances, regexp.QuoteMeta(instance))
	}
	sort.Strings(instances)
	return fmt.Sprintf(`%s{job="replay",instance=~"%s"}`, metric, strings.Join(instances, "|"))
}
