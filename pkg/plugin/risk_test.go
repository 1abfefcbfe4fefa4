package plugin

import (
	"fmt"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/anomalysentinel/sentinel/pkg/fleet"
	"github.com/anomalysentinel/sentinel/pkg/promclient"
)

func TestRiskErrorResponseStatuses(t *testing.T) {
	cases := []struct {
		err  error
		want backend.Status
	}{
		{&fleet.Error{Kind: fleet.KindBudgetExceeded, Message: "budget"}, backend.StatusTimeout},
		{&fleet.Error{Kind: fleet.KindTooManyHosts, Message: "too many"}, backend.StatusBadRequest},
		{fmt.Errorf("wrapped: %w", &fleet.Error{Kind: fleet.KindBadQuery, Message: "bad"}), backend.StatusBadRequest},
		{&promclient.Error{Kind: promclient.KindUpstream5xx, Op: "query_range"}, backend.StatusBadGateway},
	}
	for _, c := range cases {
		r := riskErrorResponse("R", c.err)
		if r.Status != c.want || r.ErrorSource != backend.ErrorSourceDownstream {
			t.Errorf("%v: status %d source %s, want %d", c.err, r.Status, r.ErrorSource, c.want)
		}
	}
	if r := riskErrorResponse("R", &fleet.Error{Kind: fleet.KindTooManyHosts, Message: "too many"}); !strings.HasPrefix(r.Error.Error(), "query R: ") {
		t.Errorf("message %q does not name the query", r.Error)
	}
}

func TestNoticesFromWarnings(t *testing.T) {
	n := notices([]string{"a", "b"})
	if len(n) != 2 || n[1].Text != "b" || n[0].Severity.String() != "warning" {
		t.Fatalf("%+v", n)
	}
	if notices(nil) != nil {
		t.Fatal("no warnings, no notices")
	}
}
