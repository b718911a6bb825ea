package hooks

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/visibility"
)

// bindAudiences keeps every goal's, todo's and diary's audience (the
// hidden field that the rules read, collections.FieldAudience: the owner
// and the owner's friends, or the owner alone when private) equal to what
// friendships and privacy say, in the same transaction as the write that
// changes either:
//   - a saved goal, todo or diary gets its own audience;
//   - a saved goal passes its privacy on to its todos;
//   - a friendship made or ended rewrites the audiences of the owner's
//     records (a deleted user's friendships end in the delete's
//     cascade, so no audience keeps a deleted id that a new user could take;
//     the deleted user's own records, about to go, are left alone).
//
// Writes that go around PocketBase's models (raw SQL, another process)
// must call RefreshAudiences themselves, or write the audiences as these
// hooks would (seed does, and seed.Check verifies them).
//
// Each write that takes users out of records' audiences tells losses, if
// any, which: they may no longer see those records (realtime tells their
// open screens to drop them).
func bindAudiences(app core.App, losses audienceLossListener) {
	writeWithAudience := func(e *core.RecordEvent) error {
		return writeWithAudience(e, losses)
	}
	for _, name := range collections.AudienceCarriers {
		app.OnRecordCreateExecute(name).BindFunc(writeWithAudience)
		app.OnRecordUpdateExecute(name).BindFunc(writeWithAudience)
	}

	// a record whose privacy others take (a goal: its todos') passes it on
	for _, d := range collections.Descriptions {
		if d.Sight != collections.SightAudience || d.PrivateVia.Field == "" {
			continue
		}
		taker, via := d.Name, d.PrivateVia
		app.OnRecordUpdateExecute(via.Collection).BindFunc(func(e *core.RecordEvent) error {
			return thenInSameTransaction(e, func(txApp core.App, given *core.Record) error {
				owner := given.GetString(collections.FieldUser)
				circle, err := visibility.CircleOf(txApp, owner)
				if err != nil {
					return err
				}
				return refreshAudiences(txApp, losses, taker, owner, circle, via.Field, given.Id)
			})
		})
	}

	refreshFriendshipOwner := func(e *core.RecordEvent) error {
		return thenInSameTransaction(e, func(txApp core.App, friendship *core.Record) error {
			owner := friendship.GetString(collections.FieldUser)
			if owner == friendship.GetString(collections.FriendshipsFieldFriend) {
				return nil // a self row: the owner is in every audience of theirs anyway
			}
			// a deleted user's friendships end in the cascade of the
			// delete, which removes the user's row first and their records
			// after: rewriting those once per friend would be wasted
			if _, err := txApp.FindRecordById(collections.Users, owner); errors.Is(err, sql.ErrNoRows) {
				return nil
			} else if err != nil {
				return fmt.Errorf("audiences of %s: %w", owner, err)
			}
			return refreshOwnerAudiences(txApp, losses, owner)
		})
	}
	app.OnRecordCreateExecute(collections.Friendships).BindFunc(refreshFriendshipOwner)
	app.OnRecordDeleteExecute(collections.Friendships).BindFunc(refreshFriendshipOwner)

	app.OnRecordValidate(collections.Users).BindFunc(func(e *core.RecordEvent) error {
		own := validation.Errors{}
		if !collections.UserIdPattern.MatchString(e.Record.Id) {
			own[collections.FieldId] = errUserIdShape
		}
		return validateAlongside(e, own)
	})
}

// RefreshAudiences rewrites the audiences of all the goals, todos and
// diaries of owners (of every user when none are named) from friendships
// and privacy. Only rows whose audience changes are written.
func RefreshAudiences(app core.App, owners ...string) error {
	if len(owners) == 0 {
		if err := app.DB().Select(collections.FieldId).From(collections.Users).
			OrderBy(collections.FieldId).Column(&owners); err != nil {
			return fmt.Errorf("audiences of every user: %w", err)
		}
	}

	for _, owner := range owners {
		if err := refreshOwnerAudiences(app, nil, owner); err != nil {
			return err
		}
	}
	return nil
}

func refreshOwnerAudiences(app core.App, losses audienceLossListener, owner string) error {
	circle, err := visibility.CircleOf(app, owner)
	if err != nil {
		return err
	}
	for _, name := range collections.AudienceCarriers {
		if err := refreshAudiences(app, losses, name, owner, circle, collections.FieldUser, owner); err != nil {
			return err
		}
	}
	return nil
}

