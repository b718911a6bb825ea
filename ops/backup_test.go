package ops_test

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/archive"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/internal/fixture"
)

const (
	superuserEmail = "admin@example.com"

	photographerId = "userpia00000000" // has an avatar and a diary with photos
	diaryPhotosId  = "diaryphotos0000" // pia's diary with two photos, OtherDay
	backupName     = "todomate_test.zip"
)

// buildBackupWorld is the community plus uploaded files (two diary photos
// and an avatar) and a superuser, who alone may make backups.
func buildBackupWorld(b *fixture.Builder) {
	fixture.BuildCommunity(b)

	pia := b.User(photographerId, "pia")
	b.Avatar(pia, avatar())
	b.DiaryWithPhotos(diaryPhotosId, pia, fixture.OtherDay, "📸", "pia's photos", false,
		photo1(), photo2())

	b.Superuser(superuserEmail)
}

func photo1() []byte { return fixture.PNGImage(1) }
func photo2() []byte { return fixture.PNGImage(2) }
func avatar() []byte { return fixture.PNGImage(3) }

func newBackupApp(t testing.TB) *tests.TestApp {
	return fixture.NewApp(t, "backup", buildBackupWorld)
}

func superuserToken(t testing.TB, app core.App) string {
	t.Helper()

	superuser, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, superuserEmail)
	if err != nil {
		t.Fatal(err)
	}
	token, err := superuser.NewAuthToken()
	if err != nil {
		t.Fatal(err)
	}

	return token
}

func TestBackupsScheduledByDefault(t *testing.T) {
	app := fixture.NewEmptyApp(t)
	defer app.Cleanup()

	backups := app.Settings().Backups
	if backups.Cron != "0 3 * * *" || backups.CronMaxKeep != 7 {
		t.Fatalf("backups: want cron %q keeping 7, got cron %q keeping %d",
			"0 3 * * *", backups.Cron, backups.CronMaxKeep)
	}
}

// The schedule is todomate's default, not a rule: an owner's own schedule
// survives the migration both ways.
func TestBackupsScheduleMigration(t *testing.T) {
	app := fixture.NewEmptyApp(t)
	defer app.Cleanup()

	var migration *core.Migration
	for _, item := range core.AppMigrations.Items() {
		if item.File == "1795600030_backups.go" {
			migration = item
		}
	}
	if migration == nil {
		t.Fatal("migration 1795600030_backups.go is not registered")
	}

	step := func(name string, run func(core.App) error, wantCron string, wantKeep int) {
		t.Helper()
		if err := run(app); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := app.ReloadSettings(); err != nil {
			t.Fatal(err)
		}
		got := app.Settings().Backups
		if got.Cron != wantCron || got.CronMaxKeep != wantKeep {
			t.Fatalf("%s: backups cron %q keeping %d, want %q keeping %d",
				name, got.Cron, got.CronMaxKeep, wantCron, wantKeep)
		}
	}

	step("down", migration.Down, "", 3)
	step("up", migration.Up, "0 3 * * *", 7)

	app.Settings().Backups.Cron = "30 1 * * 0"
	app.Settings().Backups.CronMaxKeep = 2
	if err := app.Save(app.Settings()); err != nil {
		t.Fatal(err)
	}
	step("up over the owner's schedule", migration.Up, "30 1 * * 0", 2)
	step("down over the owner's schedule", migration.Down, "30 1 * * 0", 2)
}

// A backup holds every private diary and password hash: only superusers
// may make, list or download one.
func TestBackupsAreForSuperusersOnly(t *testing.T) {
	// tokens hold in every copy of the world: same users, same token keys
	tokenApp := newBackupApp(t)
	alice := map[string]string{"Authorization": fixture.Token(t, tokenApp, "alice")}
	tokenApp.Cleanup()

	scenarios := []tests.ApiScenario{
		{
			Name:            "anonymous create",
			Method:          http.MethodPost,
			URL:             "/api/backups",
			Body:            strings.NewReader(`{"name":"` + backupName + `"}`),
			ExpectedStatus:  401,
			ExpectedContent: []string{`"data":{}`},
			ExpectedEvents:  map[string]int{"OnBackupCreate": 0},
		},
		{
			Name:            "user create",
			Method:          http.MethodPost,
			URL:             "/api/backups",
			Headers:         alice,
			Body:            strings.NewReader(`{"name":"` + backupName + `"}`),
			ExpectedStatus:  403,
			ExpectedContent: []string{`"data":{}`},
			ExpectedEvents:  map[string]int{"OnBackupCreate": 0},
		},
		{
			Name:               "user list",
			Method:             http.MethodGet,
			URL:                "/api/backups",
			Headers:            alice,
			ExpectedStatus:     403,
			ExpectedContent:    []string{`"data":{}`},
			NotExpectedContent: []string{".zip"},
		},
	}

	for _, scenario := range scenarios {
		scenario.TestAppFactory = newBackupApp
		scenario.Test(t)
	}
}

