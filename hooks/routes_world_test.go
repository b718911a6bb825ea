package hooks_test

import (
	"sync"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/todomate/todomate/internal/fixture"
)

// The circle: vic and the people around vic, for the custom routes' tests
// of ordering, paging and counting (the community fixture has one friend
// per user, too few to order or page).
//
//	amy, max, zoe — friends of vic with something visible on fixture.Day:
//	              amy a todo under a public goal and a diary, max three
//	              todos (and a private one), zoe only a diary
//	kim           — a friend with only private things on the day
//	ned           — a friend with nothing on the day (a todo the day before)
//	oli           — follows vic, not followed back; public things on the day
//	pat           — followed by vic, does not follow back; public things on the day
//
// amy, max and zoe are friends of each other too, and like each other's things.
const (
	circleVicId = "usercvic0000000"
	circleAmyId = "usercamy0000000"
	circleMaxId = "usercmax0000000"
	circleZoeId = "userczoe0000000"
	circleKimId = "userckim0000000"
	circleNedId = "usercned0000000"
	circleOliId = "usercoli0000000"
	circlePatId = "usercpat0000000"

	circleGoalRunId    = "goalcamyrun0000" // amy's, public
	circleGoalSecretId = "goalcmaxsecret0" // max's, private

	circleTodoAmyId       = "todocamy0000000" // liked by vic, max, zoe
	circleTodoMaxLaterId  = "todocmaxa000000" // sort 1, created second
	circleTodoMaxFirstId  = "todocmaxb000000" // sort 1, created first; liked by amy
	circleTodoMaxLastId   = "todocmaxc000000" // sort 2, created before both; checked
	circleTodoMaxSecretId = "todocmaxs000000" // private goal; liked by max
	circleTodoKimSecretId = "todockims000000" // private goal
	circleTodoNedId       = "todocned0000000" // the day before
	circleTodoOliId       = "todocoli0000000"
	circleTodoPatId       = "todocpat0000000"

	circleDiaryAmyId       = "diarycamy000000" // liked by max
	circleDiaryMaxId       = "diarycmax000000" // private
	circleDiaryMaxOtherId  = "diarycmaxother0" // fixture.OtherDay, public 🌙
	circleDiaryZoeId       = "diaryczoe000000" // liked by vic
	circleDiaryKimId       = "diaryckim000000" // private
	circleDiaryOliId       = "diarycoli000000"
	circleDiaryPatId       = "diarycpat000000"
	circleTodoMaxOctoberId = "todocmaxoct0000" // 2026-10-31, outside November
	circleTodoMaxDecId     = "todocmaxdec0000" // 2026-12-01, outside November
	circleTodoMaxHiddenDay = "2026-11-20"      // a day with only max's secret todo
	circleTodoMaxHiddenId  = "todocmaxhid0000"
)

