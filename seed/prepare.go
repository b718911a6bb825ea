package seed

import (
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
)

// ErrNotEmpty is returned when the database already has todomate data and
// Force is not set.
var ErrNotEmpty = errors.New("seed: the database already has todomate data (users, todos, ...); use --force to delete it and seed anew")

// todomateTables are the tables seed writes, dependents first.
var todomateTables = []string{
	collections.Notifications, collections.Likes, collections.Todos, collections.Routines, collections.Diaries, collections.Goals,
	collections.Blocks, collections.Friendships, collections.Follows, collections.Users,
}

// prepare refuses a database with todomate data, or with force deletes
// that data: every user and everything they own, their files, and their
// auth leftovers (OTPs, MFAs, OAuth2 links, auth origins). Superusers,
// settings and other collections are kept. It runs inside the seed's
// transaction, so a failed seed deletes no rows; it reports whether it
// deleted, so that the files go (with deleteFiles) once the seed committed.
func prepare(tx core.App, force bool) (wiped bool, err error) {
	var rows int
	for _, table := range todomateTables {
		var n int
		if err := tx.DB().Select("count(*)").From(table).Row(&n); err != nil {
			return false, fmt.Errorf("seed: count %s: %w", table, err)
		}
		rows += n
	}
	if rows == 0 {
		return false, nil
	}
	if !force {
		return false, ErrNotEmpty
	}

	users, err := tx.FindCachedCollectionByNameOrId(collections.Users)
	if err != nil {
		return false, fmt.Errorf("seed: %w", err)
	}

	// rows are deleted with SQL, not one model at a time: every table of
	// todomate goes whole, so no cascade is left to follow
	for _, table := range todomateTables {
		if _, err := tx.DB().Delete(table, nil).Execute(); err != nil {
			return false, fmt.Errorf("seed: delete %s: %w", table, err)
		}
	}
	for _, table := range []string{
		core.CollectionNameAuthOrigins, core.CollectionNameExternalAuths,
		core.CollectionNameMFAs, core.CollectionNameOTPs,
	} {
		if _, err := tx.DB().Delete(table, dbx.HashExp{"collectionRef": users.Id}).Execute(); err != nil {
			return false, fmt.Errorf("seed: delete %s of users: %w", table, err)
		}
	}

	return true, nil
}

// deleteFiles removes the uploaded files (avatars, diary photos) of the
// records prepare deleted. Files are outside the transaction: this runs
// after the commit, when their records are gone for good.
func deleteFiles(app core.App, names ...string) error {
	fsys, err := app.NewFilesystem()
	if err != nil {
		return fmt.Errorf("seed: files: %w", err)
	}
	defer fsys.Close()

	for _, name := range names {
		collection, err := app.FindCachedCollectionByNameOrId(name)
		if err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		if errs := fsys.DeletePrefix(collection.BaseFilesPath() + "/"); len(errs) > 0 {
			return fmt.Errorf("seed: delete %s files: %w", name, errors.Join(errs...))
		}
	}

	return nil
}
