package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// A fresh todomate backs itself up every day at 03:00 UTC (PocketBase's
// cron runs in UTC) and keeps the last 7 automatic backups, in
// pb_data/backups or on the S3 storage configured in Settings → Backups.
const (
	defaultBackupsCron    = "0 3 * * *"
	defaultBackupsMaxKeep = 7
)

// Schedules PocketBase's automatic backups by default. An installation
// that already has a schedule keeps it: its owner chose it.
func init() {
	m.Register(func(app core.App) error {
		settings := app.Settings()
		if settings.Backups.Cron != "" {
			return nil
		}

		settings.Backups.Cron = defaultBackupsCron
		settings.Backups.CronMaxKeep = defaultBackupsMaxKeep

		if err := app.Save(settings); err != nil {
			return fmt.Errorf("backups schedule: %w", err)
		}

		return nil
	}, func(app core.App) error {
		settings := app.Settings()
		if settings.Backups.Cron != defaultBackupsCron || settings.Backups.CronMaxKeep != defaultBackupsMaxKeep {
			return nil // changed since: no longer ours to remove
		}

		settings.Backups.Cron = ""
		settings.Backups.CronMaxKeep = 3 // PocketBase's own default

		if err := app.Save(settings); err != nil {
			return fmt.Errorf("backups schedule down: %w", err)
		}

		return nil
	})
}