// writeWithAudience gives a goal, todo or diary about to be written its
// audience, read in the transaction that writes it (no friendship can
// change in between), so that the write itself carries it.
func writeWithAudience(e *core.RecordEvent, losses audienceLossListener) error {
	if !carriesAudience(e.Record.Collection()) {
		return e.Next()
	}

	originalApp := e.App
	defer func() { e.App = originalApp }()

	return e.App.RunInTransaction(func(txApp core.App) error {
		audience, err := visibility.AudienceOf(txApp, e.Record)
		if err != nil {
			return err
		}
		before := e.Record.Original().GetString(collections.FieldAudience)
		e.Record.Set(collections.FieldAudience, audience)

		e.App = txApp
		if err := e.Next(); err != nil {
			return err
		}
		if !e.Record.IsNew() && losses != nil && losses.listens(txApp, e.Record.Collection()) {
			if lost := leftAudience(before, audience); len(lost) > 0 {
				return losses.lost(txApp, e.Record.Collection(), []audienceLoss{{recordId: e.Record.Id, users: lost}})
			}
		}
		return nil
	})
}

// refreshAudiences rewrites the audiences of owner's records in the
// collection name whose column equals value, given the owner's circle.
func refreshAudiences(txApp core.App, losses audienceLossListener, name, owner, circle, column, value string) error {
	collection, err := txApp.FindCachedCollectionByNameOrId(name)
	if err != nil {
		return fmt.Errorf("audiences of %s of %s: %w", name, owner, err)
	}
	if !carriesAudience(collection) {
		return nil
	}

	audience := visibility.AudienceSQL(name)
	params := dbx.Params{"owner": owner, "circle": circle, "value": value}
	changing := " WHERE [[" + column + "]] = {:value} AND audience != " + audience

	// who leaves which audience is read before the rewrite, and only when
	// someone listens: a friendship change rewrites every record of its owner
	var changes []struct {
		Id     string `db:"id"`
		Before string `db:"before"`
		After  string `db:"after"`
	}
	listening := losses != nil && losses.listens(txApp, collection)
	if listening {
		err := txApp.DB().NewQuery("SELECT id, audience AS before, " + audience + " AS after FROM " + name + changing).
			Bind(params).All(&changes)
		if err != nil {
			return fmt.Errorf("audience changes of %s of %s: %w", name, owner, err)
		}
	}

	if _, err := txApp.DB().NewQuery("UPDATE " + name + " SET audience = " + audience + changing).Bind(params).Execute(); err != nil {
		return fmt.Errorf("audiences of %s of %s: %w", name, owner, err)
	}

	if listening {
		var lost []audienceLoss
		for _, change := range changes {
			if users := leftAudience(change.Before, change.After); len(users) > 0 {
				lost = append(lost, audienceLoss{recordId: change.Id, users: users})
			}
		}
		if len(lost) > 0 {
			return losses.lost(txApp, collection, lost)
		}
	}
	return nil
}

// audienceLoss is one record and the users a write took out of its
// audience.
type audienceLoss struct {
	recordId string
	users    []string
}

// audienceLossListener hears, inside the transaction of a write, which
// users the write took out of which records' audiences. (The realtime hub:
// it tells those users' open screens to drop the records once the write
// commits.)
type audienceLossListener interface {
	// listens reports whether losses in collection are of interest now;
	// when not, they are not even computed.
	listens(txApp core.App, collection *core.Collection) bool
	lost(txApp core.App, collection *core.Collection, losses []audienceLoss) error
}

// leftAudience are the ids in the audience before that are not in the
// one after (both comma-separated).
func leftAudience(before, after string) []string {
	if before == "" || before == after {
		return nil
	}
	staying := map[string]bool{}
	for _, id := range strings.Split(after, ",") {
		staying[id] = true
	}
	var left []string
	for _, id := range strings.Split(before, ",") {
		if id != "" && !staying[id] {
			left = append(left, id)
		}
	}
	return left
}

// carriesAudience reports whether collection still has its audience field:
// an admin may have dropped it, with the rules that read it, and writes
// must go on without it.
func carriesAudience(collection *core.Collection) bool {
	return collection.Fields.GetByName(collections.FieldAudience) != nil
}
