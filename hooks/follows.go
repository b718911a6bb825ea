package hooks

import (
	"fmt"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
)

func bindFollows(app core.App) {
	app.OnRecordValidate(collections.Follows).BindFunc(func(e *core.RecordEvent) error {
		own := validation.Errors{}
		following := e.Record.GetString(collections.FollowsFieldFollowing)
		if following != "" && following == e.Record.GetString(collections.FollowsFieldFollower) {
			own[collections.FollowsFieldFollowing] = collections.ErrSelfFollow
		}
		return validateAlongside(e, own)
	})

	// A follow that closes a mutual pair creates the friendship, in the same
	// transaction as the follow itself: no reader ever sees one without the
	// other.
	app.OnRecordCreateExecute(collections.Follows).BindFunc(func(e *core.RecordEvent) error {
		return thenInSameTransaction(e, befriendIfMutual)
	})

	// Unfollowing (or removing a follower, or a deleted user's cascade) ends
	// the friendship in the same transaction.
	app.OnRecordDeleteExecute(collections.Follows).BindFunc(func(e *core.RecordEvent) error {
		return thenInSameTransaction(e, unfriend)
	})
}

func befriendIfMutual(txApp core.App, follow *core.Record) error {
	follower := follow.GetString(collections.FollowsFieldFollower)
	following := follow.GetString(collections.FollowsFieldFollowing)

	var mutual int
	err := txApp.DB().
		Select("count(*)").
		From(collections.Follows).
		Where(dbx.HashExp{
			collections.FollowsFieldFollower:  following,
			collections.FollowsFieldFollowing: follower,
		}).
		Row(&mutual)
	if err != nil {
		return fmt.Errorf("befriend %s and %s: %w", follower, following, err)
	}
	if mutual == 0 {
		return nil
	}

	for _, pair := range [][2]string{{follower, following}, {following, follower}} {
		if err := saveFriendship(txApp, pair[0], pair[1]); err != nil {
			return fmt.Errorf("befriend: %w", err)
		}
	}

	return nil
}

func unfriend(txApp core.App, follow *core.Record) error {
	follower := follow.GetString(collections.FollowsFieldFollower)
	following := follow.GetString(collections.FollowsFieldFollowing)

	records, err := txApp.FindAllRecords(collections.Friendships, dbx.Or(
		dbx.HashExp{collections.FieldUser: follower, collections.FriendshipsFieldFriend: following},
		dbx.HashExp{collections.FieldUser: following, collections.FriendshipsFieldFriend: follower},
	))
	if err != nil {
		return fmt.Errorf("unfriend %s and %s: %w", follower, following, err)
	}

	for _, friendship := range records {
		if err := txApp.Delete(friendship); err != nil {
			return fmt.Errorf("unfriend %s and %s: %w", follower, following, err)
		}
	}

	return nil
}
