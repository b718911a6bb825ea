package hooks

import (
	"encoding/json/jsontext"
	"encoding/json/v2"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/todomate/todomate/collections"
)

// strictCollections are the collections whose writes are checked for value
// types before PocketBase loads them into a record.
func strictCollections() []string {
	return collections.StrictInput
}

// bindStrictInput refuses values of the wrong type instead of letting
// PocketBase cast them: left alone, is_checked "maybe" is stored as false,
// sort "x" as 0, goal ["a","b"] as "b" and goal {} as no goal at all; each
// is a bad input that would be saved as something the client did not send.
//
// It also answers a body that is not a JSON object with a field error, where
// PocketBase answers with an empty one.
func bindStrictInput(app core.App) {
	check := func(e *core.RecordRequestEvent) error {
		// PocketBase reads the first JSON value of a body and ignores
		// what follows it; a body is one object or it is refused
		body, fromForm, err := submittedBody(e.RequestEvent)
		if err != nil {
			return e.BadRequestError("Failed to read the request body.", validation.Errors{"body": collections.ErrInvalidBody})
		}

		errs := validation.Errors{}
		for key, value := range body {
			// "sort+", "+goal", "photos-": PocketBase's modifiers
			name := strings.Trim(key, "+-")
			field := e.Collection.Fields.GetByName(name)
			if field == nil {
				continue
			}
			if err := checkValueType(field, value, fromForm); err != nil {
				errs[name] = err
			}
		}
		for name, err := range singleFileErrors(e) {
			errs[name] = err
		}
		if len(errs) > 0 {
			message := "Failed to update record."
			if e.Record.IsNew() {
				message = "Failed to create record."
			}
			return e.BadRequestError(message, errs)
		}

		return e.Next()
	}
	app.OnRecordCreateRequest(strictCollections()...).BindFunc(check)
	app.OnRecordUpdateRequest(strictCollections()...).BindFunc(check)

	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Func: func(se *core.ServeEvent) error {
			se.Router.BindFunc(func(e *core.RequestEvent) error {
				err := e.Next()
				if isUnreadableBody(err) {
					bodyErr := collections.ErrInvalidBody
					if errors.Is(err, errMultipartCut) {
						bodyErr = collections.ErrMultipartIncomplete
					}
					return e.BadRequestError("Failed to read the request body.", validation.Errors{"body": bodyErr})
				}
				return err
			})
			return se.Next()
		},
	})
}

// submittedBody is the request body as the client typed it. By the time the
// request hooks run, PocketBase has replaced the body of the request info
// with the values it cast for the record; the raw one is read again here
// (PocketBase keeps request bodies re-readable).
func submittedBody(e *core.RequestEvent) (map[string]any, bool, error) {
	body := map[string]any{}

	if strings.HasPrefix(e.Request.Header.Get("Content-Type"), "application/json") {
		raw, err := io.ReadAll(e.Request.Body)
		if err != nil {
			return nil, false, err
		}
		if len(raw) == 0 {
			return body, false, nil
		}
		// encoding/json/v2 decodes JSON numbers into float64 for an any
		if err := json.Unmarshal(raw, &body); err != nil {
			return nil, false, err
		}
		return body, false, nil
	}

	// forms were parsed by PocketBase already; decode them the same way it
	// does ("5" becomes a number, "true" a bool, @jsonPayload is merged)
	if err := router.UnmarshalRequestData(e.Request.PostForm, &body, "", ""); err != nil {
		return nil, true, err
	}
	return body, true, nil
}

// isUnreadableBody reports whether err is PocketBase's answer to a JSON body
// that does not decode into an object, or to a multipart body that ends
// before its close delimiter (see bindMultipart).
func isUnreadableBody(err error) bool {
	var apiErr *router.ApiError
	if !errors.As(err, &apiErr) || apiErr.Status != http.StatusBadRequest || len(apiErr.Data) != 0 {
		return false
	}

	cause, ok := apiErr.RawData().(error)
	if !ok {
		return false
	}

	var syntactic *jsontext.SyntacticError
	var semantic *json.SemanticError
	return errors.As(cause, &syntactic) || errors.As(cause, &semantic) ||
		errors.Is(cause, errMultipartCut) || errors.Is(cause, io.ErrUnexpectedEOF)
}

// checkValueType checks one submitted value against the type of its field.
// Form bodies arrive as text that PocketBase has already turned into
// numbers and booleans where it could ("5", "true"), so there any single
// value is acceptable text.
func checkValueType(field core.Field, value any, fromForm bool) error {
	if value == nil {
		return nil
	}

	// a form value is bytes: JSON cannot carry invalid UTF-8, a form can (a
	// file part with filename="" arrives as a text value holding the file)
	if fromForm && !isValidUTF8(value) {
		if _, ok := field.(*core.FileField); ok {
			return collections.ErrNotFile
		}
		return collections.ErrNotUTF8
	}

	switch f := field.(type) {
	case *core.TextField:
		switch value.(type) {
		case string:
			return nil
		case float64, bool:
			if fromForm {
				return nil
			}
		}
		return collections.ErrNotText

	case *core.BoolField:
		switch v := value.(type) {
		case bool:
			return nil
		case float64:
			if v == 0 || v == 1 {
				return nil
			}
		case string:
			if _, err := strconv.ParseBool(v); err == nil || v == "" {
				return nil
			}
		}
		return collections.ErrNotBool

	case *core.NumberField:
		switch v := value.(type) {
		case float64:
			return nil
		case string:
			if _, err := strconv.ParseFloat(v, 64); err == nil || v == "" {
				return nil
			}
		}
		return collections.ErrNotNumber

	case *core.RelationField:
		if f.IsMultiple() || isAtMostOneText(value) {
			return nil
		}
		return collections.ErrNotSingleId

	case *core.SelectField:
		if f.IsMultiple() || isAtMostOneText(value) {
			return nil
		}
		return collections.ErrNotSingleValue
	}

	return nil
}

// isAtMostOneText reports whether value is one text, or a list of at most
// one: what a single relation or select may be given without PocketBase
// quietly keeping only the last of several.
func isAtMostOneText(value any) bool {
	switch v := value.(type) {
	case string:
		return true
	case []any:
		if len(v) == 0 {
			return true
		}
		_, ok := v[0].(string)
		return ok && len(v) == 1
	case []string:
		return len(v) <= 1
	}
	return false
}

// isValidUTF8 reports whether every text in a submitted value is valid UTF-8.
func isValidUTF8(value any) bool {
	switch v := value.(type) {
	case string:
		return utf8.ValidString(v)
	case []string:
		for _, item := range v {
			if !utf8.ValidString(item) {
				return false
			}
		}
	case []any:
		for _, item := range v {
			if !isValidUTF8(item) {
				return false
			}
		}
	case map[string]any:
		for key, item := range v {
			if !utf8.ValidString(key) || !isValidUTF8(item) {
				return false
			}
		}
	}
	return true
}
