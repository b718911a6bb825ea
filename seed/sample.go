package seed

import (
	"context"
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
)

// sampleEvery picks which rows of each collection validateSample re-reads
// (besides the first few): a prime, so it does not fall into step with
// the per-user patterns of the generator.
const sampleEvery = 997

// validateSample re-reads a sample of every collection seed wrote and runs
// it through app.Validate: PocketBase's field validators (required, max,
// patterns, relations that exist, unique indexes) and todomate's validate
// hooks (days, emoji, a todo's goal owned by its author, no self follow).
// The generator is written to pass them; this proves it on its output.
func validateSample(ctx context.Context, tx core.App) error {
	for _, name := range []string{
		collections.Users, collections.Goals, collections.Routines, collections.Todos, collections.Diaries,
		collections.Follows, collections.Friendships, collections.Likes,
	} {
		var ids []string
		err := tx.DB().NewQuery(fmt.Sprintf(
			"SELECT id FROM {{%s}} WHERE rowid IN (SELECT rowid FROM {{%s}} ORDER BY rowid LIMIT 20) OR rowid %% %d = 0",
			name, name, sampleEvery,
		)).Column(&ids)
		if err != nil {
			return fmt.Errorf("seed: sample %s: %w", name, err)
		}

		for _, id := range ids {
			record, err := tx.FindRecordById(name, id)
			if err != nil {
				return fmt.Errorf("seed: sample %s %s: %w", name, id, err)
			}
			if err := tx.ValidateWithContext(ctx, record); err != nil {
				return fmt.Errorf("seed: generated %s %s is invalid: %w", name, id, err)
			}
		}
	}

	return nil
}
