package realtime

import (
	"encoding/json/v2"
	"fmt"
	"maps"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/visibility"
)

// PocketBase sends a record's update to those who may see the record after
// it, and nothing to those who could see it before and no longer can: a
// diary made private, a goal made private (and its todos with it), a friend
// who unfollowed, would stay on their open screens until a reload. The hub
// hears from the audiences (audiences.go) who left which record's audience
// and, once the write commits, sends each of their subscriptions that
// covers the record (or another's like of it) a `delete` event, as for a
// deleted record.
//
// The event's record carries only its id, collectionId and collectionName:
// the record is no longer theirs to read, and a delete needs no more.
//
// The audience is exactly who may see a record only while the collection's
// rules are the migrations' (package visibility); with rules an admin edited, no
// such events are sent.

// listens reports whether someone subscribed to collection, or to the
// likes of its records, could lose sight of one of them.
func (h *realtimeHub) Listens(txApp core.App, collection *core.Collection) bool {
	if !h.follows(collection) {
		return false
	}
	if h.hasSubscribers(collection.Name) {
		return true
	}
	likes, ok := h.likesOf(txApp, collection)
	return ok && h.hasSubscribers(likes.Name)
}

// follows reports whether the hub delivers collection's events under the
// migrations' rule, the one audiences stand for.
func (h *realtimeHub) follows(collection *core.Collection) bool {
	return h.collectionName(collection.Name) != "" && visibility.IsMigrated(collection)
}

// likesOf is the likes collection when collection's records can be liked
// and the hub delivers likes.
func (h *realtimeHub) likesOf(txApp core.App, collection *core.Collection) (*core.Collection, bool) {
	if collections.LikeTargetField(collection.Name) == "" {
		return nil, false
	}
	likes, err := txApp.FindCachedCollectionByNameOrId(collections.Likes)
	if err != nil || !h.follows(likes) {
		return nil, false
	}
	return likes, true
}

// lost sends the delete events of losses after the write's transaction
// commits, and never if it rolls back. Who loses a todo or diary loses the
// others' likes of it too (the likes rule shows a like to its liker and to
// whoever may see what it cheers).
func (h *realtimeHub) Lost(txApp core.App, collection *core.Collection, losses []visibility.Loss) error {
	deliveries := h.prepareLosses(collection, losses)
	if likes, ok := h.likesOf(txApp, collection); ok && h.hasSubscribers(likes.Name) {
		likeLosses, err := lostLikes(txApp, collection, losses)
		if err != nil {
			return err
		}
		deliveries = append(deliveries, h.prepareLosses(likes, likeLosses)...)
	}
	if len(deliveries) == 0 {
		return nil
	}

	info := txApp.TxInfo()
	if info == nil {
		h.send(deliveries)
		return nil
	}
	info.OnComplete(func(txErr error) error {
		if txErr == nil {
			h.send(deliveries)
		}
		return nil
	})
	return nil
}

// lostLikes are the likes of the lost records of collection, each lost by
// the record's losers but its liker.
func lostLikes(txApp core.App, collection *core.Collection, losses []visibility.Loss) ([]visibility.Loss, error) {
	field := collections.LikeTargetField(collection.Name)
	lossOf := make(map[string]visibility.Loss, len(losses))
	ids := make([]any, 0, len(losses))
	for _, loss := range losses {
		lossOf[loss.RecordId] = loss
		ids = append(ids, loss.RecordId)
	}

	var likes []struct {
		Id     string `db:"id"`
		User   string `db:"user"`
		Target string `db:"target"`
	}
	err := txApp.DB().Select(collections.FieldId, collections.FieldUser, field+" AS target").
		From(collections.Likes).Where(dbx.In(field, ids...)).All(&likes)
	if err != nil {
		return nil, fmt.Errorf("likes of lost %s: %w", collection.Name, err)
	}

	var result []visibility.Loss
	for _, like := range likes {
		loss := lossOf[like.Target]
		if loss.Everyone {
			but := maps.Clone(loss.But)
			but[like.User] = true
			result = append(result, visibility.Loss{RecordId: like.Id, Everyone: true, But: but})
			continue
		}
		var users []string
		for _, user := range loss.Users {
			if user != like.User {
				users = append(users, user)
			}
		}
		if len(users) > 0 {
			result = append(result, visibility.Loss{RecordId: like.Id, Users: users})
		}
	}
	return result, nil
}

// lostRecord is the record of a delete event for someone who lost sight of
// it.
type lostRecord struct {
	CollectionId   string `json:"collectionId"`
	CollectionName string `json:"collectionName"`
	Id             string `json:"id"`
}

func (h *realtimeHub) prepareLosses(collection *core.Collection, losses []visibility.Loss) []realtimeDelivery {
	var deliveries []realtimeDelivery
	for _, loss := range losses {
		var data []byte
		for _, client := range h.losers(collection.Name, loss) {
			for _, topic := range client.topicsOf(collection.Name) {
				if !topic.matches(loss.RecordId) {
					continue
				}
				if data == nil {
					data, _ = json.Marshal(eventData{
						Action: "delete",
						Record: lostRecord{CollectionId: collection.Id, CollectionName: collection.Name, Id: loss.RecordId},
					})
				}
				deliveries = append(deliveries, realtimeDelivery{client: client, msg: subscriptions.Message{Name: topic.sub, Data: data}})
			}
		}
	}
	return deliveries
}

// losers are the clients subscribed to collection that are signed in as
// a user who had the loss.
func (h *realtimeHub) losers(collection string, loss visibility.Loss) []*realtimeClient {
	h.mu.RLock()
	defer h.mu.RUnlock()

	subscribed := h.subscribers[collection]
	var result []*realtimeClient
	if loss.Everyone {
		for client := range subscribed {
			if auth := client.auth(); auth != nil && auth.Collection().Name == collections.Users &&
				loss.Loses(auth.Id) && !client.IsDiscarded() {
				result = append(result, client)
			}
		}
		return result
	}
	for _, user := range loss.Users {
		for client := range h.byAuth[user] {
			if _, ok := subscribed[client]; ok && !client.IsDiscarded() {
				result = append(result, client)
			}
		}
	}
	return result
}