func TestBackupRestoresEveryRecordAndFile(t *testing.T) {
	app := newBackupApp(t)
	defer app.Cleanup()

	scenario := tests.ApiScenario{
		Name:           "superuser creates a backup",
		Method:         http.MethodPost,
		URL:            "/api/backups",
		Body:           strings.NewReader(`{"name":"` + backupName + `"}`),
		Headers:        map[string]string{"Authorization": superuserToken(t, app)},
		ExpectedStatus: 204,
		ExpectedEvents: map[string]int{"OnBackupCreate": 1},
		TestAppFactory: func(testing.TB) *tests.TestApp { return app },
		// the app is checked against its restored copy below
		DisableTestAppCleanup: true,
	}
	scenario.Test(t)

	// The create handler returns once the archive is written: restore it
	// into a fresh data dir as an operator would (stop, unzip into pb_data).
	archivePath := filepath.Join(app.DataDir(), core.LocalBackupsDirName, backupName)
	dataDir := t.TempDir()
	if err := archive.Extract(archivePath, dataDir); err != nil {
		t.Fatalf("extract %s: %v", archivePath, err)
	}
	if _, err := os.Stat(filepath.Join(dataDir, core.LocalBackupsDirName)); !os.IsNotExist(err) {
		t.Fatalf("the backup holds the backups dir (err %v): backups would nest and grow", err)
	}

	restored, err := tests.NewTestApp(dataDir)
	if err != nil {
		t.Fatalf("open the restored data dir: %v", err)
	}
	defer restored.Cleanup()

	// nothing vacuous: the world has records in every todomate collection
	wantAtLeast := map[string]int{
		core.CollectionNameSuperusers: 1,
		collections.Users:             5,
		collections.Friendships:       2,
		collections.Follows:           3,
		collections.Goals:             2,
		collections.Todos:             4,
		collections.Diaries:           4,
		collections.Likes:             4,
	}

	all, err := app.FindAllCollections(core.CollectionTypeBase, core.CollectionTypeAuth)
	if err != nil {
		t.Fatal(err)
	}
	files := 0
	for _, collection := range all {
		n := compareRecords(t, app, restored, collection)
		if n < wantAtLeast[collection.Name] {
			t.Errorf("%s: %d records compared, want at least %d", collection.Name, n, wantAtLeast[collection.Name])
		}
		delete(wantAtLeast, collection.Name)
		files += compareFiles(t, app, restored, collection)
	}
	for name := range wantAtLeast {
		t.Errorf("collection %s is missing", name)
	}
	if files != 3 {
		t.Errorf("compared %d files, want 3 (two diary photos and an avatar)", files)
	}

	// the files are the uploaded bytes, not only equal on both sides
	diary, err := restored.FindRecordById(collections.Diaries, diaryPhotosId)
	if err != nil {
		t.Fatalf("restored photo diary: %v", err)
	}
	names := diary.GetStringSlice(collections.DiariesFieldPhotos)
	if len(names) != 2 {
		t.Fatalf("restored photo diary has photos %v, want 2", names)
	}
	for i, want := range [][]byte{photo1(), photo2()} {
		if got := readFile(t, restored, diary, names[i]); !bytes.Equal(got, want) {
			t.Errorf("photo %s: %d bytes differ from the %d uploaded", names[i], len(got), len(want))
		}
	}

	if got := restored.Settings().Backups; got.Cron != "0 3 * * *" || got.CronMaxKeep != 7 {
		t.Errorf("restored backups settings: %+v", got)
	}
}

// compareRecords checks that every record of collection in app is in
// restored with the same fields (password hashes and tokens too), and
// nothing more; it returns how many were compared.
func compareRecords(t *testing.T, app, restored core.App, collection *core.Collection) int {
	t.Helper()

	want, err := app.FindAllRecords(collection)
	if err != nil {
		t.Fatalf("%s: %v", collection.Name, err)
	}
	got, err := restored.FindAllRecords(collection.Name)
	if err != nil {
		t.Fatalf("restored %s: %v", collection.Name, err)
	}
	if len(got) != len(want) {
		t.Errorf("%s: restored %d records, want %d", collection.Name, len(got), len(want))
	}

	restoredById := make(map[string]*core.Record, len(got))
	for _, r := range got {
		restoredById[r.Id] = r
	}
	for _, w := range want {
		r, ok := restoredById[w.Id]
		if !ok {
			t.Errorf("%s %s: missing after restore", collection.Name, w.Id)
			continue
		}
		if !reflect.DeepEqual(r.FieldsData(), w.FieldsData()) {
			t.Errorf("%s %s: restored\n%v\nwant\n%v", collection.Name, w.Id, r.FieldsData(), w.FieldsData())
		}
	}

	return len(want)
}

// compareFiles checks that every file of every record of collection has the
// same bytes in restored as in app; it returns how many were compared.
func compareFiles(t *testing.T, app, restored core.App, collection *core.Collection) int {
	t.Helper()

	var fileFields []string
	for _, field := range collection.Fields {
		if field.Type() == core.FieldTypeFile {
			fileFields = append(fileFields, field.GetName())
		}
	}
	if len(fileFields) == 0 {
		return 0
	}

	records, err := app.FindAllRecords(collection)
	if err != nil {
		t.Fatalf("%s: %v", collection.Name, err)
	}

	n := 0
	for _, record := range records {
		for _, field := range fileFields {
			for _, name := range record.GetStringSlice(field) {
				want := readFile(t, app, record, name)
				if got := readFile(t, restored, record, name); !bytes.Equal(got, want) {
					t.Errorf("%s %s %s: restored %d bytes, want %d equal ones", collection.Name, record.Id, name, len(got), len(want))
				}
				n++
			}
		}
	}

	return n
}

func readFile(t *testing.T, app core.App, record *core.Record, name string) []byte {
	t.Helper()

	fsys, err := app.NewFilesystem()
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()

	key := record.BaseFilesPath() + "/" + name
	reader, err := fsys.GetReader(key)
	if err != nil {
		t.Fatalf("read %s: %v", key, err)
	}
	defer reader.Close()

	data, err := io.ReadAll(reader)
	if err != nil {
		t.Fatalf("read %s: %v", key, err)
	}

	return data
}
