package hooks

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
)

// bindTodoDays puts a todo last on its day when a request brings it to a
// day without saying where: "do it another day" (a PATCH of the date) and
// "do it again on a day" (a create, a copy) are one request each, and the
// todo lands after the author's other todos of that day instead of on top
// of them. A request that sends a sort keeps it; a PATCH that leaves the
// date as it was leaves the sort alone.
//
// They are request hooks, not model ones: only a request tells a sort the
// client left out from a sort of 0 (the server's own writes, like a
// routine's days, place themselves).
func bindTodoDays(app core.App) {
	lastOnItsDay := func(e *core.RecordRequestEvent) error {
		if e.Record.IsNew() {
			if e.Record.GetString(collections.FieldDate) == "" {
				return e.Next() // refused by validation anyway
			}
		} else if e.Record.GetString(collections.FieldDate) == e.Record.Original().GetString(collections.FieldDate) {
			return e.Next()
		}
		sent, err := sortSent(e)
		if err != nil {
			return fmt.Errorf("todo day placement: %w", err)
		}
		if sent {
			return e.Next()
		}

		// the largest sort is read in the transaction that writes the
		// todo, so that two todos moved to one day at once are not both
		// put in the same place
		originalApp := e.App
		defer func() { e.App = originalApp }()
		return e.App.RunInTransaction(func(txApp core.App) error {
			e.App = txApp
			day := e.Record.GetString(collections.FieldDate)
			lastSorts, err := lastSortsOfDays(txApp, e.Record.GetString(collections.FieldUser), day, day, e.Record.Id)
			if err != nil {
				return err
			}
			if last, found := lastSorts[day]; found {
				e.Record.Set(collections.FieldSort, last+1)
			} else {
				e.Record.Set(collections.FieldSort, 0)
			}
			return e.Next()
		})
	}
	app.OnRecordCreateRequest(collections.Todos).BindFunc(lastOnItsDay)
	app.OnRecordUpdateRequest(collections.Todos).BindFunc(lastOnItsDay)
}

// sortSent reports whether the request body names the todo's sort, in any
// encoding. A modifier ("sort+", "sort-") counts: PocketBase resolves it
// into "sort" in the request info's body before the request hooks run
// (apis/record_crud.go).
func sortSent(e *core.RecordRequestEvent) (bool, error) {
	info, err := e.RequestInfo()
	if err != nil {
		return false, err
	}
	_, sent := info.Body[collections.FieldSort]
	return sent, nil
}
