package realtime

import (
	"fmt"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/visibility"
)

// realtimeAudience is who may possibly see a record: a superset of those its
// rule lets in (superusers aside, who see everything).
//
// For a known rule it also sorts users into roles: the rules compare the
// auth id with the owner, the liker, the ids listed in an audience, and
// the block lists of the users involved, and nothing else (package
// visibility), so users with the same roles get the same answer from it,
// and one check answers for all of them.
type realtimeAudience struct {
	unknown  bool     // no narrower set is known: every subscriber, each asked alone
	allUsers bool     // every signed-in user may see it, but the listed
	users    []string // else the ids of the users who may see it

	owner   string
	liker   string
	listed  map[string]bool // the ids the audience names (who sees it; with allUsers, who does not)
	blocked map[string]bool // the ids in a block with the liker, or with either side of a follow
}

// role is the part of an auth record the record's rule can tell apart.
func (a realtimeAudience) role(auth *core.Record) uint8 {
	if auth == nil {
		return 0
	}
	authId := auth.Id
	var role uint8
	if authId != "" {
		role |= 1
	}
	if authId == a.owner {
		role |= 2
	}
	if authId == a.liker {
		role |= 4
	}
	if a.listed[authId] {
		role |= 8
	}
	if auth.Collection().Name == collections.Users {
		role |= 16
	}
	if a.blocked[authId] {
		role |= 32
	}
	return role
}

// realtimeAudienceOf finds the audience of a record, reading from db:
//   - a goal, todo or diary: its audience field (visibility);
//   - a like: the liker, and the audience of the liked todo or diary,
//     with those in a block with the liker set apart;
//   - a follow: every signed-in user, with those either side blocks set apart;
//   - a notification, an alarm or a routine (collections.SightRecipient):
//     its recipient;
//   - a collection whose rules are not those of the migrations (package
//     visibility), or another: every subscriber.
func realtimeAudienceOf(db dbx.Builder, record *core.Record) (realtimeAudience, error) {
	collection := record.Collection()
	if !visibility.IsMigrated(collection) {
		return realtimeAudience{unknown: true}, nil
	}

	// notifications, alarms, routines: their recipient alone
	if d, _ := collections.Describe(collection.Name); d.Sight == collections.SightRecipient {
		recipient := record.GetString(collections.FieldUser)
		return realtimeAudience{owner: recipient, users: []string{recipient}}, nil
	}

	switch collection.Name {
	case collections.Goals, collections.Todos, collections.Diaries:
		return audienceFrom(record.GetString(collections.FieldUser), record.GetString(collections.FieldAudience)), nil
	case collections.Likes:
		owner, liked, err := visibility.LikedAudience(db, record)
		if err != nil {
			return realtimeAudience{}, err
		}
		audience := audienceFrom(owner, liked)
		audience.liker = record.GetString(collections.FieldUser)
		audience.users = append(audience.users, audience.liker)
		audience.blocked, err = blockListsOf(db, collections.UsersFieldInBlockWith, audience.liker)
		return audience, err
	case collections.Follows:
		blocked, err := blockListsOf(db, collections.UsersFieldBlocking,
			record.GetString(collections.FollowsFieldFollower), record.GetString(collections.FollowsFieldFollowing))
		return realtimeAudience{allUsers: true, blocked: blocked}, err
	}

	return realtimeAudience{unknown: true}, nil
}

// audienceFrom is the realtime audience of a record of owner's that
// carries audience.
func audienceFrom(owner, audience string) realtimeAudience {
	a := realtimeAudience{owner: owner, listed: map[string]bool{}}
	a.allUsers = strings.HasPrefix(audience, "*")
	for _, id := range strings.Split(strings.TrimPrefix(audience, "*"), ",") {
		if id == "" {
			continue
		}
		a.listed[id] = true
		if !a.allUsers {
			a.users = append(a.users, id)
		}
	}
	return a
}

// blockListsOf are the ids in the block list field of the users.
func blockListsOf(db dbx.Builder, field string, users ...string) (map[string]bool, error) {
	var lists []string
	ids := make([]any, len(users))
	for i, user := range users {
		ids[i] = user
	}
	err := db.Select(field).From(collections.Users).Where(dbx.In(collections.FieldId, ids...)).Column(&lists)
	if err != nil {
		return nil, fmt.Errorf("%s of %v: %w", field, users, err)
	}
	blocked := map[string]bool{}
	for _, list := range lists {
		for _, id := range strings.Split(list, ",") {
			if id != "" {
				blocked[id] = true
			}
		}
	}
	return blocked, nil
}
