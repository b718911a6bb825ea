package storage

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/pocketbase/pocketbase/tools/filesystem/blob"
	"github.com/spf13/cobra"
)

// NewCommand is `todomate storage push`: the way an existing deployment
// moves its uploaded files from the data dir to the files bucket. Run it
// before the first start with TODOMATE_S3_BUCKET set (until then PocketBase
// writes uploads to the data dir) and once more after it: files already in
// the bucket with the same size are left alone.
func NewCommand(app core.App, config Config) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "storage",
		Short: "Moves uploaded files between the data dir and the S3 bucket (TODOMATE_S3_*)",
	}
	cmd.AddCommand(&cobra.Command{
		Use:          "push",
		Short:        "Copies the data dir's uploaded files (pb_data/storage) to TODOMATE_S3_BUCKET",
		SilenceUsage: true,
		Args:         cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			copied, kept, err := push(app, config)
			cmd.Printf("%d files copied to the bucket %q, %d already there.\n", copied, config.FilesBucket, kept)
			return err
		},
	})
	return cmd
}

// push copies the data dir's uploaded files to the files bucket.
func push(app core.App, config Config) (copied, kept int, err error) {
	if config.FilesBucket == "" {
		return 0, 0, fmt.Errorf("no files bucket: set %s (and %s, %s, %s)", EnvFilesBucket, EnvEndpoint, EnvAccessKey, EnvSecret)
	}
	local, err := filesystem.NewLocal(filepath.Join(app.DataDir(), core.LocalStorageDirName))
	if err != nil {
		return 0, 0, fmt.Errorf("opening the data dir's storage: %w", err)
	}
	defer local.Close()
	s3 := config.s3(config.FilesBucket)
	remote, err := filesystem.NewS3(s3.Bucket, s3.Region, s3.Endpoint, s3.AccessKey, s3.Secret, s3.ForcePathStyle)
	if err != nil {
		return 0, 0, fmt.Errorf("connecting to the bucket %q: %w", s3.Bucket, err)
	}
	defer remote.Close()
	return copyMissing(local, remote)
}

// copyMissing copies every file of one storage that the other lacks, or
// holds with another size.
func copyMissing(from, to *filesystem.System) (copied, kept int, err error) {
	objects, err := from.List("")
	if err != nil {
		return 0, 0, fmt.Errorf("listing the files to copy: %w", err)
	}
	for _, object := range objects {
		if object.IsDir {
			continue
		}
		attrs, err := to.Attributes(object.Key)
		if err == nil && attrs.Size == object.Size {
			kept++
			continue
		}
		if err != nil && !errors.Is(err, filesystem.ErrNotFound) {
			return copied, kept, fmt.Errorf("checking %s at the destination: %w", object.Key, err)
		}
		if err := copyFile(from, to, object.Key); err != nil {
			return copied, kept, err
		}
		copied++
	}
	return copied, kept, nil
}

// copyFile streams one file, with its content type, from one storage to
// the other.
func copyFile(from, to *filesystem.System, key string) error {
	reader, err := from.GetReader(key)
	if err != nil {
		return fmt.Errorf("reading %s: %w", key, err)
	}
	defer reader.Close()
	writer, err := to.NewWriter(key, &blob.WriterOptions{ContentType: reader.ContentType()})
	if err != nil {
		return fmt.Errorf("writing %s: %w", key, err)
	}
	if _, err := io.Copy(writer, reader); err != nil {
		_ = writer.Close()
		return fmt.Errorf("copying %s: %w", key, err)
	}
	if err := writer.Close(); err != nil {
		return fmt.Errorf("finishing %s: %w", key, err)
	}
	return nil
}
