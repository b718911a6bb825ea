package hooks

import (
	"fmt"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/visibility"
)

// bindBlocks makes a block (SPEC: "blocks") hold in the transaction that
// creates it, and end in the one that deletes it:
//   - creating one deletes the follows both ways (their hooks end the
//     friendship and rewrite both users' audiences);
//   - both users' block lists (the hidden users fields the rules read) are
//     rewritten from blocks, and so are the audiences of both users'
//     "everyone" records, which name who may not see them;
//   - while it stands, neither may follow the other: answered as a follow
//     of a user that does not exist.
//
// Likes across a block fail by themselves: neither sees the other's things.
func bindBlocks(app core.App, losses visibility.LossListener) {
	refreshBlockSides := func(txApp core.App, block *core.Record) error {
		return refreshBlockSides(txApp, losses, block)
	}

	app.OnRecordValidate(collections.Blocks).BindFunc(func(e *core.RecordEvent) error {
		own := validation.Errors{}
		blocked := e.Record.GetString(collections.BlocksFieldBlocked)
		if blocked != "" && blocked == e.Record.GetString(collections.BlocksFieldBlocker) {
			own[collections.BlocksFieldBlocked] = collections.ErrSelfBlock
		}
		return validateAlongside(e, own)
	})

	app.OnRecordCreateExecute(collections.Blocks).BindFunc(func(e *core.RecordEvent) error {
		return thenInSameTransaction(e, func(txApp core.App, block *core.Record) error {
			blocker, blocked := blockSides(block)
			follows, err := txApp.FindAllRecords(collections.Follows, dbx.Or(
				dbx.HashExp{collections.FollowsFieldFollower: blocker, collections.FollowsFieldFollowing: blocked},
				dbx.HashExp{collections.FollowsFieldFollower: blocked, collections.FollowsFieldFollowing: blocker},
			))
			if err != nil {
				return fmt.Errorf("block %s by %s: follows: %w", blocked, blocker, err)
			}
			for _, follow := range follows {
				if err := txApp.Delete(follow); err != nil {
					return fmt.Errorf("block %s by %s: unfollow: %w", blocked, blocker, err)
				}
			}
			return refreshBlockSides(txApp, block)
		})
	})

	app.OnRecordDeleteExecute(collections.Blocks).BindFunc(func(e *core.RecordEvent) error {
		return thenInSameTransaction(e, refreshBlockSides)
	})

	// the block lists are the server's: whatever a client sends for them,
	// a user is saved with the lists blocks make
	app.OnRecordValidate(collections.Users).BindFunc(func(e *core.RecordEvent) error {
		if err := writeBlockLists(e.App, e.Record); err != nil {
			return err
		}
		return e.Next()
	})

	app.OnRecordValidate(collections.Follows).BindFunc(func(e *core.RecordEvent) error {
		own := validation.Errors{}
		if e.Record.IsNew() {
			inBlock, err := inBlock(e.App,
				e.Record.GetString(collections.FollowsFieldFollower), e.Record.GetString(collections.FollowsFieldFollowing))
			if err != nil {
				return err
			}
			if inBlock {
				own[collections.FollowsFieldFollowing] = collections.ErrMissingRelation
			}
		}
		return validateAlongside(e, own)
	})
}

func blockSides(block *core.Record) (blocker, blocked string) {
	return block.GetString(collections.BlocksFieldBlocker), block.GetString(collections.BlocksFieldBlocked)
}

// refreshBlockSides rewrites the block lists of both sides of block, and
// then their audiences (a user deleted in this transaction is left alone).
func refreshBlockSides(txApp core.App, losses visibility.LossListener, block *core.Record) error {
	users, err := txApp.FindCachedCollectionByNameOrId(collections.Users)
	if err != nil {
		return fmt.Errorf("block lists: %w", err)
	}
	if !hasBlockLists(users) {
		return nil
	}
	for _, user := range []string{block.GetString(collections.BlocksFieldBlocker), block.GetString(collections.BlocksFieldBlocked)} {
		result, err := txApp.DB().NewQuery(`UPDATE users SET blocking = ` + visibility.BlockingSQL +
			`, in_block_with = ` + visibility.InBlockWithSQL + ` WHERE id = {:user}`).
			Bind(dbx.Params{"user": user}).Execute()
		if err != nil {
			return fmt.Errorf("block lists of %s: %w", user, err)
		}
		if rows, _ := result.RowsAffected(); rows == 0 {
			continue // deleted with this block, in the cascade
		}
		if err := refreshOwnerAudiences(txApp, losses, user, false); err != nil {
			return err
		}
	}
	return nil
}

// writeBlockLists sets user's block lists from blocks.
func writeBlockLists(app core.App, user *core.Record) error {
	if !hasBlockLists(user.Collection()) {
		return nil
	}
	var blocking, inBlockWith string
	err := app.DB().NewQuery("SELECT "+visibility.BlockingSQL+", "+visibility.InBlockWithSQL).
		Bind(dbx.Params{"user": user.Id}).Row(&blocking, &inBlockWith)
	if err != nil {
		return fmt.Errorf("block lists of %s: %w", user.Id, err)
	}
	user.Set(collections.UsersFieldBlocking, blocking)
	user.Set(collections.UsersFieldInBlockWith, inBlockWith)
	return nil
}

// hasBlockLists reports whether users still has its block lists: an admin
// may have dropped them, with the rules that read them.
func hasBlockLists(users *core.Collection) bool {
	return users.Fields.GetByName(collections.UsersFieldBlocking) != nil &&
		users.Fields.GetByName(collections.UsersFieldInBlockWith) != nil
}

// inBlock reports whether a and b are in a block, either way.
func inBlock(app core.App, a, b string) (bool, error) {
	var found bool
	err := app.DB().NewQuery("SELECT " + visibility.InBlockSQL).Bind(dbx.Params{"a": a, "b": b}).Row(&found)
	if err != nil {
		return false, fmt.Errorf("block between %s and %s: %w", a, b, err)
	}
	return found, nil
}
