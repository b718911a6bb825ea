package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
)

func bindGoals(app core.App) {
	// defaults are filled in before validation so that a goal created
	// without a color is valid and shows the SPEC's default
	app.OnRecordValidate(collections.Goals).BindFunc(func(e *core.RecordEvent) error {
		if e.Record.IsNew() && e.Record.GetString(collections.GoalsFieldColor) == "" {
			e.Record.Set(collections.GoalsFieldColor, collections.GoalsDefaultColor)
		}
		return e.Next()
	})
}
