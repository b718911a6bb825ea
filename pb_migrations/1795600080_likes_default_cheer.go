package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Likes made before cheers had an emoji (or sent without one before the
// likes hook stored the default) get the default cheer, 👏, written out:
// clients that count a todo's likes by emoji from the like records (the web
// app's my day, diary and a person's day) then see every like as what the
// feed route already counted it as.
//
// Down changes nothing: a 👏 written here cannot be told from one chosen.
func init() {
	m.Register(func(app core.App) error {
		_, err := app.DB().NewQuery("UPDATE {{likes}} SET [[emoji]] = '👏' WHERE [[emoji]] = '' OR [[emoji]] IS NULL").Execute()
		if err != nil {
			return fmt.Errorf("likes: write the default cheer: %w", err)
		}
		return nil
	}, func(app core.App) error {
		return nil
	})
}
