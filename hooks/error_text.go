package hooks

import (
	"encoding/json/jsontext"
	"encoding/json/v2"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"
)

// bindErrorText keeps every error answer valid JSON.
//
// PocketBase's router writes an error's status first and then encodes it
// with invalid UTF-8 refused; an error whose message or field errors carry
// raw bytes from the request (PocketBase echoes invalid file names, for one)
// goes out as its status with an empty body. Here, outside every other
// middleware, such an error is answered as the same error with the invalid
// bytes replaced by U+FFFD.
func bindErrorText(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Func: func(se *core.ServeEvent) error {
			se.Router.Bind(&hook.Handler[*core.RequestEvent]{
				Id:       "todomateErrorText",
				Priority: apis.DefaultWWWRedirectMiddlewarePriority - 1, // the outermost
				Func: func(e *core.RequestEvent) error {
					err := e.Next()
					if err == nil {
						return nil
					}
					return encodableError(err)
				},
			})
			return se.Next()
		},
	})
}

// encodableError returns err unchanged when the router can encode it, else
// the ApiError the router would have answered with, made encodable.
func encodableError(err error) error {
	// what router.ErrorHandler answers with, encoded as it does
	apiErr := router.ToApiError(err)
	if _, encErr := json.Marshal(apiErr, json.Deterministic(true), jsontext.AllowInvalidUTF8(false)); encErr == nil {
		return err
	}

	clean := *apiErr
	clean.Message = strings.ToValidUTF8(apiErr.Message, "\uFFFD")
	clean.Data = map[string]any{}
	// encoding with invalid UTF-8 allowed replaces it with U+FFFD
	if raw, encErr := json.Marshal(apiErr.Data, json.Deterministic(true), jsontext.AllowInvalidUTF8(true)); encErr == nil {
		data := map[string]any{}
		if json.Unmarshal(raw, &data) == nil {
			clean.Data = data
		}
	}

	return &clean
}
