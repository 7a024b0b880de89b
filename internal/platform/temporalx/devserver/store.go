package devserver

import (
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/log"
	"go.temporal.io/server/common/metrics"
	"go.temporal.io/server/common/persistence/sql"
	"go.temporal.io/server/common/persistence/sql/sqlplugin"
	sqliteplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite"
	"go.temporal.io/server/common/resolver"
	sqliteschema "go.temporal.io/server/schema/sqlite"
)

// store is the SQLite persistence of one server.
type store struct {
	conf *config.SQL
	// hold is a reference on the plugin's shared connection, kept for the
	// server's lifetime: an in-memory database disappears with its last
	// connection, and between registering the namespace and the server
	// opening its own connections nothing else would keep it alive.
	hold sqlplugin.DB
}

// openStore prepares the database: the schema for a new file, and the
// namespace when absent, written directly so that it is usable the moment
// the frontend starts (registering through the API would wait for the
// namespace cache to refresh). Retention is the schema helper's 24 hours,
// enough for a developer to look at yesterday's runs.
func openStore(opts Options, cluster string) (*store, error) {
	conf, err := sqlConfig(opts.DBFile)
	if err != nil {
		return nil, err
	}
	if opts.DBFile != "" {
		if err := ensureSchema(conf); err != nil {
			return nil, err
		}
	}
	hold, err := sql.NewSQLDB(sqlplugin.DbKindUnknown, conf, resolver.NewNoopResolver(), log.NewNoopLogger(), metrics.NoopMetricsHandler)
	if err != nil {
		return nil, fmt.Errorf("open temporal database: %w", err)
	}
	ns, err := sqliteschema.NewNamespaceConfig(cluster, opts.Namespace, false, nil)
	if err == nil {
		err = leanVisibility(hold)
	}
	if err == nil {
		err = sqliteschema.CreateNamespaces(conf, ns)
	}
	if err != nil {
		return nil, errors.Join(fmt.Errorf("register namespace %s: %w", opts.Namespace, err), hold.Close())
	}
	return &store{conf: conf, hold: hold}, nil
}

func (s *store) close() error {
	if err := s.hold.Close(); err != nil {
		return fmt.Errorf("close temporal database: %w", err)
	}
	return nil
}

// leanVisibility drops the visibility indexes that serve only lists
// filtered by a rarely used or custom search attribute. Every one of the
// schema's 58 indexes on executions_visibility ends with the close time, so
// each start and each close of a workflow rewrote all of them, on the
// store's only connection, the largest cost of a workflow under load
// (docs/scaling.md, workflow). Lists by what the Web UI and
// the CLI filter on (workflow id, type, status, task queue, times, and the
// namespace division every list query names) keep their indexes; a list
// by another attribute reads the namespace's rows in time order, which a
// developer's database can afford. Dropping is idempotent, so databases
// made before this run through it too.
func leanVisibility(db sqlplugin.DB) error {
	admin, ok := db.(interface{ Exec(string, ...any) error })
	if !ok {
		return fmt.Errorf("temporal database: the sqlite plugin offers no Exec")
	}
	for _, name := range rareVisibilityIndexes {
		if err := admin.Exec("DROP INDEX IF EXISTS " + name); err != nil {
			return fmt.Errorf("drop visibility index %s: %w", name, err)
		}
	}
	return nil
}

// rareVisibilityIndexes are the indexes leanVisibility drops, named as in
// the server's SQLite visibility schema.
var rareVisibilityIndexes = []string{
	"by_history_length", "by_history_size_bytes", "by_execution_duration", "by_state_transition_count",
	"by_parent_workflow_id", "by_parent_run_id", "by_root_workflow_id", "by_root_run_id", "by_batcher_user",
	"by_temporal_scheduled_start_time", "by_temporal_scheduled_by_id", "by_temporal_schedule_paused",
	"by_temporal_pause_info", "by_temporal_worker_deployment_version", "by_temporal_workflow_versioning_behavior",
	"by_temporal_worker_deployment",
	"by_bool_01", "by_bool_02", "by_bool_03", "by_datetime_01", "by_datetime_02", "by_datetime_03",
	"by_double_01", "by_double_02", "by_double_03", "by_int_01", "by_int_02", "by_int_03",
	"by_keyword_01", "by_keyword_02", "by_keyword_03", "by_keyword_04", "by_keyword_05",
	"by_keyword_06", "by_keyword_07", "by_keyword_08", "by_keyword_09", "by_keyword_10",
	"by_temporal_bool_01", "by_temporal_bool_02", "by_temporal_datetime_01", "by_temporal_datetime_02",
	"by_temporal_double_01", "by_temporal_double_02", "by_temporal_int_01", "by_temporal_int_02",
	"by_temporal_keyword_01", "by_temporal_keyword_02", "by_temporal_keyword_03", "by_temporal_keyword_04",
	"by_temporal_low_cardinality_keyword_01",
}

// sqlConfig describes the database. One connection, always: SQLite has one
// writer, and more connections (even in WAL mode) gave storms of
// SQLITE_BUSY under the server's concurrent persistence calls.
func sqlConfig(file string) (*config.SQL, error) {
	conf := &config.SQL{PluginName: sqliteplugin.PluginName, MaxConns: 1, MaxIdleConns: 1}
	if file == "" {
		// A unique name, so that two in-memory servers in one process (such
		// as parallel tests) never share a database.
		conf.DatabaseName = "vextrus-" + rand.Text()
		conf.ConnectAttributes = map[string]string{"mode": "memory", "cache": "shared"}
		return conf, nil
	}
	// An absolute path, so that the plugin's connection cache, keyed by the
	// DSN, finds the same file whatever the working directory.
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, fmt.Errorf("temporal database path: %w", err)
	}
	conf.DatabaseName = abs
	conf.ConnectAttributes = map[string]string{
		"mode": "rwc",
		// WAL: a commit is one append, readers never block the writer, and
		// a killed process loses nothing that was committed.
		"journal_mode": "wal",
		// OFF never waits for the disk. In WAL mode a commit is in the
		// operating system's hands when it returns, so a killed or crashed
		// process loses nothing; an operating-system crash or power loss
		// may lose the last commits or damage the file (delete it to start
		// afresh). NORMAL, which syncs at each checkpoint, stalls the
		// store's only connection at every checkpoint, about once a
		// second under load (docs/scaling.md, workflow). A developer's
		// machine can take that trade; production runs a Temporal cluster.
		"synchronous":  "off",
		"busy_timeout": "5000",
	}
	return conf, nil
}

// ensureSchema creates the schema when the file does not exist yet. An
// existing file is reused as it is, which is what keeps history across
// restarts.
func ensureSchema(conf *config.SQL) error {
	if _, err := os.Stat(conf.DatabaseName); err == nil {
		return nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("temporal database: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(conf.DatabaseName), 0o755); err != nil {
		return fmt.Errorf("temporal database dir: %w", err)
	}
	if err := sqliteschema.SetupSchema(conf); err != nil {
		return fmt.Errorf("create temporal schema in %s (delete the file to retry): %w", conf.DatabaseName, err)
	}
	return nil
}
