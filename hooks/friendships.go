package hooks

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
)

// bindFriendships gives every new user their self row in friendships, in the
// same transaction as the user: the visibility rules read "the auth user is
// in the owner's friendships", which must hold for the owner from the start.
// Friendships between users follow the follows (follows.go).
func bindFriendships(app core.App) {
	app.OnRecordCreateExecute(collections.Users).BindFunc(func(e *core.RecordEvent) error {
		originalApp := e.App
		defer func() { e.App = originalApp }()

		return e.App.RunInTransaction(func(txApp core.App) error {
			e.App = txApp
			if err := e.Next(); err != nil {
				return err
			}
			return saveFriendship(txApp, e.Record.Id, e.Record.Id)
		})
	})
}

// saveFriendship writes the row "friend may see user's friend-visible records".
func saveFriendship(txApp core.App, user, friend string) error {
	friendships, err := txApp.FindCachedCollectionByNameOrId(collections.Friendships)
	if err != nil {
		return fmt.Errorf("friendship %s-%s: %w", user, friend, err)
	}

	friendship := core.NewRecord(friendships)
	friendship.Set(collections.FieldUser, user)
	friendship.Set(collections.FriendshipsFieldFriend, friend)
	if err := txApp.Save(friendship); err != nil {
		return fmt.Errorf("friendship %s-%s: %w", user, friend, err)
	}

	return nil
}
