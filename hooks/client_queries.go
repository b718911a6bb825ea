package hooks

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/ganigeorgiev/fexpr"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"github.com/todomate/todomate/collections"
)

// The client-query guard: every `filter` and `sort` a client hands to
// PocketBase's record field resolver passes checkClientQuery first, at each
// of the three doors a client's query comes in by:
//   - the router, for every method and every path (GET, HEAD, and whatever
//     route is added later: a door the guard does not know of is still
//     behind it);
//   - the batch API, whose sub-requests do not go through the router;
//   - the realtime subscribe request, for every subscription on every
//     collection (users and collections added later included).
//
// Why: PocketBase checks a related collection's list rule on the rows it
// joins one to one, but not inside the "every related record matches"
// subquery of the non-"?" operators (multi-match), which back-relations and
// multiple relations use; and a record none of whose related records are
// visible drops out even for a filter that does not need them. Both answer
// questions about records the requester cannot see: whether alice has a
// private diary, what her secret todos say. So a client may not go through
// a back-relation or a multiple relation into a collection whose records
// not everyone may list (decided from that collection's list rule, so a
// collection added later is covered as it is created).
//
// `expand` and `fields` pass unchecked on purpose: PocketBase fetches each
// expanded record by id and keeps it only if the expanded collection's view
// rule lets the requester see it (apis.expandFetch), and `fields` only picks
// from what is already in the answer. Superusers see everything and pass.
//
// TestEveryDoorIsGuarded walks the router's routes, the batch API and the
// realtime subscribe path, and fails on a door this guard does not stand at.

// guardedQueryParams are the query parameters whose values PocketBase hands
// to the record field resolver as expressions.
var guardedQueryParams = []string{search.FilterQueryParam, search.SortQueryParam}

// clientQueryGuardId names the router middleware, so that a route that
// unbinds it is found by the door test.
const clientQueryGuardId = "todomateClientQueryGuard"

func bindClientQueries(app core.App) {
	bindRouterMiddleware(app, clientQueryGuardId, func(e *core.RequestEvent) error {
		if e.HasSuperuserAuth() {
			return e.Next()
		}
		if err := checkClientQuery(e.App, e.Auth, e.Request.URL.Query()); err != nil {
			return e.BadRequestError("Invalid filter or sort.", err)
		}
		return e.Next()
	})

	app.OnBatchRequest().BindFunc(func(e *core.BatchRequestEvent) error {
		if e.HasSuperuserAuth() {
			return e.Next()
		}
		errs := validation.Errors{}
		for i, request := range e.Batch {
			u, err := url.Parse(request.URL)
			if err != nil {
				continue // PocketBase refuses it as an unknown batch action
			}
			if err := checkClientQuery(e.App, e.Auth, u.Query()); err != nil {
				errs[strconv.Itoa(i)] = err
			}
		}
		if len(errs) > 0 {
			return e.BadRequestError("Invalid filter or sort.", validation.Errors{"requests": errs})
		}
		return e.Next()
	})

	app.OnRealtimeSubscribeRequest().BindFunc(func(e *core.RealtimeSubscribeRequestEvent) error {
		if e.HasSuperuserAuth() {
			return e.Next()
		}
		if err := checkSubscriptions(e.App, e.Auth, e.Subscriptions); err != nil {
			return e.BadRequestError("Invalid subscription filter or sort.", validation.Errors{"subscriptions": err})
		}
		return e.Next()
	})
}

