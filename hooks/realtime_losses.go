package hooks

import (
	"encoding/json/v2"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// PocketBase sends a record's update to those who may see the record after
// it, and nothing to those who could see it before and no longer can: a
// diary made private, a goal made private (and its todos with it), a friend
// who unfollowed, would stay on their open screens until a reload. The hub
// hears from the audiences (audiences.go) who left which record's audience
// and, once the write commits, sends each of their subscriptions that
// covers the record a `delete` event, as for a deleted record.
//
// The event's record carries only its id, collectionId and collectionName:
// the record is no longer theirs to read, and a delete needs no more.
//
// The audience is exactly who may see a record only while the collection's
// rules are the migrations' (rules.go); with rules an admin edited, no
// such events are sent.

// listens reports whether someone subscribed to collection could lose
// sight of one of its records.
func (h *realtimeHub) listens(_ core.App, collection *core.Collection) bool {
	return h.collectionName(collection.Name) != "" && isMigratedRule(collection) && h.hasSubscribers(collection.Name)
}

// lost sends the delete events of losses after the write's transaction
// commits, and never if it rolls back.
func (h *realtimeHub) lost(txApp core.App, collection *core.Collection, losses []audienceLoss) {
	deliveries := h.prepareLosses(collection, losses)
	if len(deliveries) == 0 {
		return
	}

	info := txApp.TxInfo()
	if info == nil {
		h.send(deliveries)
		return
	}
	info.OnComplete(func(txErr error) error {
		if txErr == nil {
			h.send(deliveries)
		}
		return nil
	})
}

// lostRecord is the record of a delete event for someone who lost sight of
// it.
type lostRecord struct {
	CollectionId   string `json:"collectionId"`
	CollectionName string `json:"collectionName"`
	Id             string `json:"id"`
}

func (h *realtimeHub) prepareLosses(collection *core.Collection, losses []audienceLoss) []realtimeDelivery {
	var deliveries []realtimeDelivery
	for _, loss := range losses {
		var data []byte
		for _, client := range h.subscribersAmong(collection.Name, loss.users) {
			for _, topic := range client.topicsOf(collection.Name) {
				if !topic.matches(loss.recordId) {
					continue
				}
				if data == nil {
					data, _ = json.Marshal(realtimeEventData{
						Action: "delete",
						Record: lostRecord{CollectionId: collection.Id, CollectionName: collection.Name, Id: loss.recordId},
					})
				}
				deliveries = append(deliveries, realtimeDelivery{client: client, msg: subscriptions.Message{Name: topic.sub, Data: data}})
			}
		}
	}
	return deliveries
}

// subscribersAmong are the clients subscribed to collection that are
// signed in as one of users.
func (h *realtimeHub) subscribersAmong(collection string, users []string) []*realtimeClient {
	h.mu.RLock()
	defer h.mu.RUnlock()

	subscribed := h.subscribers[collection]
	var result []*realtimeClient
	for _, user := range users {
		for client := range h.byAuth[user] {
			if _, ok := subscribed[client]; ok && !client.IsDiscarded() {
				result = append(result, client)
			}
		}
	}
	return result
}