func buildCircle(b *fixture.Builder) {
	vic := b.User(circleVicId, "vic")
	amy := b.User(circleAmyId, "amy")
	maxUser := b.User(circleMaxId, "max")
	zoe := b.User(circleZoeId, "zoe")
	kim := b.User(circleKimId, "kim")
	ned := b.User(circleNedId, "ned")
	oli := b.User(circleOliId, "oli")
	pat := b.User(circlePatId, "pat")

	for _, friend := range []*core.Record{amy, maxUser, zoe, kim, ned} {
		b.Friends(vic, friend)
	}
	b.Friends(amy, maxUser)
	b.Friends(amy, zoe)
	b.Friends(maxUser, zoe)
	b.Follow(oli, vic)
	b.Follow(vic, pat)

	run := b.Goal(circleGoalRunId, amy, "run", false)
	amyTodo := b.Todo(circleTodoAmyId, amy, run, fixture.Day, "amy runs 5k")
	amyDiary := b.Diary(circleDiaryAmyId, amy, fixture.Day, "🏃", "amy ran", false)

	secret := b.Goal(circleGoalSecretId, maxUser, "max secret goal", true)
	circleTodoAt(b, b.Todo(circleTodoMaxLastId, maxUser, nil, fixture.Day, "max sorted last"), 2, "2026-11-24 08:00:00.000Z", true)
	maxFirst := circleTodoAt(b, b.Todo(circleTodoMaxFirstId, maxUser, nil, fixture.Day, "max created first"), 1, "2026-11-24 09:00:00.000Z", false)
	circleTodoAt(b, b.Todo(circleTodoMaxLaterId, maxUser, nil, fixture.Day, "max created later"), 1, "2026-11-24 10:00:00.000Z", false)
	maxSecret := b.Todo(circleTodoMaxSecretId, maxUser, secret, fixture.Day, "max secret todo")
	b.Todo(circleTodoMaxHiddenId, maxUser, secret, circleTodoMaxHiddenDay, "max hidden day todo")
	b.Todo(circleTodoMaxOctoberId, maxUser, nil, "2026-10-31", "max in october")
	b.Todo(circleTodoMaxDecId, maxUser, nil, "2026-12-01", "max in december")
	b.Diary(circleDiaryMaxId, maxUser, fixture.Day, "🤐", "max private diary", true)
	b.Diary(circleDiaryMaxOtherId, maxUser, fixture.OtherDay, "🌙", "max other day", false)

	// a stored avatar and photos (names only: the routes show names, not files)
	circleExec(b, "UPDATE users SET avatar = 'amy_face_0123456789.png' WHERE id = '"+circleAmyId+"'")
	circleExec(b, "UPDATE diaries SET photos = '[\"amy_run_0123456789.jpg\"]' WHERE id = '"+circleDiaryAmyId+"'")

	zoeDiary := b.Diary(circleDiaryZoeId, zoe, fixture.Day, "🌊", "zoe swam", false)

	kimSecret := b.Goal("goalckimsecret0", kim, "kim secret goal", true)
	b.Todo(circleTodoKimSecretId, kim, kimSecret, fixture.Day, "kim secret todo")
	b.Diary(circleDiaryKimId, kim, fixture.Day, "🙈", "kim private diary", true)

	b.Todo(circleTodoNedId, ned, nil, fixture.OtherDay, "ned yesterday")

	b.Todo(circleTodoOliId, oli, nil, fixture.Day, "oli one-way follower todo")
	b.Diary(circleDiaryOliId, oli, fixture.Day, "🦉", "oli diary", false)
	b.Todo(circleTodoPatId, pat, nil, fixture.Day, "pat followed one-way todo")
	b.Diary(circleDiaryPatId, pat, fixture.Day, "🐧", "pat diary", false)

	b.Like("likecvicamytodo", vic, amyTodo)
	b.Like("likecmaxamytodo", maxUser, amyTodo)
	b.Like("likeczoeamytodo", zoe, amyTodo)
	b.Like("likecamymaxtodo", amy, maxFirst)
	b.Like("likecmaxsecret0", maxUser, maxSecret)
	b.Like("likecmaxamydiar", maxUser, amyDiary)
	b.Like("likecviczoediar", vic, zoeDiary)
}

// circleTodoAt gives a todo its sort, created time and checked state.
// (Written with SQL: the authors hook refuses a second save of a record
// object fresh from its first one, whose Original() is still blank.)
func circleTodoAt(b *fixture.Builder, todo *core.Record, sort int, created string, checked bool) *core.Record {
	_, err := b.App().DB().
		NewQuery("UPDATE todos SET sort = {:sort}, created = {:created}, is_checked = {:checked} WHERE id = {:id}").
		Bind(dbx.Params{"sort": sort, "created": created, "checked": checked, "id": todo.Id}).
		Execute()
	if err != nil {
		panic("circle: " + err.Error())
	}
	return todo
}

func circleExec(b *fixture.Builder, sql string) {
	if _, err := b.App().DB().NewQuery(sql).Execute(); err != nil {
		panic("circle: " + err.Error())
	}
}

func newCircleApp(t testing.TB) *tests.TestApp {
	return fixture.NewApp(t, "circle", buildCircle)
}

// routeTokens holds one auth token per world and user: every copy of a
// world's template has the same signing keys, so a token made on one copy
// is good on all of them.
var routeTokens sync.Map

// routeAuth is the Authorization header of username in the world made by
// newApp ("" for none, as an anonymous request).
func routeAuth(t testing.TB, newApp func(testing.TB) *tests.TestApp, world, username string) map[string]string {
	t.Helper()
	if username == "" {
		return nil
	}

	key := world + "/" + username
	if token, ok := routeTokens.Load(key); ok {
		return map[string]string{"Authorization": token.(string)}
	}

	app := newApp(t)
	defer app.Cleanup()
	token := fixture.Token(t, app, username)
	routeTokens.Store(key, token)

	return map[string]string{"Authorization": token}
}

func asCircle(t testing.TB, username string) map[string]string {
	return routeAuth(t, newCircleApp, "circle", username)
}

func asCommunity(t testing.TB, username string) map[string]string {
	return routeAuth(t, func(t testing.TB) *tests.TestApp { return fixture.NewCommunityApp(t) }, "community", username)
}
