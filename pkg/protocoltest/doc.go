// Package protocoltest holds tests that talk to the datasource over Grafana's plugin protocol:
// gRPC as served by the SDK, in process (datasourcetest) and from the built executable launched
// the way Grafana launches it (hashicorp/go-plugin with the SDK's handshake). It has no code.
package protocoltest
