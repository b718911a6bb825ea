package hooks

import (
	"database/sql"
	"errors"
	"fmt"

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
func bindAudiences(app core.App, losses visibility.LossListener) {
	writeWithAudience := func(e *core.RecordEvent) error {
		return writeWithAudience(e, losses)
	}
	for _, name := range collections.AudienceCarriers {
		app.OnRecordCreateExecute(name).BindFunc(writeWithAudience)
		app.OnRecordUpdateExecute(name).BindFunc(writeWithAudience)
	}

	// a record whose level others take (a goal: its todos') passes it on
	for _, d := range collections.Descriptions {
		if d.Sight != collections.SightAudience || d.LevelVia.Field == "" {
			continue
		}
		taker, via := d.Name, d.LevelVia
		app.OnRecordUpdateExecute(via.Collection).BindFunc(func(e *core.RecordEvent) error {
			return thenInSameTransaction(e, func(txApp core.App, given *core.Record) error {
				owner := given.GetString(collections.FieldUser)
				audiences, err := visibility.AudiencesOf(txApp, owner)
				if err != nil {
					return err
				}
				return refreshAudiences(txApp, losses, taker, owner, audiences, via.Field, given.Id, true)
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
			return refreshOwnerAudiences(txApp, losses, owner, false) // a friendship changes circles, not levels
		})
	}
	app.OnRecordCreateExecute(collections.Friendships).BindFunc(refreshFriendshipOwner)
	app.OnRecordDeleteExecute(collections.Friendships).BindFunc(refreshFriendshipOwner)

	app.OnRecordValidate(collections.Users).BindFunc(func(e *core.RecordEvent) error {
		own := validation.Errors{}
		if !collections.UserIdPattern.MatchString(e.Record.Id) {
			own[collections.FieldId] = collections.ErrUserIdShape
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
		if err := refreshOwnerAudiences(app, nil, owner, true); err != nil {
			return err
		}
	}
	return nil
}

// refreshOwnerAudiences rewrites the audiences of owner's records, and with
// withLevels the levels that todos take from their goals too (a repair:
// writes through the hooks keep those right themselves).
func refreshOwnerAudiences(app core.App, losses visibility.LossListener, owner string, withLevels bool) error {
	audiences, err := visibility.AudiencesOf(app, owner)
	if err != nil {
		return err
	}
	for _, name := range collections.AudienceCarriers {
		if err := refreshAudiences(app, losses, name, owner, audiences, collections.FieldUser, owner, withLevels); err != nil {
			return err
		}
	}
	return nil
}

// writeWithAudience gives a goal, todo or diary about to be written its
// audience, read in the transaction that writes it (no friendship can
// change in between), so that the write itself carries it.
func writeWithAudience(e *core.RecordEvent, losses visibility.LossListener) error {
	if !carriesAudience(e.Record.Collection()) {
		return e.Next()
	}

	originalApp := e.App
	defer func() { e.App = originalApp }()

	return e.App.RunInTransaction(func(txApp core.App) error {
		level, audience, err := visibility.AudienceOf(txApp, e.Record)
		if err != nil {
			return err
		}
		before := e.Record.Original().GetString(collections.FieldAudience)
		e.Record.Set(collections.FieldAudience, audience)
		if takesLevel(e.Record.Collection().Name) {
			e.Record.Set(collections.FieldVisibility, level) // read-only: its LevelVia record's
		}

		e.App = txApp
		if err := e.Next(); err != nil {
			return err
		}
		if !e.Record.IsNew() && losses != nil && losses.Listens(txApp, e.Record.Collection()) {
			if loss, ok := visibility.LeftAudience(e.Record.Id, before, audience); ok {
				return losses.Lost(txApp, e.Record.Collection(), []visibility.Loss{loss})
			}
		}
		return nil
	})
}

// refreshAudiences rewrites the audiences of owner's records in the
// collection name whose column equals value, given the owner's audiences,
// and with withLevels the todos' levels too (three more lookups of the
// goal per row: a friendship change leaves them out).
func refreshAudiences(txApp core.App, losses visibility.LossListener, name, owner string, audiences visibility.Audiences, column, value string, withLevels bool) error {
	collection, err := txApp.FindCachedCollectionByNameOrId(name)
	if err != nil {
		return fmt.Errorf("audiences of %s of %s: %w", name, owner, err)
	}
	if !carriesAudience(collection) {
		return nil
	}

	audience := visibility.AudienceSQL(name)
	params := audiences.Params(owner)
	params["value"] = value
	changing := " WHERE [[" + column + "]] = {:value} AND audience != " + audience
	set := "audience = " + audience
	if withLevels && takesLevel(name) {
		level := visibility.LevelSQL(name, name)
		changing = " WHERE [[" + column + "]] = {:value} AND (audience != " + audience + " OR visibility IS NOT " + level + ")"
		set += ", visibility = " + level
	}

	// who leaves which audience is read before the rewrite, and only when
	// someone listens: a friendship change rewrites every record of its owner
	var changes []struct {
		Id     string `db:"id"`
		Before string `db:"before"`
		After  string `db:"after"`
	}
	listening := losses != nil && losses.Listens(txApp, collection)
	if listening {
		err := txApp.DB().NewQuery("SELECT id, audience AS before, " + audience + " AS after FROM " + name + changing).
			Bind(params).All(&changes)
		if err != nil {
			return fmt.Errorf("audience changes of %s of %s: %w", name, owner, err)
		}
	}

	if _, err := txApp.DB().NewQuery("UPDATE " + name + " SET " + set + changing).Bind(params).Execute(); err != nil {
		return fmt.Errorf("audiences of %s of %s: %w", name, owner, err)
	}

	if listening {
		var lost []visibility.Loss
		for _, change := range changes {
			if loss, ok := visibility.LeftAudience(change.Id, change.Before, change.After); ok {
				lost = append(lost, loss)
			}
		}
		if len(lost) > 0 {
			return losses.Lost(txApp, collection, lost)
		}
	}
	return nil
}

// carriesAudience reports whether collection still has its audience field:
// an admin may have dropped it, with the rules that read it, and writes
// must go on without it.
// takesLevel reports whether the carrier name's level is another record's
// (a todo's is its goal's), kept in its own visibility field.
func takesLevel(name string) bool {
	d, _ := collections.Describe(name)
	return d.LevelVia.Field != ""
}

func carriesAudience(collection *core.Collection) bool {
	return collection.Fields.GetByName(collections.FieldAudience) != nil
}
