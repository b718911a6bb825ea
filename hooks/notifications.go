package hooks

import (
	"fmt"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
)

// bindNotifications keeps the notifications (collections.Notifications) in
// step with what makes them: a like tells the owner of what it cheers, a
// follow the followed user (a follow back says "friend", not "follow"),
// each written in the transaction of the like or follow, so it exists when
// that request returns, and deleted in the transaction that deletes it. A
// block deletes every notification between the two: likes and follows
// across a block are refused, and what was made before it goes.
func bindNotifications(app core.App) {
	app.OnRecordCreateExecute(collections.Likes).BindFunc(func(e *core.RecordEvent) error {
		return thenInSameTransaction(e, notifyCheer)
	})
	app.OnRecordDeleteExecute(collections.Likes).BindFunc(func(e *core.RecordEvent) error {
		return thenInSameTransaction(e, unnotifyCheer)
	})
	app.OnRecordCreateExecute(collections.Follows).BindFunc(func(e *core.RecordEvent) error {
		return thenInSameTransaction(e, notifyFollow)
	})
	app.OnRecordDeleteExecute(collections.Follows).BindFunc(func(e *core.RecordEvent) error {
		return thenInSameTransaction(e, unnotifyFollow)
	})
	app.OnRecordCreateExecute(collections.Blocks).BindFunc(func(e *core.RecordEvent) error {
		return thenInSameTransaction(e, func(txApp core.App, block *core.Record) error {
			blocker, blocked := blockSides(block)
			return deleteNotifications(txApp, dbx.Or(
				dbx.HashExp{collections.FieldUser: blocker, collections.NotificationsFieldActor: blocked},
				dbx.HashExp{collections.FieldUser: blocked, collections.NotificationsFieldActor: blocker},
			))
		})
	})

	// The recipient marks a notification read, and changes nothing else
	// (superusers, in the dashboard, anything).
	app.OnRecordUpdateRequest(collections.Notifications).BindFunc(func(e *core.RecordRequestEvent) error {
		if e.HasSuperuserAuth() {
			return e.Next()
		}
		original := e.Record.Original()
		changed := validation.Errors{}
		for _, field := range e.Record.Collection().Fields {
			name := field.GetName()
			if name == collections.NotificationsFieldRead || name == "updated" {
				continue
			}
			if fmt.Sprint(original.Get(name)) != fmt.Sprint(e.Record.Get(name)) {
				changed[name] = collections.ErrImmutable
			}
		}
		if len(changed) > 0 {
			return e.BadRequestError("Failed to update record.", changed)
		}
		return e.Next()
	})
}

// notifyCheer tells the owner of what like cheers, unless they cheered it
// themself.
func notifyCheer(txApp core.App, like *core.Record) error {
	liker := like.GetString(collections.FieldUser)
	for _, target := range collections.LikesTargets {
		id := like.GetString(target.Field)
		if id == "" {
			continue
		}
		var owner string
		err := txApp.DB().Select(collections.FieldUser).From(target.Collection).
			Where(dbx.HashExp{"id": id}).Row(&owner)
		if err != nil {
			return fmt.Errorf("cheer notification for %s %s: %w", target.Collection, id, err)
		}
		if owner == liker {
			return nil
		}
		return saveNotification(txApp, map[string]any{
			collections.FieldUser:               owner,
			collections.NotificationsFieldKind:  collections.NotificationCheer,
			collections.NotificationsFieldActor: liker,
			target.Field:                        id,
			collections.FieldEmoji:              like.GetString(collections.FieldEmoji), // never empty: bindLikes
		})
	}
	return nil
}

// unnotifyCheer deletes the notification like made (one like per user and
// target: the liker and the target name it).
func unnotifyCheer(txApp core.App, like *core.Record) error {
	for _, target := range collections.LikesTargets {
		if id := like.GetString(target.Field); id != "" {
			return deleteNotifications(txApp, dbx.HashExp{
				collections.NotificationsFieldKind:  collections.NotificationCheer,
				collections.NotificationsFieldActor: like.GetString(collections.FieldUser),
				target.Field:                        id,
			})
		}
	}
	return nil
}

// notifyFollow tells the followed user: a new friend when they already
// follow the follower, else a new follower.
func notifyFollow(txApp core.App, follow *core.Record) error {
	follower := follow.GetString(collections.FollowsFieldFollower)
	following := follow.GetString(collections.FollowsFieldFollowing)
	var back int
	err := txApp.DB().Select("count(*)").From(collections.Follows).Where(dbx.HashExp{
		collections.FollowsFieldFollower:  following,
		collections.FollowsFieldFollowing: follower,
	}).Row(&back)
	if err != nil {
		return fmt.Errorf("follow notification for %s: %w", following, err)
	}
	kind := collections.NotificationFollow
	if back > 0 {
		kind = collections.NotificationFriend
	}
	return saveNotification(txApp, map[string]any{
		collections.FieldUser:               following,
		collections.NotificationsFieldKind:  kind,
		collections.NotificationsFieldActor: follower,
	})
}

// unnotifyFollow deletes the notification follow made.
func unnotifyFollow(txApp core.App, follow *core.Record) error {
	return deleteNotifications(txApp, dbx.HashExp{
		collections.FieldUser:               follow.GetString(collections.FollowsFieldFollowing),
		collections.NotificationsFieldActor: follow.GetString(collections.FollowsFieldFollower),
		collections.NotificationsFieldKind:  []any{collections.NotificationFollow, collections.NotificationFriend},
	})
}

func saveNotification(txApp core.App, fields map[string]any) error {
	notifications, err := txApp.FindCachedCollectionByNameOrId(collections.Notifications)
	if err != nil {
		return fmt.Errorf("notification: %w", err)
	}
	notification := core.NewRecord(notifications)
	notification.Load(fields)
	if err := txApp.Save(notification); err != nil {
		return fmt.Errorf("notification for %s: %w", fields[collections.FieldUser], err)
	}
	return nil
}

// deleteNotifications deletes the notifications where holds, one by one,
// so that their recipients' open screens hear of it.
func deleteNotifications(txApp core.App, where dbx.Expression) error {
	records, err := txApp.FindAllRecords(collections.Notifications, where)
	if err != nil {
		return fmt.Errorf("notifications to delete: %w", err)
	}
	for _, notification := range records {
		if err := txApp.Delete(notification); err != nil {
			return fmt.Errorf("delete notification %s: %w", notification.Id, err)
		}
	}
	return nil
}
