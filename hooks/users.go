package hooks

import (
	"fmt"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
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

	app.OnRecordCreateRequest(collections.Users).BindFunc(signUpMismatchAlongside)
}

// signUpMismatchAlongside answers a sign-up whose passwordConfirm differs
// from its password with every other field error too: PocketBase checks
// the two before the record and answers with the mismatch alone, so a
// bad email, a taken username and a short password would each come one
// submit later.
func signUpMismatchAlongside(e *core.RecordRequestEvent) error {
	info, err := e.RequestInfo()
	if err != nil {
		return e.Next()
	}
	confirm, _ := info.Body["passwordConfirm"].(string)
	password, _ := e.Record.GetRaw(core.FieldNamePassword).(*core.PasswordFieldValue)
	if password == nil || password.Plain == "" || confirm == password.Plain {
		return e.Next()
	}

	// the record as it would be saved: its id is made only on save
	record := e.Record.Clone()
	if record.Id == "" {
		record.Id = core.GenerateDefaultRandomId()
	}
	errs := validation.Errors{}
	if err := e.App.Validate(record); err != nil {
		recordErrs, ok := err.(validation.Errors)
		if !ok {
			return fmt.Errorf("validate a sign-up: %w", err)
		}
		errs = recordErrs
	}
	errs["passwordConfirm"] = collections.ErrValuesMismatch
	return apis.NewBadRequestError("Failed to create record.", errs)
}
