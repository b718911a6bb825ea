package hooks

import (
	"fmt"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
)

// bindUsers answers a sign-up, or a change of username or email, with a
// taken username or email next to every other field error: left to the
// unique indexes, a taken one would be told only once the rest was right,
// one submit later.
func bindUsers(app core.App) {
	app.OnRecordValidate(collections.Users).BindFunc(func(e *core.RecordEvent) error {
		own := validation.Errors{}
		for _, field := range []string{collections.UsersFieldUsername, core.FieldNameEmail} {
			value := e.Record.GetString(field)
			if value == "" || (!e.Record.IsNew() && value == e.Record.Original().GetString(field)) {
				continue
			}
			var taken int
			err := e.App.DB().Select("count(*)").From(collections.Users).
				Where(dbx.NewExp("[["+field+"]] = {:value} COLLATE NOCASE AND [[id]] != {:id}",
					dbx.Params{"value": value, "id": e.Record.Id})).
				Row(&taken)
			if err != nil {
				return fmt.Errorf("is %s taken: %w", field, err)
			}
			if taken > 0 {
				own[field] = collections.ErrNotUnique
			}
		}
		return validateAlongside(e, own)
	})
}
