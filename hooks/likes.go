package hooks

import (
	"fmt"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/visibility"
)

func bindLikes(app core.App) {
	// A like that names no emoji is the default cheer, stored as such
	// however it is saved (the API, a batch, the dashboard, the server).
	app.OnRecordCreate(collections.Likes).BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetString(collections.FieldEmoji) == "" {
			e.Record.Set(collections.FieldEmoji, collections.DefaultCheer)
		}
		return e.Next()
	})

	app.OnRecordValidate(collections.Likes).BindFunc(func(e *core.RecordEvent) error {
		like := e.Record

		own := validation.Errors{}
		todo := like.GetString(collections.LikesFieldTodo)
		diary := like.GetString(collections.LikesFieldDiary)
		if (todo == "") == (diary == "") {
			own[collections.LikesFieldTodo] = collections.ErrOneLikeTarget
			own[collections.LikesFieldDiary] = collections.ErrOneLikeTarget
		}
		if emoji := like.GetString(collections.FieldEmoji); emoji != "" && !collections.IsSingleEmoji(emoji) {
			own[collections.FieldEmoji] = collections.ErrInvalidEmoji
		}

		return validateAlongside(e, own)
	})

	// A user likes only what they can see. A target that is there but not
	// visible gets exactly the answer of one that is not there at all, so a
	// like reveals nothing; both are checked before anything is written.
	app.OnRecordCreateRequest(collections.Likes).BindFunc(func(e *core.RecordRequestEvent) error {
		if e.HasSuperuserAuth() {
			return e.Next()
		}

		for _, target := range collections.LikesTargets {
			field := target.Field
			id := e.Record.GetString(field)
			if id == "" {
				continue
			}

			visible, err := visibility.CanView(e.RequestEvent, target.Collection, id)
			if err != nil {
				return fmt.Errorf("like target check: %w", err)
			}
			if !visible {
				return e.NotFoundError("", validation.Errors{field: collections.ErrMissingRelation})
			}
		}

		return e.Next()
	})
}
