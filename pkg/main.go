package main

import (
	"os"

	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/anomalysentinel/sentinel/pkg/plugin"
)

// The executable serves only the nested datasource; the app itself has no backend.
func main() {
	if err := datasource.Manage(plugin.PluginID, plugin.NewDatasource, datasource.ManageOpts{}); err != nil {
		log.DefaultLogger.Error("datasource plugin stopped", "error", err)
		os.Exit(1)
	}
}