// checkSubscriptions checks the query options of each realtime subscription
// ("todos/*?options={"query":{"filter":...}}"), read exactly as PocketBase's
// client reads them.
func checkSubscriptions(app core.App, auth *core.Record, subs []string) error {
	parsed := subscriptions.NewDefaultClient()
	errs := validation.Errors{}
	for i, sub := range subs {
		parsed.Subscribe(sub)
		options := parsed.Subscriptions()[sub]
		parsed.Unsubscribe(sub)

		query := url.Values{}
		for k, v := range options.Query {
			query.Set(k, v)
		}
		if err := checkClientQuery(app, auth, query); err != nil {
			errs[strconv.Itoa(i)] = err
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// checkClientQuery returns a field error for each filter or sort in query
// that goes through a back-relation or a multiple relation into a
// collection whose records auth may not all list. A filter that does not
// parse is left to PocketBase, which refuses it.
func checkClientQuery(app core.App, auth *core.Record, query url.Values) error {
	var oracles *oracleSegments
	errs := validation.Errors{}
	for _, param := range guardedQueryParams {
		for _, value := range query[param] {
			if value == "" {
				continue
			}
			if oracles == nil {
				oracles = newOracleSegments(app, auth)
			}
			if oracles.reachedBy(param, value) {
				errs[param] = collections.ErrPrivateRelation
				break
			}
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// backRelation is PocketBase's syntax of a back-relation segment
// (core's viaRegex): collection_via_field.
var backRelation = regexp.MustCompile(`^(\w+)_via_(\w+)$`)

// oracleSegments answers, for one requester, whether a field path segment
// leads the resolver into a multi-match subquery over records the
// requester may not all see.
type oracleSegments struct {
	app  core.App
	auth *core.Record
	// multiple relation fields of any collection, by name, that lead into
	// a collection not open to the requester (read lazily)
	multiple map[string]bool
}

func newOracleSegments(app core.App, auth *core.Record) *oracleSegments {
	return &oracleSegments{app: app, auth: auth}
}

// reachedBy reports whether a filter or sort expression has a field path
// with an oracle segment.
func (o *oracleSegments) reachedBy(param, expression string) bool {
	if param == search.SortQueryParam {
		for _, field := range strings.Split(expression, ",") {
			if o.inPath(strings.TrimLeft(strings.TrimSpace(field), "+-")) {
				return true
			}
		}
		return false
	}

	groups, err := fexpr.Parse(expression)
	return err == nil && o.inGroups(groups)
}

func (o *oracleSegments) inGroups(groups []fexpr.ExprGroup) bool {
	for _, group := range groups {
		switch item := group.Item.(type) {
		case fexpr.Expr:
			if o.inToken(item.Left) || o.inToken(item.Right) {
				return true
			}
		case []fexpr.ExprGroup:
			if o.inGroups(item) {
				return true
			}
		}
	}
	return false
}

func (o *oracleSegments) inToken(token fexpr.Token) bool {
	switch token.Type {
	case fexpr.TokenIdentifier:
		return o.inPath(token.Literal)
	case fexpr.TokenFunction:
		args, _ := token.Meta.([]fexpr.Token)
		for _, arg := range args {
			if o.inToken(arg) {
				return true
			}
		}
	}
	return false
}

// inPath reports whether a field path such as
// "user.diaries_via_user.content" has an oracle segment. Paths are checked
// segment by segment, whatever collection they start from: a segment that
// is an oracle from somewhere is refused everywhere, which is simpler than
// knowing every door's collection and refuses nothing a client needs.
func (o *oracleSegments) inPath(path string) bool {
	for _, segment := range strings.Split(path, ".") {
		// a modifier such as ":each" or ":length" follows the segment
		segment, _, _ = strings.Cut(segment, ":")
		if o.isOracle(segment) {
			return true
		}
	}
	return false
}

func (o *oracleSegments) isOracle(segment string) bool {
	if parts := backRelation.FindStringSubmatch(segment); parts != nil {
		target, err := o.app.FindCachedCollectionByNameOrId(parts[1])
		// an unknown collection is PocketBase's to refuse
		return err == nil && !listableByAll(target, o.auth)
	}

	if o.multiple == nil {
		o.multiple = o.multipleRelationOracles()
	}
	return o.multiple[segment]
}

// multipleRelationOracles are the names of the multiple relation fields,
// in any collection, that lead into a collection not open to the requester.
func (o *oracleSegments) multipleRelationOracles() map[string]bool {
	oracles := map[string]bool{}
	all, _ := o.app.Store().Get(core.StoreKeyCachedCollections).([]*core.Collection)
	if all == nil {
		// the cache is not loaded yet (a system migration): read them
		all, _ = o.app.FindAllCollections()
	}
	for _, collection := range all {
		for _, field := range collection.Fields {
			relation, ok := field.(*core.RelationField)
			if !ok || !relation.IsMultiple() {
				continue
			}
			target, err := o.app.FindCachedCollectionByNameOrId(relation.CollectionId)
			if err == nil && !listableByAll(target, o.auth) {
				oracles[relation.Name] = true
			}
		}
	}
	return oracles
}

// listableByAll reports whether the requester may list every record of
// collection, which is what a multi-match subquery reads: its list rule
// lets in everyone, or every signed-in client and the requester is one.
func listableByAll(collection *core.Collection, auth *core.Record) bool {
	rule := collection.ListRule
	switch {
	case rule == nil:
		return false
	case *rule == "":
		return true
	}
	return false
}
