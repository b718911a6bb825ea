package hooks

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
)

// bindFriendships gives every new user their self row in friendships, in the
// same transaction as the user: the routes' direct SQL and realtime read
// "the viewer is in the owner's friendships" for the owner too, from the
// start. (Audiences add the owner themselves, audiences.go.)
// Friendships between users follow the follows (follows.go).
func bindFriendships(app core.App) {
	app.OnRecordCreateExecute(collections.Users).BindFunc(func(e *core.RecordEvent) error {
		return thenInSameTransaction(e, func(txApp core.App, user *core.Record) error {
			return saveFriendship(txApp, user.Id, user.Id)
		})
	})
}

// thenInSameTransaction runs the rest of an execute hook chain (the write
// itself) and then derive, in one transaction: both are committed or
// neither, and no reader ever sees one without the other. It is how
// PocketBase itself cascades deletes (onRecordDeleteExecute).
func thenInSameTransaction(e *core.RecordEvent, derive func(txApp core.App, record *core.Record) error) error {
	originalApp := e.App
	defer func() { e.App = originalApp }()

	return e.App.RunInTransaction(func(txApp core.App) error {
		e.App = txApp
		if err := e.Next(); err != nil {
			return err
		}
		return derive(txApp, e.Record)
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
