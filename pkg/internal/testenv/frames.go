package testenv

import (
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// CheckReplayFrames compares frames from a query of one replayed metric with the CSV, exactly:
// one frame per instance, same timestamps, same float64 values. It returns the first mismatch.
func CheckReplayFrames(frames data.Frames, want map[string][]ReplayPoint) error {
	if len(frames) != len(want) {
		return fmt.Errorf("%d frames, want %d (is %s replayed? scripts/replay csv %s)",
			len(frames), len(want), ReplaySmallCSV, ReplaySmallCSV)
	}
	for _, f := range frames {
		if f.Meta == nil || f.Meta.Type != data.FrameTypeTimeSeriesMulti {
			return fmt.Errorf("frame %q: meta %+v, want type %s", f.Name, f.Meta, data.FrameTypeTimeSeriesMulti)
		}
		if len(f.Fields) != 2 || f.Fields[0].Name != "time" || f.Fields[1].Name != "value" {
			return fmt.Errorf("frame %q: want fields time and value", f.Name)
		}
		instance := f.Fields[1].Labels["instance"]
		exp, ok := want[instance]
		if !ok {
			return fmt.Errorf("frame %q: instance %q is not in the fixture", f.Name, instance)
		}
		if f.Rows() != len(exp) {
			return fmt.Errorf("frame %q: %d rows, want %d", f.Name, f.Rows(), len(exp))
		}
		for i, p := range exp {
			ts, okT := f.Fields[0].At(i).(time.Time)
			v, okV := f.Fields[1].At(i).(float64)
			if !okT || !okV || !ts.Equal(p.T) || v != p.V {
				return fmt.Errorf("frame %q row %d = (%v, %v), want (%v, %v)", f.Name, i, f.Fields[0].At(i), f.Fields[1].At(i), p.T, p.V)
			}
		}
	}
	return nil
}
