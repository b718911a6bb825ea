package pb_migrations_test

// todomate's migrations on a fresh data dir, on one that PocketBase used
// before todomate (users without a username), twice in a row, and all the
// way down and up again. PocketBase's own data (users, superusers,
// settings) must come through every one of these whole.

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	_ "github.com/todomate/todomate/pb_migrations"
)

// released are the migrations already shipped, in order. Migrations are
// append-only: a shipped one is never renamed, removed or reordered (new
// ones go after the last).
var released = []string{
	"1795600000_users_profile.go",
	"1795600001_friendships.go",
	"1795600002_goals.go",
	"1795600003_todos.go",
	"1795600004_diaries.go",
	"1795600005_likes.go",
	"1795600006_follows.go",
	"1795600007_rate_limits.go",
	"1795600010_day_indexes.go",
	"1795600011_users_email_lookup.go",
	"1795600030_backups.go",
	"1795600040_audiences.go",
	"1795600050_visibility_levels_and_blocks.go",
	"1795600060_todos_visibility_and_level_indexes.go",
	"1795600070_notifications.go",
	"1795600080_likes_default_cheer.go",
	"1795600110_routines.go",
	"1795600120_todos_proof.go",
	"1795600130_alarms.go",
	"1795600140_goals_ended.go",
	"1795600150_users_avatar_protected.go",
	"1795600160_todos_tally_index.go",
	"1795600170_goals_feed_index.go",
	"1795600180_todos_like_count.go",
	"1795600190_everyone_indexes_audience.go",
	"1795600200_todos_shared_index_feed.go",
}

var todomateCollections = []string{"friendships", "goals", "todos", "diaries", "likes", "follows", "blocks"}

var usernamePattern = regexp.MustCompile(`^[a-z0-9_.]{3,30}$`)

const oldPassword = "pre-todomate-pass"

// newPocketBaseDir returns an app on a new data dir that has PocketBase's
// own migrations only: PocketBase as it was before todomate came.
func newPocketBaseDir(t *testing.T) *core.BaseApp {
	t.Helper()
	return openDir(t, t.TempDir())
}

func openDir(t *testing.T, dir string) *core.BaseApp {
	t.Helper()

	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir})
	if err := app.Bootstrap(); err != nil {
		t.Fatalf("bootstrap %s: %v", dir, err)
	}
	t.Cleanup(func() { app.ClearBootstrap() })
	return app
}

func appMigrationsUp(t *testing.T, app core.App) []string {
	t.Helper()
	applied, err := core.NewMigrationsRunner(app, core.AppMigrations).Up()
	if err != nil {
		t.Fatalf("migrations up: %v", err)
	}
	return applied
}

// addPocketBaseUsers saves users and a superuser the way PocketBase alone
// would have: email and password, a name, no username.
func addPocketBaseUsers(t *testing.T, app core.App) []*core.Record {
	t.Helper()

	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		t.Fatal(err)
	}
	if users.Fields.GetByName("username") != nil {
		t.Fatal("users already has a username before todomate's migrations")
	}

	var saved []*core.Record
	for _, email := range []string{"ann@example.com", "BEN@example.com", "c.d-e+f@example.com"} {
		user := core.NewRecord(users)
		user.SetEmail(email)
		user.SetPassword(oldPassword)
		user.Set("name", "Name of "+email)
		if err := app.Save(user); err != nil {
			t.Fatalf("save pre-todomate user %s: %v", email, err)
		}
		saved = append(saved, user)
	}

	superusers, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		t.Fatal(err)
	}
	admin := core.NewRecord(superusers)
	admin.SetEmail("admin@example.com")
	admin.SetPassword(oldPassword)
	if err := app.Save(admin); err != nil {
		t.Fatalf("save superuser: %v", err)
	}

	return saved
}

