package hooks

import (
	"errors"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/todomate/todomate/collections"
)

// bindBodyLimit answers a request body over PocketBase's size limits with the
// SPEC's 400 and a field error instead of PocketBase's bare 413: to a client
// an oversized body is one more bad input. PocketBase's limits themselves
// (32 MB plus each collection's file allowance) are unchanged.
func bindBodyLimit(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Func: func(se *core.ServeEvent) error {
			se.Router.Bind(&hook.Handler[*core.RequestEvent]{
				Id: "todomateBodyTooLarge",
				// just outside PocketBase's body limit middlewares
				Priority: apis.DefaultBodyLimitMiddlewarePriority - 1,
				Func: func(e *core.RequestEvent) error {
					err := e.Next()
					if errors.Is(err, apis.ErrRequestEntityTooLarge) {
						return e.BadRequestError("Request entity too large.", validation.Errors{
							"body": collections.ErrBodyTooLarge,
						})
					}
					return err
				},
			})
			return se.Next()
		},
	})
}
