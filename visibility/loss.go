package visibility

import (
	"slices"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// Loss is one record and the users a write took out of its
// audience: users, or, when it stopped being seen by everyone, every user
// but those in but.
type Loss struct {
	RecordId string
	Users    []string
	Everyone bool
	But      map[string]bool
}

// Loses reports whether user is among those who lost the record.
func (l Loss) Loses(user string) bool {
	if l.Everyone {
		return !l.But[user]
	}
	return slices.Contains(l.Users, user)
}

// LossListener hears, inside the transaction of a write, which
// users the write took out of which records' audiences. (The realtime hub:
// it tells those users' open screens to drop the records once the write
// commits.)
type LossListener interface {
	// Listens reports whether losses in collection are of interest now;
	// when not, they are not even computed.
	Listens(txApp core.App, collection *core.Collection) bool
	Lost(txApp core.App, collection *core.Collection, losses []Loss) error
}

// LeftAudience is who is in the audience before and not in the one after
// (each a list of ids, or "*" and the ids left out: package visibility),
// as the loss of the record id; false when nobody left.
func LeftAudience(id, before, after string) (Loss, bool) {
	if before == "" || before == after {
		return Loss{}, false
	}
	beforeIds, beforeAll := audienceIds(before)
	afterIds, afterAll := audienceIds(after)
	loss := Loss{RecordId: id}
	switch {
	case beforeAll && afterAll: // newly left out
		loss.Users = missingFrom(afterIds, beforeIds)
	case beforeAll: // all but those who still see it, or never did
		loss.Everyone = true
		loss.But = map[string]bool{}
		for _, user := range append(afterIds, beforeIds...) {
			loss.But[user] = true
		}
		return loss, true
	case afterAll: // those listed before and left out now
		loss.Users = missingFrom(beforeIds, missingFrom(beforeIds, afterIds))
	default:
		loss.Users = missingFrom(beforeIds, afterIds)
	}
	return loss, len(loss.Users) > 0
}

// audienceIds are the ids of an audience, and whether it is an
// everyone-but-these audience.
func audienceIds(audience string) ([]string, bool) {
	all := strings.HasPrefix(audience, "*")
	var ids []string
	for _, id := range strings.Split(strings.TrimPrefix(audience, "*"), ",") {
		if id != "" {
			ids = append(ids, id)
		}
	}
	return ids, all
}

// missingFrom are the ids of from that are not in other.
func missingFrom(from, other []string) []string {
	var missing []string
	for _, id := range from {
		if !slices.Contains(other, id) {
			missing = append(missing, id)
		}
	}
	return missing
}