// expectUsersKept checks that every user of before is still there with
// its email, password and name, and now has a valid, unique username and
// can be saved again (so can still change password or profile).
func expectUsersKept(t *testing.T, app core.App, before []*core.Record) {
	t.Helper()

	seen := map[string]bool{}
	for _, old := range before {
		user, err := app.FindRecordById("users", old.Id)
		if err != nil {
			t.Errorf("user %s lost: %v", old.Email(), err)
			continue
		}
		if user.Email() != old.Email() || user.GetString("name") != old.GetString("name") {
			t.Errorf("user %s changed: email %q name %q", old.Id, user.Email(), user.GetString("name"))
		}
		if !user.ValidatePassword(oldPassword) {
			t.Errorf("user %s can no longer log in with their password", old.Email())
		}

		username := user.GetString("username")
		if !usernamePattern.MatchString(username) {
			t.Errorf("user %s got an invalid username %q", old.Email(), username)
		}
		if seen[strings.ToLower(username)] {
			t.Errorf("username %q given twice", username)
		}
		seen[strings.ToLower(username)] = true

		user.Set("bio", "still here")
		if err := app.Save(user); err != nil {
			t.Errorf("user %s cannot be saved after the migrations: %v", old.Email(), err)
		}
	}

	admin, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, "admin@example.com")
	if err != nil || !admin.ValidatePassword(oldPassword) {
		t.Errorf("superuser lost or changed: %v", err)
	}
}

func expectTodomateSchema(t *testing.T, app core.App) {
	t.Helper()

	for _, name := range todomateCollections {
		if _, err := app.FindCollectionByNameOrId(name); err != nil {
			t.Errorf("collection %s missing: %v", name, err)
		}
	}

	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{"username", "bio", "name", "avatar"} {
		if users.Fields.GetByName(field) == nil {
			t.Errorf("users.%s missing", field)
		}
	}
	if !slices.Equal(users.PasswordAuth.IdentityFields, []string{"email", "username"}) {
		t.Errorf("users identity fields: %v", users.PasswordAuth.IdentityFields)
	}
	if password, ok := users.Fields.GetByName("password").(*core.PasswordField); !ok || password.Min != 8 {
		t.Errorf("users password min is not 8")
	}
	for rule, got := range map[string]*string{"list": users.ListRule, "view": users.ViewRule} {
		if got == nil || *got != `@request.auth.id != "" && blocking !~ @request.auth.id` {
			t.Errorf("users %s rule: %v", rule, got)
		}
	}
	if !app.Settings().RateLimits.Enabled || len(app.Settings().RateLimits.Rules) == 0 {
		t.Errorf("rate limiter is not on with rules: %+v", app.Settings().RateLimits)
	}
}

func TestMigrationsAreAppendOnly(t *testing.T) {
	var registered []string
	for _, m := range core.AppMigrations.Items() {
		if strings.HasPrefix(m.File, "17956") {
			registered = append(registered, m.File)
		}
	}
	if len(registered) < len(released) || !slices.Equal(registered[:len(released)], released) {
		t.Fatalf("shipped migrations changed:\nreleased   %v\nregistered %v", released, registered)
	}
	if !slices.IsSorted(registered) {
		t.Fatalf("migrations out of order: %v", registered)
	}
}

func TestMigrationsOnAFreshDataDir(t *testing.T) {
	dir := t.TempDir()
	app := openDir(t, dir)

	applied := appMigrationsUp(t, app)
	for _, name := range released {
		if !slices.Contains(applied, name) {
			t.Errorf("%s not applied on a fresh dir (applied %v)", name, applied)
		}
	}
	expectTodomateSchema(t, app)
	app.ClearBootstrap()

	// a restart on the same dir applies nothing again and keeps everything
	again := openDir(t, dir)
	if applied := appMigrationsUp(t, again); len(applied) != 0 {
		t.Errorf("second start applied %v", applied)
	}
	expectTodomateSchema(t, again)
}

func TestMigrationsOnAPocketBaseDataDirWithUsers(t *testing.T) {
	app := newPocketBaseDir(t)
	before := addPocketBaseUsers(t, app)

	appMigrationsUp(t, app)

	expectTodomateSchema(t, app)
	expectUsersKept(t, app, before)
}

