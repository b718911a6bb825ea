package hooks

import (
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// validateAlongside runs todomate's own checks of a record next to
// PocketBase's field validators (the rest of the OnRecordValidate chain), and
// answers with all the field errors of both at once, PocketBase's first where
// both speak of the same field.
func validateAlongside(e *core.RecordEvent, own validation.Errors) error {
	err := e.Next()
	if len(own) == 0 {
		return err
	}
	if err == nil {
		return own
	}

	theirs, ok := err.(validation.Errors)
	if !ok {
		return err
	}
	for field, fieldErr := range own {
		if _, taken := theirs[field]; !taken {
			theirs[field] = fieldErr
		}
	}

	return theirs
}
