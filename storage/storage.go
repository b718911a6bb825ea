// Package storage puts todomate's uploaded files (avatars, diary photos,
// proof photos) and PocketBase's backups on S3-compatible object storage,
// configured from the environment: a new machine needs nothing but the
// replica of data.db (package replication) and this configuration to serve
// every file it served before. Protected files stay protected: PocketBase
// serves them through its files API, with the same file-token check, from
// whichever storage holds them.
package storage

import (
	"fmt"
	"net/url"

	"github.com/pocketbase/pocketbase/core"
)

// Config is where uploaded files and backups go. Empty FilesBucket and
// BackupsBucket: the data dir, PocketBase's default.
type Config struct {
	// Endpoint is the S3 API's address (empty: AWS S3 in Region); with an
	// endpoint, requests use path-style URLs, which S3-compatible servers
	// expect.
	Endpoint string
	Region   string

	// FilesBucket holds the uploaded files (PocketBase stores each record's
	// under collectionId/recordId/). BackupsBucket holds PocketBase's backup
	// archives; it must be a bucket of its own, because PocketBase lists a
	// backups bucket whole as its backups.
	FilesBucket   string
	BackupsBucket string

	AccessKey string
	Secret    string

	// Writes reports whether this server writes the settings (nil: it
	// does); a read replica (package cluster) gets them from its primary.
	Writes func() bool
}

// The environment variables of ConfigFromEnv.
const (
	EnvEndpoint      = "TODOMATE_S3_ENDPOINT"
	EnvRegion        = "TODOMATE_S3_REGION"
	EnvFilesBucket   = "TODOMATE_S3_BUCKET"
	EnvBackupsBucket = "TODOMATE_S3_BACKUPS_BUCKET"
	EnvAccessKey     = "AWS_ACCESS_KEY_ID"
	EnvSecret        = "AWS_SECRET_ACCESS_KEY"

	// the AWS SDK's names, which fly.io's `fly storage create` sets as
	// secrets: used when todomate's own are not set
	EnvAWSEndpoint = "AWS_ENDPOINT_URL_S3"
	EnvAWSRegion   = "AWS_REGION"
)

// DefaultRegion is the region when none is set (S3-compatible servers
// mostly ignore it, but requests must name one to be signed).
const DefaultRegion = "us-east-1"

// ConfigFromEnv reads Config from the environment (os.Getenv).
func ConfigFromEnv(getenv func(string) string) Config {
	config := Config{
		Endpoint:      getenv(EnvEndpoint),
		Region:        getenv(EnvRegion),
		FilesBucket:   getenv(EnvFilesBucket),
		BackupsBucket: getenv(EnvBackupsBucket),
		AccessKey:     getenv(EnvAccessKey),
		Secret:        getenv(EnvSecret),
	}
	if config.Endpoint == "" {
		config.Endpoint = getenv(EnvAWSEndpoint)
	}
	if config.Region == "" {
		config.Region = getenv(EnvAWSRegion)
	}
	if config.Region == "" {
		config.Region = DefaultRegion
	}
	return config
}

// ReplicaURL is the Litestream replica URL of data.db in the files bucket,
// under litestream/ (PocketBase's file keys begin with a collection id, so
// the two never meet); empty without a files bucket.
func (c Config) ReplicaURL() string {
	if c.FilesBucket == "" {
		return ""
	}
	query := url.Values{"region": {c.Region}}
	if c.Endpoint != "" {
		query.Set("endpoint", c.Endpoint)
		query.Set("forcePathStyle", "true")
	}
	return (&url.URL{Scheme: "s3", Host: c.FilesBucket, Path: "/litestream", RawQuery: query.Encode()}).String()
}

func (c Config) s3(bucket string) core.S3Config {
	return core.S3Config{
		Enabled:        true,
		Bucket:         bucket,
		Region:         c.Region,
		Endpoint:       c.Endpoint,
		AccessKey:      c.AccessKey,
		Secret:         c.Secret,
		ForcePathStyle: c.Endpoint != "",
	}
}

// Register applies the configuration to the app's settings when the server
// starts. The environment is the source of truth: a change made in the
// dashboard is put back at the next start (and the dashboard shows the
// values in use).
func Register(app core.App, config Config) {
	if config.FilesBucket == "" && config.BackupsBucket == "" {
		return
	}
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		if config.Writes != nil && !config.Writes() {
			return e.Next()
		}
		if err := apply(e.App, config); err != nil {
			return err
		}
		return e.Next()
	})
}

// apply saves the S3 settings that differ from config (one settings save, or
// none when nothing changed).
func apply(app core.App, config Config) error {
	// a copy, as PocketBase's settings API saves: the live settings change
	// only once the save succeeds
	settings, err := app.Settings().Clone()
	if err != nil {
		return fmt.Errorf("storage: copying the settings: %w", err)
	}
	changed := false
	if config.FilesBucket != "" && settings.S3 != config.s3(config.FilesBucket) {
		settings.S3 = config.s3(config.FilesBucket)
		changed = true
	}
	if config.BackupsBucket != "" && settings.Backups.S3 != config.s3(config.BackupsBucket) {
		settings.Backups.S3 = config.s3(config.BackupsBucket)
		changed = true
	}
	if !changed {
		return nil
	}
	if err := app.Save(settings); err != nil {
		return fmt.Errorf("storage: saving the S3 settings from the environment: %w", err)
	}
	return nil
}
