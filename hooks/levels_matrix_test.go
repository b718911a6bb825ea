package hooks_test

// The levels-and-blocks matrix, generated: for each visibility level of
// alice's subject goal, todo and diary, every kind of requester (owner,
// friend, one-way follower, stranger, someone alice blocks, someone who
// blocks alice, anonymous) against every subject record and the users,
// follows and blocks around them, through list, view, update, delete and
// the download of each file the record holds (with the requester's file
// token, and with none).
// What each may see is worked out below from the SPEC's words, apart from
// the rules, so a rule that lets one more in (or one fewer) fails here.

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/todomate/todomate/collections"
	. "github.com/todomate/todomate/internal/fixture"
)

const (
	blockedByAlice = "eve" // alice blocks eve
	blocksAlice    = "fay" // fay blocks alice
)

var levelsRequesters = []string{owner, friend, follower, stranger, blockedByAlice, blocksAlice, anonymous}

// inBlockWith is who is in a block with whom in the levels world.
var inBlockWith = map[string][]string{
	owner:          {blockedByAlice, blocksAlice},
	blockedByAlice: {owner},
	blocksAlice:    {owner},
}

func inBlock(a, b string) bool {
	for _, other := range inBlockWith[a] {
		if other == b {
			return true
		}
	}
	return false
}

// seesAliceAt: the SPEC's "visible" for one of alice's records at level.
func seesAliceAt(level, requester string) bool {
	switch {
	case requester == owner:
		return true
	case requester == anonymous || inBlock(requester, owner):
		return false
	case level == collections.VisibilityFriends:
		return requester == friend
	case level == collections.VisibilityEveryone:
		return true
	}
	return false
}

// matrixRecord is one record of the levels world and who may see it.
type matrixRecord struct {
	collection, id, owner string
	sees                  func(requester string) bool
}

func levelsRecords(level string) []matrixRecord {
	aliceAt := func(r string) bool { return seesAliceAt(level, r) }
	likeBy := func(liker string) func(string) bool {
		return func(r string) bool { return r == liker || (aliceAt(r) && !inBlock(r, liker)) }
	}
	signedInUnless := func(blockers ...string) func(string) bool {
		return func(r string) bool {
			if r == anonymous {
				return false
			}
			for _, blocker := range blockers {
				if blocker == owner && r == blockedByAlice || blocker == blocksAlice && r == owner {
					return false
				}
			}
			return true
		}
	}
	only := func(who string) func(string) bool { return func(r string) bool { return r == who } }
	return []matrixRecord{
		{"goals", GoalSubjectId, owner, aliceAt},
		{"todos", TodoSubjectId, owner, aliceAt},
		{"diaries", DiarySubjectId, owner, aliceAt},
		{"likes", LikeSubjectId, friend, likeBy(friend)},
		{"likes", LikeDaveId, stranger, likeBy(stranger)},
		// dave's "everyone" diary, and eve's like of it: whoever is in a
		// block with the liker does not see the like
		{"diaries", DiaryDaveId, stranger, signedInUnless()},
		{"likes", LikeEveId, blockedByAlice, func(r string) bool {
			return r == blockedByAlice || r != anonymous && !inBlock(r, blockedByAlice)
		}},
		// a user is hidden from whom they block; the blocker sees the blocked
		{"users", AliceId, owner, signedInUnless(owner)},
		{"users", FayId, blocksAlice, signedInUnless(blocksAlice)},
		{"users", EveId, blockedByAlice, signedInUnless()},
		// a follow is hidden from whom either side blocks
		{"follows", followCarolAliceId, follower, signedInUnless(owner)},
		// a block is its blocker's alone
		{"blocks", blockAliceEveId, owner, only(owner)},
		{"blocks", blockFayAliceId, blocksAlice, only(blocksAlice)},
	}
}

// Ids the builder leaves to PocketBase, found once per level.
var followCarolAliceId, blockAliceEveId, blockFayAliceId string

