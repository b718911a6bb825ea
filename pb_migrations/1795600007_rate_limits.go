package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Turns on PocketBase's rate limiter with its default rules, so login,
// sign-up and password reset are limited from the first start. Superusers
// tune or switch it off in the settings as usual.
func init() {
	m.Register(func(app core.App) error {
		settings := app.Settings()
		settings.RateLimits.Enabled = true

		if err := app.Save(settings); err != nil {
			return fmt.Errorf("rate limits: %w", err)
		}

		return nil
	}, func(app core.App) error {
		settings := app.Settings()
		settings.RateLimits.Enabled = false

		return app.Save(settings)
	})
}
