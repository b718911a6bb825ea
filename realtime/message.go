package realtime

import (
	"context"
	"database/sql"
	"encoding/json/v2"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/picker"
	"github.com/pocketbase/pocketbase/tools/search"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// prepare builds the messages of one record event for every subscriber who
// may see it: the audience's subscribed clients, each subscription checked
// with the collection's rule and its own filter as PocketBase checks it, the
// record enriched, expanded and picked per subscription. app is the app
// outside any transaction; all reads of one event are made in one read
// transaction, so the audience and the rule checks see the same moment.
func (h *realtimeHub) prepare(app core.App, action string, record *core.Record) []realtimeDelivery {
	collection := record.Collection()
	if collection == nil || !h.hasSubscribers(collection.Name) {
		return nil
	}

	var deliveries []realtimeDelivery
	err := readSnapshot(app, func(db dbx.Builder) error {
		deliveries = h.prepareIn(app, db, action, record)
		return nil
	})
	if err != nil {
		app.Logger().Warn("realtime: event not delivered",
			slog.String("collectionName", collection.Name), slog.String("id", record.Id), slog.String("error", err.Error()))
	}

	return deliveries
}

// readSnapshot runs fn in a read transaction of app's concurrent database
// (SQLite gives it one snapshot), or on the database itself if app is
// already in a transaction.
func readSnapshot(app core.App, fn func(db dbx.Builder) error) error {
	db, ok := app.ConcurrentDB().(*dbx.DB)
	if !ok {
		return fn(app.ConcurrentDB())
	}

	return db.TransactionalContext(context.Background(), &sql.TxOptions{ReadOnly: true}, func(tx *dbx.Tx) error {
		return fn(tx)
	})
}

func (h *realtimeHub) prepareIn(app core.App, db dbx.Builder, action string, record *core.Record) []realtimeDelivery {
	collection := record.Collection()

	audience, err := realtimeAudienceOf(db, record)
	if err != nil {
		// every subscriber is still checked with the rule: slower, not wrong
		app.Logger().Warn("realtime: audience lookup failed, checking every subscriber",
			slog.String("collectionName", collection.Name), slog.String("id", record.Id), slog.String("error", err.Error()))
		audience = realtimeAudience{unknown: true}
	}

	// the rule's answer by role (known rules only) and by rule
	type verdictKey struct {
		list bool
		role uint8
	}
	verdicts := map[verdictKey]bool{}

	messages := newRealtimeMessages(app, action, record)

	var deliveries []realtimeDelivery
	for _, client := range h.candidates(collection.Name, audience) {
		if client.IsDiscarded() {
			continue
		}

		auth := client.auth()

		for _, topic := range client.topicsOf(collection.Name) {
			if !topic.matches(record.Id) {
				continue
			}

			info := &core.RequestInfo{
				Context: core.RequestInfoContextRealtime,
				Method:  http.MethodGet,
				Query:   topic.options.Query,
				Headers: topic.options.Headers,
				Auth:    auth,
			}

			rule := collection.ViewRule
			if topic.all {
				rule = collection.ListRule
			}

			var allowed bool
			if audience.unknown || info.HasSuperuserAuth() {
				allowed = realtimeRuleAllows(app, db, record, info, rule)
			} else {
				key := verdictKey{list: topic.all, role: audience.role(auth)}
				verdict, known := verdicts[key]
				if !known {
					verdict = realtimeRuleAllows(app, db, record, info, rule)
					verdicts[key] = verdict
				}
				allowed = verdict
			}
			if !allowed || !realtimeFilterMatches(app, db, record, info) {
				continue
			}

			msg, err := messages.message(topic.sub, info)
			if err != nil {
				app.Logger().Debug("realtime: message not built",
					slog.String("collectionName", collection.Name), slog.String("id", record.Id),
					slog.String("sub", topic.sub), slog.String("error", err.Error()))
				continue
			}

			deliveries = append(deliveries, realtimeDelivery{client: client, msg: msg})
		}
	}

	return deliveries
}

// realtimeRuleAllows is app.CanAccessRecord, read through db.
func realtimeRuleAllows(app core.App, db dbx.Builder, record *core.Record, info *core.RequestInfo, rule *string) bool {
	switch {
	case info.HasSuperuserAuth():
		return true
	case rule == nil:
		return false
	case *rule == "":
		return true
	}

	return realtimeRecordMatches(app, db, record, info, *rule, true)
}

// realtimeFilterMatches reports whether the record passes the subscription's
// `filter` option. As in the REST API, only superusers may filter by
// @request.* or @collection.* fields.
func realtimeFilterMatches(app core.App, db dbx.Builder, record *core.Record, info *core.RequestInfo) bool {
	filter := info.Query[search.FilterQueryParam]
	if filter == "" {
		return true
	}

	if !info.HasSuperuserAuth() {
		for _, param := range []string{search.FilterQueryParam, search.SortQueryParam} {
			if v := info.Query[param]; strings.Contains(v, "@collection.") || strings.Contains(v, "@request.") {
				return false
			}
		}
	}

	return realtimeRecordMatches(app, db, record, info, filter, false)
}

// realtimeRecordMatches reports whether the record passes a rule or filter
// expression, resolved by PocketBase's record field resolver.
func realtimeRecordMatches(app core.App, db dbx.Builder, record *core.Record, info *core.RequestInfo, expression string, allowHiddenFields bool) bool {
	collection := record.Collection()
	query := db.
		Select("(1)").
		From(collection.Name).
		AndWhere(dbx.HashExp{collection.Name + ".id": record.Id})

	resolver := core.NewRecordFieldResolver(app, collection, info, allowHiddenFields)
	expr, err := search.FilterData(expression).BuildExpr(resolver)
	if err != nil {
		return false
	}
	query.AndWhere(expr)
	if err := resolver.UpdateQuery(query); err != nil {
		return false
	}

	var exists int
	err = query.Limit(1).Row(&exists)

	return err == nil && exists > 0
}

// realtimeMessages builds one event's messages. Without enrich hooks and
// `expand` a message depends only on whether the subscriber is a superuser
// and on its `fields` option, so those are built once per event.
type realtimeMessages struct {
	app      core.App
	action   string
	record   *core.Record
	enriched bool
	built    map[string][]byte
}

func newRealtimeMessages(app core.App, action string, record *core.Record) *realtimeMessages {
	return &realtimeMessages{
		app:      app,
		action:   action,
		record:   record,
		enriched: app.OnRecordEnrich().Length() > 0,
	}
}

func (m *realtimeMessages) message(sub string, info *core.RequestInfo) (subscriptions.Message, error) {
	if m.enriched || info.Query["expand"] != "" {
		data, err := realtimeMessageData(m.app, m.action, m.record, info)
		return subscriptions.Message{Name: sub, Data: data}, err
	}

	key := info.Query["fields"]
	if info.HasSuperuserAuth() {
		key = "superuser " + key
	}
	data, ok := m.built[key]
	if !ok {
		var err error
		if data, err = realtimeMessageData(m.app, m.action, m.record, info); err != nil {
			return subscriptions.Message{}, err
		}
		if m.built == nil {
			m.built = map[string][]byte{}
		}
		m.built[key] = data
	}

	return subscriptions.Message{Name: sub, Data: data}, nil
}

// eventData is the data of a record event, as PocketBase sends it.
type eventData struct {
	Record any    `json:"record"` // *core.Record, or the picked fields
	Action string `json:"action"`
}

// realtimeMessageData is the data of one subscription's event, the record
// presented the way PocketBase's REST API presents it: enrich hooks, expand
// (each relation by its own view rule) and hidden fields through
// apis.EnrichRecord, then the `fields` option.
func realtimeMessageData(app core.App, action string, record *core.Record, info *core.RequestInfo) ([]byte, error) {
	clean := record.Fresh() // no expand or unknown fields of the writer's copy
	if info.HasSuperuserAuth() {
		clean.Unhide(clean.Collection().Fields.FieldNames()...)
	}

	if err := apis.EnrichRecord(realtimeRequestEvent(app, info), clean); err != nil {
		return nil, fmt.Errorf("enrich: %w", err)
	}

	data := eventData{Record: clean, Action: action}
	if fields := info.Query["fields"]; fields != "" {
		if picked, err := picker.Pick(clean, fields); err == nil {
			data.Record = picked
		}
	}

	raw, err := json.Marshal(data)
	if err != nil {
		return nil, fmt.Errorf("marshal: %w", err)
	}

	return raw, nil
}

// realtimeRequestEvent stands for the subscription as a GET request with the
// subscription's query and headers, which is what apis.EnrichRecord reads.
func realtimeRequestEvent(app core.App, info *core.RequestInfo) *core.RequestEvent {
	query := url.Values{}
	for k, v := range info.Query {
		query.Set(k, v)
	}
	header := http.Header{}
	for k, v := range info.Headers {
		header.Set(k, v)
	}

	e := &core.RequestEvent{App: app, Auth: info.Auth}
	e.Request = &http.Request{
		Method: http.MethodGet,
		URL:    &url.URL{Path: "/api/realtime", RawQuery: query.Encode()},
		Header: header,
	}
	e.Set(core.RequestEventKeyInfoContext, core.RequestInfoContextRealtime)

	return e
}