func TestLevelsAndBlocksMatrix(t *testing.T) {
	for _, level := range collections.VisibilityLevels {
		t.Run(level, func(t *testing.T) {
			app := NewLevelsApp(t, level)
			tokens, fileTokens := map[string]string{}, map[string]string{}
			for _, r := range levelsRequesters {
				if r != anonymous {
					tokens[r] = Token(t, app, r)
					fileTokens[r] = FileToken(t, app, r)
				}
			}
			find := func(collection, filter string) string {
				record, err := app.FindFirstRecordByFilter(collection, filter)
				if err != nil {
					t.Fatalf("%s %s: %v", collection, filter, err)
				}
				return record.Id
			}
			followCarolAliceId = find("follows", "follower = '"+CarolId+"' && following = '"+AliceId+"'")
			blockAliceEveId = find("blocks", "blocker = '"+AliceId+"'")
			blockFayAliceId = find("blocks", "blocker = '"+FayId+"'")
			if n, _ := app.CountRecords("follows", nil); n == 0 {
				t.Fatal("no follows in the levels world")
			}
			for _, gone := range [][2]string{{AliceId, EveId}, {EveId, AliceId}, {FayId, AliceId}} {
				if _, err := app.FindFirstRecordByFilter("follows", "follower = '"+gone[0]+"' && following = '"+gone[1]+"'"); err == nil {
					t.Errorf("the follow %s -> %s outlived a block", gone[0], gone[1])
				}
			}
			updated, files := map[string]string{}, map[string][]string{}
			for _, record := range levelsRecords(level) {
				stored, err := app.FindRecordById(record.collection, record.id)
				if err != nil {
					t.Fatalf("%s %s: %v", record.collection, record.id, err)
				}
				updated[record.id] = stored.GetString(collections.FieldUpdated)
				files[record.id] = fileNames(stored)
			}
			if len(files[AliceId]) == 0 || len(files[TodoSubjectId]) == 0 || len(files[DiarySubjectId]) == 0 {
				t.Fatalf("the levels world lacks a file: %v", files)
			}
			app.Cleanup()

			factory := func(t testing.TB) *tests.TestApp { return NewLevelsApp(t, level) }
			headers := func(r string) map[string]string {
				if r == anonymous {
					return nil
				}
				return map[string]string{"Authorization": tokens[r]}
			}

			for _, record := range levelsRecords(level) {
				for _, r := range levelsRequesters {
					sees := record.sees(r)
					name := fmt.Sprintf("%s %%s %s %s", who(r), record.collection, record.id)

					list := tests.ApiScenario{
						Name:           fmt.Sprintf(name, "lists"),
						Method:         http.MethodGet,
						URL:            recordsURL(record.collection) + "?filter=" + url.QueryEscape("id='"+record.id+"'"),
						Headers:        headers(r),
						TestAppFactory: factory,
						ExpectedStatus: http.StatusOK,
					}
					view := tests.ApiScenario{
						Name:           fmt.Sprintf(name, "views"),
						Method:         http.MethodGet,
						URL:            recordURL(record.collection, record.id),
						Headers:        headers(r),
						TestAppFactory: factory,
					}
					if sees {
						list.ExpectedContent = []string{`"totalItems":1`, `"id":"` + record.id + `"`}
						view.ExpectedStatus = http.StatusOK
						view.ExpectedContent = []string{`"id":"` + record.id + `"`}
					} else {
						list.ExpectedContent = []string{`"totalItems":0`}
						list.NotExpectedContent = []string{record.id}
						notFound(&view, record.id, false)
					}
					list.Test(t)
					view.Test(t)

					for _, file := range files[record.id] {
						fileURL := "/api/files/" + record.collection + "/" + record.id + "/" + file
						download := tests.ApiScenario{
							Name:           fmt.Sprintf(name, "downloads "+file+" of"),
							Method:         http.MethodGet,
							URL:            fileURL + "?token=" + fileTokens[r],
							TestAppFactory: factory,
						}
						unsigned := tests.ApiScenario{
							Name:           fmt.Sprintf(name, "downloads without a token "+file+" of"),
							Method:         http.MethodGet,
							URL:            fileURL,
							TestAppFactory: factory,
						}
						if sees {
							download.ExpectedStatus = http.StatusOK
							download.ExpectedContent = []string{"\x89PNG"}
						} else {
							download.ExpectedStatus = http.StatusNotFound
							download.NotExpectedContent = []string{"\x89PNG"}
						}
						unsigned.ExpectedStatus = http.StatusNotFound
						unsigned.NotExpectedContent = []string{"\x89PNG"}
						download.Test(t)
						unsigned.Test(t)
					}

					if record.collection == "users" || record.collection == "follows" || record.collection == "blocks" {
						continue // their writes are the users, follows and blocks tests'
					}
					update := tests.ApiScenario{
						Name:           fmt.Sprintf(name, "updates"),
						Method:         http.MethodPatch,
						URL:            recordURL(record.collection, record.id),
						Body:           jsonBody(`{}`),
						Headers:        headers(r),
						TestAppFactory: factory,
					}
					remove := tests.ApiScenario{
						Name:           fmt.Sprintf(name, "deletes"),
						Method:         http.MethodDelete,
						URL:            recordURL(record.collection, record.id),
						Headers:        headers(r),
						TestAppFactory: factory,
					}
					if r == record.owner {
						update.ExpectedStatus = http.StatusOK
						update.ExpectedContent = []string{`"id":"` + record.id + `"`}
						remove.ExpectedStatus = http.StatusNoContent
					} else {
						notFound(&update, record.id, false)
						notFound(&remove, record.id, false)
						untouched := expectUntouched(record.collection, record.id, updated[record.id])
						update.AfterTestFunc, remove.AfterTestFunc = untouched, untouched
					}
					if record.collection == "likes" { // no client updates a like
						update.ExpectedStatus = http.StatusForbidden
						update.ExpectedContent = []string{`"status":403`}
						update.NotExpectedContent = nil
						update.AfterTestFunc = expectUntouched(record.collection, record.id, updated[record.id])
					}
					update.Test(t)
					remove.Test(t)
				}
			}
		})
	}
}

// fileNames are the names of every file record holds, in all its file
// fields: the doors the matrix downloads through.
func fileNames(record *core.Record) []string {
	var names []string
	for _, field := range record.Collection().Fields {
		if field.Type() == core.FieldTypeFile {
			names = append(names, record.GetStringSlice(field.GetName())...)
		}
	}
	return names
}

// expectUntouched is an AfterTestFunc: the record is still there, as it
// was (its updated time unchanged).
func expectUntouched(collection, id, updated string) func(testing.TB, *tests.TestApp, *http.Response) {
	return func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		t.Helper()
		record, err := app.FindRecordById(collection, id)
		if err != nil {
			t.Fatalf("%s %s gone after a refused write: %v", collection, id, err)
		}
		if got := record.GetString(collections.FieldUpdated); got != updated {
			t.Errorf("%s %s written by a refused request: updated %s, was %s", collection, id, got, updated)
		}
	}
}
