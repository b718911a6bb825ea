package hooks

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/visibility"
)

// realtimeAudience is who may possibly see a record: a superset of those its
// rule lets in (superusers aside, who see everything).
//
// For a known rule it also sorts users into roles: the rule compares the
// auth id with the owner, the liker and the owner's friends and nothing
// else, so users with the same roles get the same answer from it, and one
// check answers for all of them.
type realtimeAudience struct {
	everyone bool     // no narrower set is known: every subscriber
	users    []string // else the ids of the users who may see it

	owner   string
	liker   string
	friends map[string]struct{} // the owner's rows in friendships

}

// role is the part of an auth record the record's rule can tell apart:
// whether it is a user, the owner, the liker, in the owner's friendships.
func (a realtimeAudience) role(auth *core.Record) uint8 {
	if auth == nil {
		return 0
	}
	authId := auth.Id
	var role uint8
	if authId != "" {
		role |= 1
	}
	if auth.Collection().Name == collections.Users {
		role |= 16
	}
	if authId == a.owner {
		role |= 2
	}
	if authId == a.liker {
		role |= 4
	}
	if _, ok := a.friends[authId]; ok {
		role |= 8
	}
	return role
}

// realtimeAudienceOf finds the audience of a record, reading from db:
//   - a goal, todo or diary: its owner and the owner's friends;
//   - a like: the liker, and the owner of the liked todo or diary and their friends;
//   - anything else (a follow: every signed-in user), or a collection whose
//     rules are not those of the migrations (package visibility): every subscriber.
func realtimeAudienceOf(db dbx.Builder, record *core.Record) (realtimeAudience, error) {
	collection := record.Collection()
	if !visibility.IsMigrated(collection) {
		return realtimeAudience{everyone: true}, nil
	}

	switch collection.Name {
	case collections.Goals, collections.Todos, collections.Diaries:
		return ownerAndFriends(db, record.GetString(collections.FieldUser))
	case collections.Likes:
		owner, err := likedOwner(db, record)
		if err != nil {
			return realtimeAudience{}, err
		}
		audience, err := ownerAndFriends(db, owner)
		if err != nil {
			return audience, err
		}
		audience.liker = record.GetString(collections.FieldUser)
		audience.users = append(audience.users, audience.liker)
		return audience, nil
	}

	return realtimeAudience{everyone: true}, nil
}

func ownerAndFriends(db dbx.Builder, owner string) (realtimeAudience, error) {
	if owner == "" {
		return realtimeAudience{}, nil
	}

	var friends []string
	err := db.
		Select(collections.FriendshipsFieldFriend).
		From(collections.Friendships).
		Where(dbx.HashExp{collections.FieldUser: owner}).
		Column(&friends)
	if err != nil {
		return realtimeAudience{}, fmt.Errorf("friends of %s: %w", owner, err)
	}

	audience := realtimeAudience{
		users:   append(friends, owner),
		owner:   owner,
		friends: make(map[string]struct{}, len(friends)),
	}
	for _, friend := range friends {
		audience.friends[friend] = struct{}{}
	}

	return audience, nil
}

// likedOwner is the owner of the todo or diary a like is on, "" if it is
// gone.
func likedOwner(db dbx.Builder, like *core.Record) (string, error) {
	for _, target := range collections.LikesTargets {
		id := like.GetString(target.Field)
		if id == "" {
			continue
		}

		var owner string
		err := db.
			Select(collections.FieldUser).
			From(target.Collection).
			Where(dbx.HashExp{collections.FieldId: id}).
			Limit(1).
			Row(&owner)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return "", fmt.Errorf("owner of liked %s %s: %w", target.Collection, id, err)
		}
		return owner, nil
	}

	return "", nil
}
