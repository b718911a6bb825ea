package storage

import (
	"bytes"
	"io"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/todomate/todomate/internal/fixture"
)

func TestConfigFromEnv(t *testing.T) {
	scenarios := []struct {
		name           string
		env            map[string]string
		wantEndpoint   string
		wantRegion     string
		wantReplicaURL string
	}{
		{"nothing set: no S3, no replica", nil, "", DefaultRegion, ""},
		{
			"a bucket on an S3-compatible server: path style, the replica under litestream/",
			map[string]string{EnvFilesBucket: "files", EnvEndpoint: "http://127.0.0.1:7070"},
			"http://127.0.0.1:7070", DefaultRegion,
			"s3://files/litestream?endpoint=http%3A%2F%2F127.0.0.1%3A7070&forcePathStyle=true&region=us-east-1",
		},
		{
			"AWS S3: no endpoint, the region given",
			map[string]string{EnvFilesBucket: "files", EnvRegion: "eu-west-1"},
			"", "eu-west-1", "s3://files/litestream?region=eu-west-1",
		},
		{
			"fly.io's storage secrets stand in for todomate's",
			map[string]string{EnvFilesBucket: "files", EnvAWSEndpoint: "https://fly.storage.tigris.dev", EnvAWSRegion: "auto"},
			"https://fly.storage.tigris.dev", "auto",
			"s3://files/litestream?endpoint=https%3A%2F%2Ffly.storage.tigris.dev&forcePathStyle=true&region=auto",
		},
		{
			"todomate's own names win",
			map[string]string{EnvFilesBucket: "files", EnvEndpoint: "http://a", EnvAWSEndpoint: "http://b", EnvRegion: "r1", EnvAWSRegion: "r2"},
			"http://a", "r1", "s3://files/litestream?endpoint=http%3A%2F%2Fa&forcePathStyle=true&region=r1",
		},
	}
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			config := ConfigFromEnv(func(key string) string { return s.env[key] })
			if config.Endpoint != s.wantEndpoint || config.Region != s.wantRegion {
				t.Errorf("endpoint %q region %q, want %q %q", config.Endpoint, config.Region, s.wantEndpoint, s.wantRegion)
			}
			if got := config.ReplicaURL(); got != s.wantReplicaURL {
				t.Errorf("replica URL %q, want %q", got, s.wantReplicaURL)
			}
		})
	}
}

// TestApplySavesTheEnvironmentOnce: the settings take the configuration (the
// files bucket for files, the backups bucket for backups), a dashboard
// change is put back, and a start with nothing changed saves nothing.
func TestApplySavesTheEnvironmentOnce(t *testing.T) {
	app, err := tests.NewTestApp()
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()

	config := Config{
		Endpoint: "http://127.0.0.1:7070", Region: "us-east-1",
		FilesBucket: "files", BackupsBucket: "backups",
		AccessKey: "key", Secret: "secret",
	}
	saves := 0
	app.OnSettingsReload().BindFunc(func(e *core.SettingsReloadEvent) error {
		saves++
		return e.Next()
	})

	if err := apply(app, config); err != nil {
		t.Fatal(err)
	}
	s3, backups := app.Settings().S3, app.Settings().Backups.S3
	if !s3.Enabled || s3.Bucket != "files" || !s3.ForcePathStyle || s3.Secret != "secret" || s3.Endpoint != config.Endpoint {
		t.Errorf("files storage %+v", s3)
	}
	if !backups.Enabled || backups.Bucket != "backups" || backups.AccessKey != "key" {
		t.Errorf("backups storage %+v", backups)
	}

	// a change in the dashboard
	changed, _ := app.Settings().Clone()
	changed.S3.Bucket = "elsewhere"
	if err := app.Save(changed); err != nil {
		t.Fatal(err)
	}
	savesBefore := saves
	if err := apply(app, config); err != nil {
		t.Fatal(err)
	}
	if app.Settings().S3.Bucket != "files" || saves != savesBefore+1 {
		t.Errorf("bucket %q after %d saves, want files after one", app.Settings().S3.Bucket, saves-savesBefore)
	}

	savesBefore = saves
	if err := apply(app, config); err != nil {
		t.Fatal(err)
	}
	if saves != savesBefore {
		t.Errorf("%d saves with nothing changed", saves-savesBefore)
	}
}

// TestCopyMissing: every file (thumbs included) arrives with its bytes and
// content type; a second run copies nothing; a file of another size at the
// destination is replaced.
func TestCopyMissing(t *testing.T) {
	from, err := filesystem.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer from.Close()
	to, err := filesystem.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer to.Close()

	png := fixture.PNGImage(1)
	files := map[string][]byte{
		"pbc_diaries/rec1/photo_a.png":                            png,
		"pbc_diaries/rec1/thumbs_photo_a.png/300x300_photo_a.png": png[:len(png)/2],
		"pbc_users/rec2/avatar.png":                               fixture.PNGImage(2),
	}
	for key, content := range files {
		if err := from.Upload(content, key); err != nil {
			t.Fatal(err)
		}
	}
	if err := to.Upload([]byte("stale"), "pbc_users/rec2/avatar.png"); err != nil {
		t.Fatal(err)
	}

	copied, kept, err := copyMissing(from, to)
	if err != nil || copied != 3 || kept != 0 {
		t.Fatalf("first run: %d copied, %d kept, %v; want 3, 0", copied, kept, err)
	}
	for key, content := range files {
		reader, err := to.GetReader(key)
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		got, _ := io.ReadAll(reader)
		reader.Close()
		if !bytes.Equal(got, content) || reader.ContentType() != "image/png" {
			t.Errorf("%s: %d bytes of %s, want %d of image/png", key, len(got), reader.ContentType(), len(content))
		}
	}

	copied, kept, err = copyMissing(from, to)
	if err != nil || copied != 0 || kept != 3 {
		t.Errorf("second run: %d copied, %d kept, %v; want 0, 3", copied, kept, err)
	}
}
