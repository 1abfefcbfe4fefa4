package grafanahost

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// CallResource calls the plugin's CallResource over gRPC and joins the streamed answer, as
// Grafana's /api/datasources/uid/<uid>/resources/* proxy does.
func (h *Host) CallResource(ctx context.Context, req *backend.CallResourceRequest) (*backend.CallResourceResponse, error) {
	stream, err := h.resource.CallResource(ctx, backend.ToProto().CallResourceRequest(req))
	if err != nil {
		return nil, err
	}
	var out *backend.CallResourceResponse
	for {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		part := backend.FromProto().CallResourceResponse(msg)
		if out == nil {
			out = part
			continue
		}
		out.Body = append(out.Body, part.Body...)
	}
	if out == nil {
		return nil, fmt.Errorf("the plugin answered %s %s with nothing", req.Method, req.Path)
	}
	return out, nil
}
