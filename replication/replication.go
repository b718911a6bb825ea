// Package replication replicates todomate's database, pb_data/data.db, to
// object storage as it is written, with Litestream embedded in the binary:
// each committed transaction reaches the replica within about half a second,
// a start with no data.db restores it from the replica before PocketBase
// opens it, and `todomate restore` goes back to a point in time. Without a
// replica URL nothing changes.
//
// Only data.db is replicated. auxiliary.db holds PocketBase's request logs,
// a diagnostic aid written on every request: replicating it would double the
// uploads for something a new machine can start without (it gets an empty
// one). Uploaded files are not in the database either: they belong on the
// same object storage through PocketBase's S3 file storage (package storage).
package replication

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/benbjohnson/litestream"
	// the replica URL schemes todomate documents: s3:// and file://
	_ "github.com/benbjohnson/litestream/file"
	_ "github.com/benbjohnson/litestream/s3"
	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// Config is what a server sets of its replication.
type Config struct {
	// URL is the Litestream replica URL (s3://bucket/path?endpoint=...,
	// file:///path); the --replica flag overrides it. Empty: no replication.
	URL string

	// MonitorInterval is how often new WAL frames are copied into Litestream's
	// local transaction files; SyncInterval how often those are uploaded, at
	// most (an idle database uploads nothing). Their sum, plus one upload, is
	// the recovery point. Zero: DefaultMonitorInterval, DefaultSyncInterval.
	MonitorInterval time.Duration
	SyncInterval    time.Duration

	// MaxLag is how long the replica may stay behind the database before the
	// status route answers 503. Zero: DefaultMaxLag.
	MaxLag time.Duration

	// Log receives Litestream's warnings and errors (nil: standard error).
	Log io.Writer
}

// Defaults. A write is in the replica within about MonitorInterval +
// SyncInterval (0.6 s) plus one upload. Each upload is one PUT: while writes
// keep coming, at most two a second (about 170,000 a day); Litestream's own
// defaults (1 s each) would halve that and double the recovery point.
const (
	DefaultMonitorInterval = 100 * time.Millisecond
	DefaultSyncInterval    = 500 * time.Millisecond
	DefaultMaxLag          = 30 * time.Second
)

// dataDBName is PocketBase's main database file in the data dir.
const dataDBName = "data.db"

// New is the replication of an app about to be made: its DBConnect goes
// into the app's config, then Register binds it to the app.
func New(config Config) *Replicator {
	p := &Replicator{config: config, args: os.Args[1:]}
	if p.config.MonitorInterval <= 0 {
		p.config.MonitorInterval = DefaultMonitorInterval
	}
	if p.config.SyncInterval <= 0 {
		p.config.SyncInterval = DefaultSyncInterval
	}
	if p.config.MaxLag <= 0 {
		p.config.MaxLag = DefaultMaxLag
	}
	if p.config.Log == nil {
		p.config.Log = os.Stderr
	}
	p.logger = slog.New(slog.NewTextHandler(p.config.Log, &slog.HandlerOptions{Level: slog.LevelWarn})).
		With("component", "replication")
	return p
}

// MustRegister is Register that panics on error, as PocketBase's plugins do.
func (p *Replicator) MustRegister(app core.App, rootCmd *cobra.Command) {
	if err := p.Register(app, rootCmd); err != nil {
		panic(err)
	}
}

// Register adds the --replica flag and the restore command to rootCmd and,
// when a replica URL is set, restores a missing data.db before the app
// opens it and replicates it while `serve` runs.
func (p *Replicator) Register(app core.App, rootCmd *cobra.Command) error {
	p.app = app
	rootCmd.PersistentFlags().StringVar(&p.config.URL, "replica", p.config.URL,
		"the Litestream replica URL of data.db (s3://bucket/path?endpoint=..., file:///path)\n(default $TODOMATE_REPLICA_URL)")
	// PocketBase opens the database before cobra parses the command line, so
	// the flag is read now, as PocketBase reads --dir (unknown flags are
	// allowed at this stage)
	_ = rootCmd.ParseFlags(p.args)

	p.restoreCmd = newRestoreCommand(p)
	rootCmd.AddCommand(p.restoreCmd)

	app.OnBootstrap().BindFunc(p.restoreMissingDatabase)
	app.OnServe().BindFunc(p.startReplicating)
	app.OnTerminate().BindFunc(p.stopReplicating)
	app.OnServe().BindFunc(p.bindStatusRoute)
	app.OnBackupCreate().BindFunc(p.leaveOutOfBackups)
	app.OnBackupRestore().BindFunc(p.stopBeforeBackupRestore)
	return nil
}

// Replicator is one app's replication: its settings and, while serving, the
// Litestream store replicating data.db.
type Replicator struct {
	app        core.App
	config     Config
	logger     *slog.Logger
	restoreCmd *cobra.Command
	// args: the command line after the program's name, which decides the
	// command this process runs (serve replicates; restore restores)
	args []string

	// dataDBBeforeRestore: data.db existed before the restore command's
	// process bootstrapped
	dataDBBeforeRestore bool

	// while serving: the Litestream store replicating data.db, and data.db
	// in it (read by the status route while serve starts and stops it)
	store atomic.Pointer[litestream.Store]
	db    atomic.Pointer[litestream.DB]
	// startedAt: when serve opened the store (the lag's start before any upload)
	startedAt time.Time
	// stopPs stops secondPWhileBehind, which closes psStopped on return
	stopPs, psStopped chan struct{}
	// syncing: a status's read of the WAL is running (status.go)
	syncing atomic.Bool
}

// invokedCommand is the command of the root command that this process's
// command line runs (nil before Register, or for a command line cobra
// cannot resolve).
func (p *Replicator) invokedCommand() *cobra.Command {
	if p.restoreCmd == nil {
		return nil
	}
	found, _, err := p.restoreCmd.Root().Find(p.args)
	if err != nil {
		return nil
	}
	return found
}

func (p *Replicator) enabled() bool { return p.config.URL != "" }

func (p *Replicator) dataDBPath() string {
	return filepath.Join(p.app.DataDir(), dataDBName)
}

// newReplica is a Litestream database for data.db with its replica client,
// not yet opened.
func (p *Replicator) newReplica() (*litestream.DB, error) {
	client, err := litestream.NewReplicaClientFromURL(p.config.URL)
	if err != nil {
		return nil, fmt.Errorf("replica URL %q: %w", redactURL(p.config.URL), err)
	}
	db := litestream.NewDB(p.dataDBPath())
	db.MonitorInterval = p.config.MonitorInterval
	db.Replica = litestream.NewReplicaWithClient(db, client)
	db.Replica.SyncInterval = p.config.SyncInterval
	db.SetLogger(p.logger)
	return db, nil
}
