package hooks

import (
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
)

// authoredCollections are the collections whose records have an author: a
// relation set to the auth user on create and never changed afterwards.
func authoredCollections() []string {
	return []string{collections.Goals, collections.Todos, collections.Diaries, collections.Likes, collections.Follows}
}

func authorField(collection string) string {
	if collection == collections.Follows {
		return collections.FollowsFieldFollower
	}
	return collections.FieldUser
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
			return e.BadRequestError("Failed to create record.", validation.Errors{field: errNotAuthor})
		}

		return e.Next()
	})

	// Nobody, superusers included, rewrites who wrote a record: it would
	// move it into another user's audience.
	app.OnRecordValidate(authoredCollections()...).BindFunc(func(e *core.RecordEvent) error {
		own := validation.Errors{}
		if !e.Record.IsNew() {
			field := authorField(e.Record.Collection().Name)
			if e.Record.Original().GetString(field) != e.Record.GetString(field) {
				own[field] = errImmutable
			}
		}
		return validateAlongside(e, own)
	})
}
