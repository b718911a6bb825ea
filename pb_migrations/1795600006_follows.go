package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return fmt.Errorf("follows: %w", err)
		}

		follows := core.NewBaseCollection("follows")

		// the follow graph is public inside the app
		follows.ListRule = types.Pointer(`@request.auth.id != ""`)
		follows.ViewRule = types.Pointer(`@request.auth.id != ""`)
		// the follower is set and checked by the follows hook
		follows.CreateRule = types.Pointer(`@request.auth.id != ""`)
		follows.UpdateRule = nil
		// unfollow, or remove a follower
		follows.DeleteRule = types.Pointer(`follower = @request.auth.id || following = @request.auth.id`)

		follows.Fields.Add(
			&core.RelationField{Name: "follower", CollectionId: users.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: "following", CollectionId: users.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		follows.AddIndex("idx_follows_follower_following", true, "follower, following", "")
		follows.AddIndex("idx_follows_following", false, "following", "")

		if err := app.Save(follows); err != nil {
			return fmt.Errorf("follows: save collection: %w", err)
		}

		return nil
	}, func(app core.App) error {
		return deleteCollection(app, "follows")
	})
}
