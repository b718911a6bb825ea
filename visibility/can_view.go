package visibility

import (
	"database/sql"
	"errors"

	"github.com/pocketbase/pocketbase/core"
)

// CanView reports whether the requester of e may view the record id of the
// collection, by the collection's own view rule: the one definition of
// "visible" that the REST API, expand and realtime use too. A missing record
// is simply not visible.
func CanView(e *core.RequestEvent, collectionName string, id string) (bool, error) {
	collection, err := e.App.FindCachedCollectionByNameOrId(collectionName)
	if err != nil {
		return false, err
	}

	record, err := e.App.FindRecordById(collection, id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}

	info, err := e.RequestInfo()
	if err != nil {
		return false, err
	}

	return e.App.CanAccessRecord(record, info, collection.ViewRule)
}
