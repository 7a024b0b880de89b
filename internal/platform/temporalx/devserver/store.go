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
		// NORMAL is durable against process crashes in WAL mode and skips
		// an fsync per commit; losing the last commits on power loss is
		// acceptable for a developer's machine.
		"synchronous":  "normal",
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
