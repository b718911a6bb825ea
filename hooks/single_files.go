package hooks

import (
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
)

// singleFileErrors refuses several uploads in one request for a field that
// holds one file (a todo's proof, an avatar). Left alone, PocketBase keeps
// the last upload and drops the others without a word, so the client would
// not learn that what it sent is not what was stored.
func singleFileErrors(e *core.RecordRequestEvent) validation.Errors {
	form := e.Request.MultipartForm
	if form == nil {
		return nil // not multipart: JSON and urlencoded bodies carry no files
	}

	// "proof", "+proof" and "proof+" (PocketBase's modifiers) all upload
	// into "proof"
	uploads := map[string]int{}
	for key, files := range form.File {
		uploads[strings.Trim(key, "+")] += len(files)
	}

	errs := validation.Errors{}
	for name, n := range uploads {
		field, ok := e.Collection.Fields.GetByName(name).(*core.FileField)
		if ok && !field.IsMultiple() && n > 1 {
			errs[name] = collections.ErrTooManyFiles
		}
	}
	return errs
}
