package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Visibility levels and blocks (SPEC: "visibility levels", "blocks").
//
// Goals and diaries get `visibility`: me, friends or everyone; `private`
// stays, an alias the hooks keep equal to visibility = "me". Existing
// records get "me" where private, else "friends", so every audience already
// written stays right.
//
// A `blocks` collection, and two hidden fields on users that hooks derive
// from it in the block's transaction, for the rules: `blocking` (the ids
// the user blocks) and `in_block_with` (every id in a block with the user,
// either way).
//
// An audience is now a list of ids or, for an "everyone" record, "*" and
// the ids that may not see it (package visibility); the rules read both
// forms and the block lists. Rules an admin has changed since are left as
// they are: only the rules of the earlier migrations are replaced (and
// restored by down).
func init() {
	const (
		signedIn           = `@request.auth.id != ""`
		audienceBefore     = `@request.auth.collectionName = "users" && audience ~ @request.auth.id`
		likesBefore        = `@request.auth.collectionName = "users" && (user = @request.auth.id || todo.audience ~ @request.auth.id || diary.audience ~ @request.auth.id)`
		users              = `@request.auth.id != "" && blocking !~ @request.auth.id`
		follows            = `@request.auth.id != "" && follower.blocking !~ @request.auth.id && following.blocking !~ @request.auth.id`
		inAudience         = `@request.auth.collectionName = "users" && ((audience ~ @request.auth.id && audience !~ "*") || (audience ~ "*" && audience !~ @request.auth.id))`
		likes              = `@request.auth.collectionName = "users" && (user = @request.auth.id || (user.in_block_with !~ @request.auth.id && (((todo.audience ~ @request.auth.id && todo.audience !~ "*") || (todo.audience ~ "*" && todo.audience !~ @request.auth.id)) || ((diary.audience ~ @request.auth.id && diary.audience !~ "*") || (diary.audience ~ "*" && diary.audience !~ @request.auth.id)))))`
		blocksVisible      = `blocker = @request.auth.id`
		blocksCreate       = `@request.auth.collectionName = "users"`
		blocksDelete       = blocksVisible
		usersHiddenMaxSize = 16 << 20 // room for 1M ids, so that no save ever fails on it
	)
	rules := []struct{ collection, before, after string }{
		{"users", signedIn, users},
		{"follows", signedIn, follows},
		{"goals", audienceBefore, inAudience},
		{"todos", audienceBefore, inAudience},
		{"diaries", audienceBefore, inAudience},
		{"likes", likesBefore, likes},
	}
	leveled := []string{"goals", "diaries"}

	m.Register(func(app core.App) error {
		for _, name := range leveled {
			collection, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return fmt.Errorf("visibility levels: %w", err)
			}
			collection.Fields.Add(&core.SelectField{Name: "visibility", MaxSelect: 1, Values: []string{"me", "friends", "everyone"}})
			if err := app.Save(collection); err != nil {
				return fmt.Errorf("visibility levels: field on %s: %w", name, err)
			}
			if _, err := app.DB().NewQuery(
				`UPDATE ` + name + ` SET visibility = CASE WHEN private THEN 'me' ELSE 'friends' END`,
			).Execute(); err != nil {
				return fmt.Errorf("visibility levels: backfill of %s: %w", name, err)
			}
		}

		usersCollection, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return fmt.Errorf("blocks: %w", err)
		}
		usersCollection.Fields.Add(
			&core.TextField{Name: "blocking", Hidden: true, Max: usersHiddenMaxSize},
			&core.TextField{Name: "in_block_with", Hidden: true, Max: usersHiddenMaxSize},
		)
		if err := app.Save(usersCollection); err != nil {
			return fmt.Errorf("blocks: fields on users: %w", err)
		}

		blocks := core.NewBaseCollection("blocks")
		blocks.ListRule = types.Pointer(blocksVisible)
		blocks.ViewRule = types.Pointer(blocksVisible)
		// the blocker is set and checked by the authors hook
		blocks.CreateRule = types.Pointer(blocksCreate)
		blocks.UpdateRule = nil
		blocks.DeleteRule = types.Pointer(blocksDelete)
		blocks.Fields.Add(
			&core.RelationField{Name: "blocker", CollectionId: usersCollection.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: "blocked", CollectionId: usersCollection.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		blocks.AddIndex("idx_blocks_blocker_blocked", true, "blocker, blocked", "")
		blocks.AddIndex("idx_blocks_blocked", false, "blocked", "")
		if err := app.Save(blocks); err != nil {
			return fmt.Errorf("blocks: save collection: %w", err)
		}

		for _, r := range rules {
			if err := replaceRules(app, r.collection, r.before, r.after); err != nil {
				return fmt.Errorf("visibility levels and blocks: %w", err)
			}
		}
		return nil
	}, func(app core.App) error {
		for _, r := range rules {
			if err := replaceRules(app, r.collection, r.after, r.before); err != nil {
				return fmt.Errorf("visibility levels and blocks down: %w", err)
			}
		}
		if err := deleteCollection(app, "blocks"); err != nil {
			return err
		}
		usersCollection, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return fmt.Errorf("blocks down: %w", err)
		}
		usersCollection.Fields.RemoveByName("blocking")
		usersCollection.Fields.RemoveByName("in_block_with")
		if err := app.Save(usersCollection); err != nil {
			return fmt.Errorf("blocks down: fields on users: %w", err)
		}
		for _, name := range leveled {
			collection, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return fmt.Errorf("visibility levels down: %w", err)
			}
			collection.Fields.RemoveByName("visibility")
			if err := app.Save(collection); err != nil {
				return fmt.Errorf("visibility levels down: field on %s: %w", name, err)
			}
		}
		return nil
	})
}
