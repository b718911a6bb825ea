package pb_migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Each goal, todo and diary carries its audience: a hidden text field with
// the ids of the users who may see it, comma-separated in id order: the
// owner and their friends, or the owner alone when the goal, the todo's
// goal or the diary is private. The rules then read
//
//	@request.auth.collectionName = "users" && audience ~ @request.auth.id
//
// which SQLite answers from the record's own row, with no join. The rules
// of 1795600002-05 joined users and friendships (and goals, for a todo) for
// every row, and PocketBase adds DISTINCT to any query with a join: listing
// a friend's day cost 1.7-1.9 times listing one's own under the owner-only
// rule. This way it costs about 1.2 times (docs/architecture.md, "Audiences").
//
// Hooks keep audiences in step with friendships and privacy in the same
// transaction as the change (hooks/audiences.go). "~" is a substring match,
// exact here because every users id is 15 characters of [a-z0-9] (hooks
// refuse any other) and the ids are separated by commas; the collection
// check keeps out ids of any other auth collection.
//
// Rules an admin has changed since are left as they are: only the rules of
// the earlier migrations are replaced (and restored by down).
func init() {
	const (
		visible      = `@request.auth.collectionName = "users" && audience ~ @request.auth.id`
		likesVisible = `@request.auth.collectionName = "users" &&` +
			` (user = @request.auth.id || todo.audience ~ @request.auth.id || diary.audience ~ @request.auth.id)`

		goalsBefore   = `user.friendships_via_user.friend ?= @request.auth.id && (user = @request.auth.id || private = false)`
		todosBefore   = `user.friendships_via_user.friend ?= @request.auth.id && (user = @request.auth.id || goal = "" || goal.private = false)`
		diariesBefore = goalsBefore
		likesBefore   = `user = @request.auth.id` +
			` || (todo != "" && todo.user.friendships_via_user.friend ?= @request.auth.id && (todo.user = @request.auth.id || todo.goal = "" || todo.goal.private = false))` +
			` || (diary != "" && diary.user.friendships_via_user.friend ?= @request.auth.id && (diary.user = @request.auth.id || diary.private = false))`
	)
	rules := []struct{ collection, before, after string }{
		{"goals", goalsBefore, visible},
		{"todos", todosBefore, visible},
		{"diaries", diariesBefore, visible},
		{"likes", likesBefore, likesVisible},
	}
	carriers := []string{"goals", "todos", "diaries"}

	// The audiences of the records already there, from friendships (and
	// the goals' privacy, for todos).
	const circles = `WITH circle AS (
		SELECT user, group_concat(member, ',' ORDER BY member) AS ids FROM (
			SELECT user, friend AS member FROM friendships WHERE friend != user
			UNION SELECT id, id FROM users
		) GROUP BY user)`
	backfill := []string{
		circles + ` UPDATE goals SET audience = CASE WHEN private THEN user
			ELSE (SELECT ids FROM circle WHERE circle.user = goals.user) END`,
		circles + ` UPDATE todos SET audience = CASE
			WHEN goal != '' AND EXISTS (SELECT 1 FROM goals g WHERE g.id = todos.goal AND g.private) THEN user
			ELSE (SELECT ids FROM circle WHERE circle.user = todos.user) END`,
		circles + ` UPDATE diaries SET audience = CASE WHEN private THEN user
			ELSE (SELECT ids FROM circle WHERE circle.user = diaries.user) END`,
	}

	m.Register(func(app core.App) error {
		// an id of another shape could match part of another's audience:
		// stop here rather than leak (only an admin who loosened the users
		// id field can have made one)
		var misfits []string
		if err := app.DB().NewQuery(
			`SELECT id FROM users WHERE length(id) != 15 OR id GLOB '*[^a-z0-9]*' ORDER BY id LIMIT 5`,
		).Column(&misfits); err != nil {
			return fmt.Errorf("audiences: users ids: %w", err)
		}
		if len(misfits) > 0 {
			return fmt.Errorf("audiences: every users id must be 15 characters of [a-z0-9], and these are not: %v", misfits)
		}

		for _, name := range carriers {
			collection, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return fmt.Errorf("audiences: %w", err)
			}
			// Max: room for 1M friends, so that no save ever fails on it
			collection.Fields.Add(&core.TextField{Name: "audience", Hidden: true, Max: 16 << 20})
			if err := app.Save(collection); err != nil {
				return fmt.Errorf("audiences: field on %s: %w", name, err)
			}
		}

		for _, sql := range backfill {
			if _, err := app.DB().NewQuery(sql).Execute(); err != nil {
				return fmt.Errorf("audiences: backfill: %w", err)
			}
		}

		for _, r := range rules {
			if err := replaceRules(app, r.collection, r.before, r.after); err != nil {
				return fmt.Errorf("audiences: %w", err)
			}
		}

		return nil
	}, func(app core.App) error {
		for _, r := range rules {
			if err := replaceRules(app, r.collection, r.after, r.before); err != nil {
				return fmt.Errorf("audiences down: %w", err)
			}
		}

		for _, name := range carriers {
			collection, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return fmt.Errorf("audiences down: %w", err)
			}
			collection.Fields.RemoveByName("audience")
			if err := app.Save(collection); err != nil {
				return fmt.Errorf("audiences down: field on %s: %w", name, err)
			}
		}

		return nil
	})
}

// replaceRules sets the list and view rules of collection to to, each only
// where it is still from.
func replaceRules(app core.App, collection, from, to string) error {
	c, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		return err
	}

	changed := false
	for _, rule := range []**string{&c.ListRule, &c.ViewRule} {
		if *rule != nil && **rule == from {
			*rule = types.Pointer(to)
			changed = true
		}
	}
	if !changed {
		app.Logger().Warn("rules changed by an admin are kept as they are", "collection", collection)
		return nil
	}

	if err := app.Save(c); err != nil {
		return fmt.Errorf("rules of %s: %w", collection, err)
	}
	return nil
}
