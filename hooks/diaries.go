package hooks

import (
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
)

func bindDiaries(app core.App) {
	app.OnRecordValidate(collections.Diaries).BindFunc(func(e *core.RecordEvent) error {
		diary := e.Record

		own := validation.Errors{}
		if date := diary.GetString(collections.FieldDate); date != "" && !collections.IsDay(date) {
			own[collections.FieldDate] = collections.ErrInvalidDay
		}
		if emoji := diary.GetString(collections.FieldEmoji); emoji != "" && !collections.IsSingleEmoji(emoji) {
			own[collections.FieldEmoji] = collections.ErrInvalidEmoji
		}

		return validateAlongside(e, own)
	})
}
