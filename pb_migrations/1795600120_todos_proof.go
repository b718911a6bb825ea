package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// A todo's proof (issue 17): one photo that it was done, with the type,
// size and thumb limits of a diary's photos, and protected as they are: a
// file URL needs a file token of a user whom the todos view rule lets see
// the todo. Existing todos get none ("").
func init() {
	m.Register(func(app core.App) error {
		todos, err := app.FindCollectionByNameOrId("todos")
		if err != nil {
			return fmt.Errorf("todos proof: %w", err)
		}
		todos.Fields.Add(&core.FileField{
			Name:      "proof",
			MaxSelect: 1,
			MaxSize:   10 << 20,
			MimeTypes: []string{"image/jpeg", "image/png", "image/webp", "image/gif"},
			Thumbs:    []string{"300x300"},
			Protected: true,
		})
		if err := app.Save(todos); err != nil {
			return fmt.Errorf("todos proof: save collection: %w", err)
		}
		return nil
	}, func(app core.App) error {
		todos, err := app.FindCollectionByNameOrId("todos")
		if err != nil {
			return fmt.Errorf("todos proof down: %w", err)
		}
		todos.Fields.RemoveByName("proof")
		if err := app.Save(todos); err != nil {
			return fmt.Errorf("todos proof down: save collection: %w", err)
		}
		return nil
	})
}
