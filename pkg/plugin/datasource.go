// Package plugin adapts the Prometheus client to Grafana's backend datasource API: it parses
// instance settings and queries, and turns results into data frames.
package plugin

import (
	"context"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"

	"github.com/anomalysentinel/sentinel/pkg/fleet"
	"github.com/anomalysentinel/sentinel/pkg/model"
	"github.com/anomalysentinel/sentinel/pkg/promclient"
)

// PluginID is the nested datasource's id in src/datasource/plugin.json.
const PluginID = "anomalysentinel-risk-datasource"

var (
	_ backend.QueryDataHandler      = (*Datasource)(nil)
	_ backend.CheckHealthHandler    = (*Datasource)(nil)
	_ instancemgmt.InstanceDisposer = (*Datasource)(nil)
)

// Datasource is one configured datasource instance; the SDK makes a new one when its settings
// change and disposes of the old.
type Datasource struct {
	settings Settings
	client   *promclient.Client
	models   *model.Registry
	fleet    *fleet.Fetcher
}

// NewDatasource is the SDK's instance factory.
func NewDatasource(_ context.Context, s backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	settings, err := parseSettings(s)
	if err != nil {
		return nil, err
	}
	client, err := promclient.New(settings.clientConfig())
	if err != nil {
		return nil, fmt.Errorf("datasource %q: %w", s.Name, err)
	}
	discovery, err := promclient.New(settings.discoveryConfig())
	if err != nil {
		return nil, fmt.Errorf("datasource %q: %w", s.Name, err)
	}
	shipped, err := shippedArtifact()
	if err != nil {
		return nil, err
	}
	return &Datasource{settings: settings, client: client, models: model.NewRegistry(shipped, settings.ModelDir),
		fleet: &fleet.Fetcher{Data: client, Discovery: discovery, Config: settings.Fleet}}, nil
}

// Dispose releases the old instance's pooled connections when settings change.
func (d *Datasource) Dispose() {
	d.client.CloseIdleConnections()
	if c, ok := d.fleet.Discovery.(*promclient.Client); ok {
		c.CloseIdleConnections()
	}
}
