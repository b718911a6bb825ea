package hooks

import (
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
)

// bindVisibilityLevels keeps a goal's or diary's visibility level and its
// `private` alias (SPEC: "visibility levels") one thing, for every writer:
// a record without a level is "friends" ("me" if created private);
// `private: true` alone makes it "me", `private: false` alone makes a "me"
// record "friends" and changes nothing else; and `private` is stored as
// visibility = "me". A request that sends both in conflict is a 400 on
// `private` (a Go writer's level wins: it has no request to answer).
func bindVisibilityLevels(app core.App) {
	refuseConflict := func(e *core.RecordRequestEvent) error {
		info, err := e.RequestInfo()
		if err != nil {
			return err
		}
		_, sentPrivate := info.Body[collections.FieldPrivate]
		_, sentLevel := info.Body[collections.FieldVisibility]
		if sentPrivate && sentLevel &&
			e.Record.GetBool(collections.FieldPrivate) != (e.Record.GetString(collections.FieldVisibility) == collections.VisibilityMe) {
			return e.BadRequestError("Failed to save the record.", validation.Errors{collections.FieldPrivate: collections.ErrLevelConflict})
		}
		return e.Next()
	}
	app.OnRecordCreateRequest(collections.Leveled...).BindFunc(refuseConflict)
	app.OnRecordUpdateRequest(collections.Leveled...).BindFunc(refuseConflict)

	app.OnRecordValidate(collections.Leveled...).BindFunc(func(e *core.RecordEvent) error {
		settleLevel(e.Record)
		return e.Next()
	})
}

// settleLevel sets record's level from what changed of its level and its
// private alias, and the alias from the level.
func settleLevel(record *core.Record) {
	level := record.GetString(collections.FieldVisibility)
	private := record.GetBool(collections.FieldPrivate)

	if record.IsNew() {
		if level == "" && private {
			level = collections.VisibilityMe
		}
	} else {
		original := record.Original()
		levelChanged := level != original.GetString(collections.FieldVisibility)
		privateChanged := private != original.GetBool(collections.FieldPrivate)
		if privateChanged && !levelChanged {
			switch {
			case private:
				level = collections.VisibilityMe
			case level == collections.VisibilityMe:
				level = collections.VisibilityFriends
			}
		}
	}
	if level == "" {
		level = collections.VisibilityFriends
	}

	record.Set(collections.FieldVisibility, level)
	record.Set(collections.FieldPrivate, level == collections.VisibilityMe)
}
