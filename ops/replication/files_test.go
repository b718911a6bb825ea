//go:build replication

package replication_test

import (
	"bytes"
	"context"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/todomate/todomate/internal/fixture"
)

// A diary photo uploaded before a crash is served by the server restored on a
// new machine (its data dir gone: the photo comes from the S3 files bucket,
// its record from the replica), and still only through a file token of
// someone who may see the diary.
func TestPhotoOutlivesTheMachine(t *testing.T) {
	env := serverEnv(newReplicaURL("photo"), true)
	dir := filepath.Join(t.TempDir(), "pb_data")
	newSuperuser(t, dir, env)
	srv := startServer(t, dir, env)
	pia := signUp(t, srv.base, "pia")
	photo := fixture.PNGImage(7)

	before := replicationStatus(t, srv.base)
	diaryID, fileName := createDiaryWithPhoto(t, srv.base, pia.token, photo)
	waitReplicated(t, srv.base, before)
	srv.kill9()
	if err := os.RemoveAll(dir); err != nil {
		t.Fatalf("deleting the data dir: %v", err)
	}

	newDir := filepath.Join(t.TempDir(), "pb_data")
	restored := startServer(t, newDir, env)
	fileURL := restored.base + "/api/files/diaries/" + diaryID + "/" + fileName
	if local := findFile(t, newDir, fileName); local != "" {
		t.Errorf("the photo is in the new data dir (%s): it should come from S3", local)
	}

	// no token, and a stranger's token: not found, as PocketBase answers for
	// a protected file it will not serve
	status, _, err := call(context.Background(), http.MethodGet, fileURL, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if status != http.StatusNotFound && status != http.StatusForbidden {
		t.Errorf("the photo without a token: status %d, want 404 or 403", status)
	}
	stranger := signUp(t, restored.base, "stranger")
	status, _, err = call(context.Background(), http.MethodGet, fileURL+"?token="+fileToken(t, restored.base, stranger.token), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if status != http.StatusNotFound && status != http.StatusForbidden {
		t.Errorf("the photo with a stranger's file token: status %d, want 404 or 403", status)
	}

	// its owner, signed in again on the restored server
	token := signIn(t, restored.base, "users", pia.username, userPassword)
	status, body, err := call(context.Background(), http.MethodGet, fileURL+"?token="+fileToken(t, restored.base, token), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if status != http.StatusOK {
		t.Fatalf("the photo with its owner's file token: status %d: %s\n%s", status, body, restored.logTail())
	}
	if !bytes.Equal(body, photo) {
		t.Errorf("the photo served after the restore differs from the one uploaded (%d bytes, want %d)", len(body), len(photo))
	}
}

// findFile is the path of a file named name under dir ("" when none).
func findFile(t *testing.T, dir, name string) string {
	t.Helper()
	found := ""
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Name() == name {
			found = path
		}
		return nil
	})
	if err != nil {
		t.Fatalf("looking for %s in %s: %v", name, dir, err)
	}
	return found
}

// fileToken is a file token of the auth token's user.
func fileToken(t *testing.T, base, token string) string {
	t.Helper()
	var answer struct{ Token string }
	mustCall(t, http.MethodPost, base+"/api/files/token", token, nil, http.StatusOK, &answer)
	return answer.Token
}
