package model

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A failure head that does not fit the model is refused with the field at fault, as the
// TypeScript schema refuses it (failureHeadJson.test.ts).
func TestFailureHeadRefusedWhenItDoesNotFit(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(goldenDir(t, "risk-head"), "sentinel.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseSentinelJSON(raw); err != nil {
		t.Fatalf("the golden head should parse: %v", err)
	}
	inner := func(h *FailureHead) int {
		for i, f := range h.Trees.Trees[0].Feature {
			if f >= 0 {
				return i
			}
		}
		t.Fatal("no inner node")
		return 0
	}
	cases := map[string]struct {
		mutate func(h *FailureHead)
		want   string
	}{
		"slope beyond the warm-up": {func(h *FailureHead) { h.Inputs.SlopeSteps[0] = 61 }, "failureHead.inputs.slopeSteps.0"},
		"range beyond the warm-up": {func(h *FailureHead) { h.Inputs.RangeSteps = 62 }, "failureHead.inputs.rangeSteps"},
		"input count":              {func(h *FailureHead) { h.Trees.Features++ }, "failureHead.trees.features"},
		"input out of range":       {func(h *FailureHead) { h.Trees.Trees[0].Feature[inner(h)] = h.Trees.Features }, "feature"},
		"child pointing back":      {func(h *FailureHead) { i := inner(h); h.Trees.Trees[0].Left[i] = i }, "must be later nodes"},
		"short node array":         {func(h *FailureHead) { v := h.Trees.Trees[0].Value; h.Trees.Trees[0].Value = v[:len(v)-1] }, "same, non-zero length"},
		"no label window":          {func(h *FailureHead) { h.LabelWindowSteps = 0 }, "labelWindowSteps"},
		"exit after every tree":    {func(h *FailureHead) { h.Trees.EarlyExit.Trees = len(h.Trees.Trees) }, "earlyExit.trees"},
		"exit before any tree":     {func(h *FailureHead) { h.Trees.EarlyExit.Trees = 0 }, "earlyExit.trees"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			var doc map[string]json.RawMessage
			if err := json.Unmarshal(raw, &doc); err != nil {
				t.Fatal(err)
			}
			var head FailureHead
			if err := json.Unmarshal(doc["failureHead"], &head); err != nil {
				t.Fatal(err)
			}
			c.mutate(&head)
			doc["failureHead"], _ = json.Marshal(head)
			bad, _ := json.Marshal(doc)
			_, err := ParseSentinelJSON(bad)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error naming %q", err, c.want)
			}
		})
	}
}
