package devserver

import "go.temporal.io/server/common/dynamicconfig"

// lowLatencyPollRPS lifts the history queue processors' poll rate limit.
const lowLatencyPollRPS = 10000

// dynamicConfig tunes the server for low latency on one shard. The
// defaults are sized for clusters with hundreds of shards, where each
// shard's processors poll at 20/s; with a single shard that limit is the
// whole cluster's, and every workflow start, timer and visibility update
// queues behind it.
func dynamicConfig() dynamicconfig.StaticClient {
	return dynamicconfig.StaticClient{
		// Transfer tasks carry workflow and activity tasks to matching;
		// their poll rate bounds how fast a started workflow reaches a
		// worker.
		dynamicconfig.TransferProcessorMaxPollRPS.Key(): lowLatencyPollRPS,
		// Timer tasks fire timeouts, retries and workflow.Sleep; visibility
		// tasks make runs appear in List and the Web UI; outbound tasks
		// deliver Nexus and callbacks. All share the same limit.
		dynamicconfig.TimerProcessorMaxPollRPS.Key():      lowLatencyPollRPS,
		dynamicconfig.VisibilityProcessorMaxPollRPS.Key(): lowLatencyPollRPS,
		dynamicconfig.OutboundProcessorMaxPollRPS.Key():   lowLatencyPollRPS,

		// Every task queue has 4 partitions; a task written to a child
		// partition with no poller waiting is forwarded to the root
		// partition, by default at only 10 per second. We lift that rate
		// rather than dropping to 1 partition: a database that already
		// holds backlog in partitions 1-3 (any file created before, or by
		// another tool) would leave those tasks stranded, because with one
		// partition nothing polls or forwards from the others.
		dynamicconfig.MatchingForwarderMaxRatePerSecond.Key(): float64(lowLatencyPollRPS),

		// Eager start hands the first workflow task back in the start
		// response when the starter also runs the worker, skipping a round
		// trip through matching. It is the server default today; set here so
		// that our latency does not depend on that default.
		dynamicconfig.EnableEagerWorkflowStart.Key(): true,

		// The history service keeps the state of every run it touched in
		// memory for an hour, up to 128,000 runs: sized for a history host
		// with memory of its own. In one process with the whole system
		// the heap grows with every approval and order for that hour
		// (docs/scaling.md, soak). A run not cached is read from the
		// database on its next task.
		dynamicconfig.HistoryCacheHostLevelMaxSize.Key(): historyCacheRuns,
	}
}

// historyCacheRuns bounds the history service's cache of run states, as
// temporal.workflow_cache bounds the workers' cache of the same runs.
const historyCacheRuns = 1000
