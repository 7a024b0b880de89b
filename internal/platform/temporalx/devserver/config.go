package devserver

import (
	"net"
	"strconv"
	"time"

	"go.temporal.io/server/common/cluster"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/membership/static"
	"go.temporal.io/server/common/primitives"
	"go.temporal.io/server/temporal"
)

// clusterName names the single cluster; the namespace's replication config
// must point at it.
const clusterName = "active"

// storeName is the one data store, used for both executions and visibility.
const storeName = "sqlite"

// serverOptions assembles the server: the four services in one process,
// found through static hosts rather than ringpop membership, so that no
// gossip port or join delay is involved.
func serverOptions(opts Options, ports ports, sqlConf *config.SQL, logger slogLogger) []temporal.ServerOption {
	return []temporal.ServerOption{
		temporal.WithConfig(serverConfig(opts, ports, sqlConf)),
		temporal.ForServices(temporal.DefaultServices),
		temporal.WithStaticHosts(map[primitives.ServiceName]static.Hosts{
			primitives.FrontendService: static.SingleLocalHost(hostPort(opts.IP, ports.frontend)),
			primitives.HistoryService:  static.SingleLocalHost(hostPort(opts.IP, ports.history)),
			primitives.MatchingService: static.SingleLocalHost(hostPort(opts.IP, ports.matching)),
			primitives.WorkerService:   static.SingleLocalHost(hostPort(opts.IP, ports.worker)),
		}),
		temporal.WithLogger(logger),
		temporal.WithDynamicConfigClient(dynamicConfig()),
	}
}

func serverConfig(opts Options, ports ports, sqlConf *config.SQL) *config.Config {
	frontend := hostPort(opts.IP, ports.frontend)
	service := func(port int) config.Service {
		return config.Service{RPC: config.RPC{GRPCPort: port, BindOnIP: opts.IP}}
	}
	// The frontend's HTTP API serves Nexus endpoints and curl; without it
	// the server warns at every start.
	front := service(ports.frontend)
	front.RPC.HTTPPort = ports.http
	conf := &config.Config{
		Persistence: config.Persistence{
			DefaultStore:    storeName,
			VisibilityStore: storeName,
			// One shard: the whole cluster is one process and one SQLite
			// writer, more shards would only add queue processors.
			NumHistoryShards: 1,
			DataStores:       map[string]config.DataStore{storeName: {SQL: sqlConf}},
		},
		ClusterMetadata: &cluster.Config{
			FailoverVersionIncrement: 10,
			MasterClusterName:        clusterName,
			CurrentClusterName:       clusterName,
			ClusterInformation: map[string]cluster.ClusterInformation{
				// ClusterID is left empty: the server generates one on the
				// first start and keeps it in the database.
				clusterName: {
					Enabled: true, InitialFailoverVersion: 1,
					RPCAddress: frontend, HTTPAddress: hostPort(opts.IP, ports.http),
				},
			},
		},
		DCRedirectionPolicy: config.DCRedirectionPolicy{Policy: "noop"},
		Services: map[string]config.Service{
			string(primitives.FrontendService): front,
			string(primitives.HistoryService):  service(ports.history),
			string(primitives.MatchingService): service(ports.matching),
			string(primitives.WorkerService):   service(ports.worker),
		},
		PublicClient: config.PublicClient{HostPort: frontend, HTTPHostPort: hostPort(opts.IP, ports.http)},
	}
	conf.Global.Membership.MaxJoinDuration = 30 * time.Second
	conf.Global.Membership.BroadcastAddress = opts.IP
	conf.Archival.History.State = "disabled"
	conf.Archival.Visibility.State = "disabled"
	conf.NamespaceDefaults.Archival.History.State = "disabled"
	conf.NamespaceDefaults.Archival.Visibility.State = "disabled"
	return conf
}

func hostPort(ip string, port int) string { return net.JoinHostPort(ip, strconv.Itoa(port)) }
