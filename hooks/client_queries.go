package hooks

import (
	"net/http"
	"strings"

	"github.com/ganigeorgiev/fexpr"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/todomate/todomate/collections"
)

// privateCollections are the collections whose records only some users may
// see. A client filter or sort may not reach them through a back-relation
// (users?filter=diaries_via_user.content~'x').
//
// PocketBase checks the list rule of a back-related collection on the joined
// rows, but not inside the "every related record matches" subquery of the
// non-"?" operators, and a user none of whose related records are visible
// drops out of the result even for a filter that does not need them. Both
// answer questions about records the requester cannot see: whether alice has
// a private diary, what her secret todos say. Forward relations (a like's
// todo) are joined one to one and checked by the target's list rule.
func privateCollections() []string {
	return []string{collections.Goals, collections.Todos, collections.Diaries, collections.Likes, collections.Friendships}
}

func bindClientQueries(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Func: func(se *core.ServeEvent) error {
			se.Router.BindFunc(func(e *core.RequestEvent) error {
				if e.Request.Method != http.MethodGet || !isRecordsListPath(e.Request.URL.Path) || e.HasSuperuserAuth() {
					return e.Next()
				}

				query := e.Request.URL.Query()
				if err := checkClientQuery(query.Get("filter"), query.Get("sort")); err != nil {
					return e.BadRequestError("Invalid filter or sort.", err)
				}

				return e.Next()
			})
			return se.Next()
		},
	})
}

// isRecordsListPath reports whether path is /api/collections/{collection}/records.
func isRecordsListPath(path string) bool {
	rest, ok := strings.CutPrefix(path, "/api/collections/")
	if !ok {
		return false
	}
	collection, tail, _ := strings.Cut(rest, "/")
	return collection != "" && strings.TrimSuffix(tail, "/") == "records"
}

// checkClientQuery returns a field error for a client filter or sort that
// goes through a back-relation into a private collection. A filter that does
// not parse is left to PocketBase, which refuses it.
func checkClientQuery(filter string, sort string) error {
	errs := validation.Errors{}

	if filter != "" {
		if groups, err := fexpr.Parse(filter); err == nil && reachesPrivateInGroups(groups) {
			errs["filter"] = errPrivateRelation
		}
	}

	for _, field := range strings.Split(sort, ",") {
		field = strings.TrimLeft(strings.TrimSpace(field), "+-")
		if reachesPrivate(field) {
			errs["sort"] = errPrivateRelation
			break
		}
	}

	if len(errs) == 0 {
		return nil
	}
	return errs
}

func reachesPrivateInGroups(groups []fexpr.ExprGroup) bool {
	for _, group := range groups {
		switch item := group.Item.(type) {
		case fexpr.Expr:
			if reachesPrivateInToken(item.Left) || reachesPrivateInToken(item.Right) {
				return true
			}
		case []fexpr.ExprGroup:
			if reachesPrivateInGroups(item) {
				return true
			}
		}
	}
	return false
}

func reachesPrivateInToken(token fexpr.Token) bool {
	switch token.Type {
	case fexpr.TokenIdentifier:
		return reachesPrivate(token.Literal)
	case fexpr.TokenFunction:
		args, _ := token.Meta.([]fexpr.Token)
		for _, arg := range args {
			if reachesPrivateInToken(arg) {
				return true
			}
		}
	}
	return false
}

// reachesPrivate reports whether a field path such as
// "user.diaries_via_user.content" has a back-relation segment into a
// private collection.
func reachesPrivate(path string) bool {
	for _, segment := range strings.Split(path, ".") {
		// a modifier such as ":each" or ":length" follows the segment
		segment, _, _ = strings.Cut(segment, ":")
		collection, _, ok := strings.Cut(segment, "_via_")
		if !ok {
			continue
		}
		for _, private := range privateCollections() {
			if collection == private {
				return true
			}
		}
	}
	return false
}
