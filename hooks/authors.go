package hooks

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
)

// authoredCollections are the collections whose records have an author: a
// relation set to the auth user on create and never changed afterwards.
func authoredCollections() []string {
	return collections.Authored
}

func authorField(collection string) string {
	d, _ := collections.Describe(collection)
	return d.Author
}

func bindAuthors(app core.App) {
	// A client may leave the author out (it is filled in) or name itself;
	// naming anyone else is a field error. Superusers (the dashboard) may
	// create on anyone's behalf.
	app.OnRecordCreateRequest(authoredCollections()...).BindFunc(func(e *core.RecordRequestEvent) error {
		if e.HasSuperuserAuth() || e.Auth == nil {
			return e.Next()
		}

		field := authorField(e.Collection.Name)
		switch e.Record.GetString(field) {
		case "":
			e.Record.Set(field, e.Auth.Id)
		case e.Auth.Id:
		default:
			return e.BadRequestError("Failed to create record.", validation.Errors{field: collections.ErrNotAuthor})
		}

		return e.Next()
	})

	// Nobody, superusers included, rewrites who wrote a record: it would
	// move it into another user's audience.
	app.OnRecordValidate(authoredCollections()...).BindFunc(func(e *core.RecordEvent) error {
		own := validation.Errors{}
		if !e.Record.IsNew() {
			field := authorField(e.Record.Collection().Name)
			stored, err := storedAuthor(e.App, e.Record, field)
			if err != nil {
				return fmt.Errorf("author check of %s %s: %w", e.Record.Collection().Name, e.Record.Id, err)
			}
			if stored != "" && stored != e.Record.GetString(field) {
				own[field] = collections.ErrImmutable
			}
		}
		return validateAlongside(e, own)
	})
}

// storedAuthor is the author of the record as saved in the database. The
// record's Original() cannot tell: it is blank for a record that was created
// by this process and saved again, not loaded.
func storedAuthor(app core.App, record *core.Record, field string) (string, error) {
	var author string
	err := app.DB().
		Select(field).
		From(record.Collection().Name).
		Where(dbx.HashExp{collections.FieldId: record.LastSavedPK()}).
		Limit(1).
		Row(&author)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return author, err
}
