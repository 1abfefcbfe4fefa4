// Package scenarioreplay reads what `scripts/replay scenario --out FILE` writes: the replayed
// hosts, their selector and range, and the failures laid into them. The demo command and the
// backend's scenario integration test both read it.
package scenarioreplay

import (
	"encoding/json"
	"fmt"
	"os"
)

// Scenario is the replay's JSON.
type Scenario struct {
	Selector string    `json:"selector"`
	Hosts    []string  `json:"hosts"`
	FromMs   int64     `json:"fromMs"`
	ToMs     int64     `json:"toMs"`
	Failures []Failure `json:"failures"`
}

// Failure is one failure instant of the scenario.
type Failure struct {
	Instance  string `json:"instance"`
	Kind      string `json:"kind"`
	FailureMs int64  `json:"failureMs"`
}

// Load reads and checks the file: it must name hosts, a selector and a non-empty range.
func Load(file string) (Scenario, error) {
	var s Scenario
	raw, err := os.ReadFile(file)
	if err != nil {
		return s, fmt.Errorf("read the replayed scenario (run scripts/replay scenario --out %s): %w", file, err)
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return s, fmt.Errorf("%s: %w", file, err)
	}
	if len(s.Hosts) == 0 || s.Selector == "" || s.ToMs <= s.FromMs {
		return s, fmt.Errorf("%s holds no hosts, selector or range: %+v", file, s)
	}
	return s, nil
}