func TestMigrationsDownAndUpAgain(t *testing.T) {
	app := newPocketBaseDir(t)
	before := addPocketBaseUsers(t, app)
	applied := appMigrationsUp(t, app)
	appName := app.Settings().Meta.AppName

	reverted, err := core.NewMigrationsRunner(app, core.AppMigrations).Down(len(applied))
	if err != nil {
		t.Fatalf("migrations down: %v", err)
	}
	if len(reverted) != len(applied) {
		t.Fatalf("reverted %v of %v", reverted, applied)
	}

	for _, name := range todomateCollections {
		if _, err := app.FindCollectionByNameOrId(name); err == nil {
			t.Errorf("collection %s still there after down", name)
		}
	}
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		t.Fatalf("users collection lost: %v", err)
	}
	if users.Fields.GetByName("username") != nil || users.Fields.GetByName("bio") != nil {
		t.Error("users still has todomate's fields after down")
	}
	if app.Settings().RateLimits.Enabled {
		t.Error("rate limiter still on after down")
	}
	for _, old := range before {
		user, err := app.FindRecordById("users", old.Id)
		if err != nil || user.Email() != old.Email() || !user.ValidatePassword(oldPassword) {
			t.Errorf("user %s lost or changed by down: %v", old.Email(), err)
		}
	}
	if app.Settings().Meta.AppName != appName {
		t.Errorf("settings changed by down: app name %q", app.Settings().Meta.AppName)
	}

	reapplied := appMigrationsUp(t, app)
	if !slices.Equal(reapplied, applied) {
		t.Errorf("up again applied %v, first up %v", reapplied, applied)
	}
	expectTodomateSchema(t, app)
	expectUsersKept(t, app, before)
}

// A log-in by email or username, with thousands of users, is an index search.
func TestLoginLookupsUseIndexes(t *testing.T) {
	app := openDir(t, t.TempDir())
	if err := app.RunAllMigrations(); err != nil {
		t.Fatal(err)
	}

	lookups := []string{
		"SELECT * FROM users WHERE email = 'ann@example.com' LIMIT 1",
		"SELECT * FROM users WHERE username = 'ann' COLLATE NOCASE LIMIT 1",
	}
	for _, query := range lookups {
		var steps []struct {
			Detail string `db:"detail"`
		}
		if err := app.DB().NewQuery("EXPLAIN QUERY PLAN " + query).All(&steps); err != nil {
			t.Fatal(err)
		}
		if len(steps) != 1 || !strings.HasPrefix(steps[0].Detail, "SEARCH users USING") {
			t.Errorf("%s: plan %+v, want one index search", query, steps)
		}
	}
}

// saveOld saves a record as a release before a migration would have: by
// PocketBase's models alone (no todomate hooks are bound here), an auth
// record with oldPassword.
func saveOld(t *testing.T, app core.App, collection string, fields map[string]any) {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	record := core.NewRecord(c)
	record.Load(fields)
	if c.IsAuth() {
		record.SetPassword(oldPassword)
	}
	if err := app.Save(record); err != nil {
		t.Fatalf("save %s %v: %v", collection, fields, err)
	}
}

// migrationsSince is how many migrations file and those after it are:
// what Down takes to undo it.
func migrationsSince(file string) int {
	items := core.AppMigrations.Items()
	for i, m := range items {
		if m.File == file {
			return len(items) - i
		}
	}
	return 0
}

// dirBefore is a new data dir of the release before migration: every
// migration applied, then those from migration on taken down.
func dirBefore(t *testing.T, migration string) *core.BaseApp {
	t.Helper()
	app := openDir(t, t.TempDir())
	appMigrationsUp(t, app)
	downBefore(t, app, migration)
	return app
}

// downBefore takes app's migrations down to just before migration: a data
// dir of the release before it.
func downBefore(t *testing.T, app core.App, migration string) {
	t.Helper()
	if _, err := core.NewMigrationsRunner(app, core.AppMigrations).Down(migrationsSince(migration)); err != nil {
		t.Fatalf("down to before %s: %v", migration, err)
	}
}

// upFrom applies app's migrations and fails unless migration and those
// after it were applied, from it on.
func upFrom(t *testing.T, app core.App, migration string) {
	t.Helper()
	if applied := appMigrationsUp(t, app); len(applied) != migrationsSince(migration) || applied[0] != migration {
		t.Fatalf("applied %v, want %s and the migrations after it", applied, migration)
	}
}
