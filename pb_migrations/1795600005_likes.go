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
			return fmt.Errorf("likes: %w", err)
		}
		todos, err := app.FindCollectionByNameOrId("todos")
		if err != nil {
			return fmt.Errorf("likes: %w", err)
		}
		diaries, err := app.FindCollectionByNameOrId("diaries")
		if err != nil {
			return fmt.Errorf("likes: %w", err)
		}

		likes := core.NewBaseCollection("likes")

		// the liker, and whoever can see the liked todo or diary (the
		// todos and diaries visibility rules, spelled out on the target)
		visible := `user = @request.auth.id` +
			` || (todo != "" && todo.user.friendships_via_user.friend ?= @request.auth.id && (todo.user = @request.auth.id || todo.goal = "" || todo.goal.private = false))` +
			` || (diary != "" && diary.user.friendships_via_user.friend ?= @request.auth.id && (diary.user = @request.auth.id || diary.private = false))`
		likes.ListRule = types.Pointer(visible)
		likes.ViewRule = types.Pointer(visible)
		// that the target is visible to the liker is checked by the likes
		// hook, which answers exactly as for a target that does not exist
		likes.CreateRule = types.Pointer(`@request.auth.id != ""`)
		likes.UpdateRule = nil
		likes.DeleteRule = types.Pointer(`user = @request.auth.id`)

		likes.Fields.Add(
			&core.RelationField{Name: "user", CollectionId: users.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: "todo", CollectionId: todos.Id, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: "diary", CollectionId: diaries.Id, MaxSelect: 1, CascadeDelete: true},
			&core.TextField{Name: "emoji", Max: 64},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		// one like per user and target; the partial indexes leave the
		// empty side of each like out of the uniqueness check
		likes.AddIndex("idx_likes_user_todo", true, "user, todo", "todo != ''")
		likes.AddIndex("idx_likes_user_diary", true, "user, diary", "diary != ''")
		likes.AddIndex("idx_likes_user", false, "user", "")
		likes.AddIndex("idx_likes_todo", false, "todo", "")
		likes.AddIndex("idx_likes_diary", false, "diary", "")

		if err := app.Save(likes); err != nil {
			return fmt.Errorf("likes: save collection: %w", err)
		}

		return nil
	}, func(app core.App) error {
		return deleteCollection(app, "likes")
	})
}
