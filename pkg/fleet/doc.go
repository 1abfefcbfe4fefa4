// Package fleet computes risk for every host a selector matches, however many: it discovers
// the hosts with one cheap query, fetches the model's features in shards of hosts with a bounded
// number of upstream requests in flight, scores each shard as soon as its features are in, and
// stops at a time budget with what finished. It knows nothing of Grafana; the plugin package
// turns its warnings into frame notices and its errors into statuses.
package fleet
