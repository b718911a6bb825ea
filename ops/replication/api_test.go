//go:build replication

package replication_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strconv"
	"testing"
	"time"

	"github.com/todomate/todomate/replication"
)

const (
	superuserEmail    = "ops@example.com"
	superuserPassword = "ops-password-123"
	userPassword      = "correct horse 42"
)

// httpClient serves the writers: one kept-alive connection each, and a bound
// on every request (a request to a killed server fails at once anyway).
var httpClient = &http.Client{
	Timeout:   15 * time.Second,
	Transport: &http.Transport{MaxIdleConnsPerHost: 64},
}

// call makes a request with a JSON body (nil: none) and returns the status
// and the answer's body.
func call(ctx context.Context, method, url, token string, body any) (int, []byte, error) {
	var reader io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return 0, nil, fmt.Errorf("encoding %s %s: %w", method, url, err)
		}
		reader = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, reader)
	if err != nil {
		return 0, nil, fmt.Errorf("%s %s: %w", method, url, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return send(req, token)
}

func send(req *http.Request, token string) (int, []byte, error) {
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	res, err := httpClient.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("%s %s: %w", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return res.StatusCode, nil, fmt.Errorf("%s %s: reading the answer: %w", req.Method, req.URL, err)
	}
	return res.StatusCode, data, nil
}

// mustCall is call that fails the test unless the status is want; the JSON
// answer goes into out (nil: ignored).
func mustCall(t *testing.T, method, url, token string, body any, want int, out any) {
	t.Helper()
	status, data, err := call(context.Background(), method, url, token, body)
	if err != nil {
		t.Fatal(err)
	}
	if status != want {
		t.Fatalf("%s %s: status %d, want %d: %s", method, url, status, want, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: decoding %s: %v", method, url, data, err)
		}
	}
}

// signIn is a password login to an auth collection; it returns the token.
func signIn(t *testing.T, base, collection, identity, password string) string {
	t.Helper()
	var auth struct{ Token string }
	mustCall(t, http.MethodPost, base+"/api/collections/"+collection+"/auth-with-password", "",
		map[string]string{"identity": identity, "password": password}, http.StatusOK, &auth)
	return auth.Token
}

type user struct {
	id, username, token string
}

// signUp creates a user through the API, as the app does, and signs them in.
func signUp(t *testing.T, base, name string) user {
	t.Helper()
	suffix := make([]byte, 4)
	_, _ = rand.Read(suffix)
	username := name + "_" + hex.EncodeToString(suffix)
	var record struct{ Id string }
	mustCall(t, http.MethodPost, base+"/api/collections/users/records", "", map[string]string{
		"email": username + "@example.com", "username": username,
		"password": userPassword, "passwordConfirm": userPassword,
	}, http.StatusOK, &record)
	return user{id: record.Id, username: username, token: signIn(t, base, "users", username, userPassword)}
}

// newSuperuser makes the superuser in a data dir through the CLI, before the
// server starts (with a replica URL and no data.db, the command restores
// first, as serve does).
func newSuperuser(t *testing.T, dir string, env []string) {
	t.Helper()
	cli(t, env, "superuser", "upsert", superuserEmail, superuserPassword, "--dir", dir)
}

// rateLimitsOff turns off the rate limiter, which would refuse the many
// writes of one loopback address.
func rateLimitsOff(t *testing.T, base string) {
	t.Helper()
	token := signIn(t, base, "_superusers", superuserEmail, superuserPassword)
	mustCall(t, http.MethodPatch, base+"/api/settings", token,
		map[string]any{"rateLimits": map[string]any{"enabled": false}}, http.StatusOK, nil)
}

// statusError is an answer other than the one wanted: the server refused.
type statusError struct {
	what   string
	status int
	body   []byte
}

func (e *statusError) Error() string {
	return fmt.Sprintf("%s: status %d: %s", e.what, e.status, e.body)
}

// createTodo creates a todo of the token's user today; it returns the id.
func createTodo(ctx context.Context, base, token, contents string) (string, error) {
	status, data, err := call(ctx, http.MethodPost, base+"/api/collections/todos/records", token,
		map[string]string{"contents": contents, "date": time.Now().Format(time.DateOnly)})
	if err != nil {
		return "", err
	}
	if status != http.StatusOK {
		return "", &statusError{what: "creating a todo", status: status, body: data}
	}
	var record struct{ Id string }
	if err := json.Unmarshal(data, &record); err != nil || record.Id == "" {
		return "", fmt.Errorf("creating a todo: no id in %s (%v)", data, err)
	}
	return record.Id, nil
}

func mustCreateTodo(t *testing.T, base, token, contents string) string {
	t.Helper()
	id, err := createTodo(context.Background(), base, token, contents)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// createDiaryWithPhoto creates today's diary of the token's user with one
// photo (multipart, as the app uploads it); it returns the record's id and
// the photo's stored file name.
func createDiaryWithPhoto(t *testing.T, base, token string, photo []byte) (string, string) {
	t.Helper()
	var body bytes.Buffer
	form := multipart.NewWriter(&body)
	for name, value := range map[string]string{"emoji": "📸", "date": time.Now().Format(time.DateOnly), "content": "before the crash"} {
		if err := form.WriteField(name, value); err != nil {
			t.Fatal(err)
		}
	}
	header := textproto.MIMEHeader{}
	header.Set("Content-Disposition", `form-data; name="photos"; filename="photo.png"`)
	header.Set("Content-Type", "image/png")
	part, err := form.CreatePart(header)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := part.Write(photo); err != nil {
		t.Fatal(err)
	}
	if err := form.Close(); err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, base+"/api/collections/diaries/records", &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", form.FormDataContentType())
	status, data, err := send(req, token)
	if err != nil {
		t.Fatal(err)
	}
	if status != http.StatusOK {
		t.Fatalf("creating a diary with a photo: status %d: %s", status, data)
	}
	var record struct {
		Id     string
		Photos []string
	}
	if err := json.Unmarshal(data, &record); err != nil || len(record.Photos) != 1 {
		t.Fatalf("creating a diary with a photo: want one photo in %s (%v)", data, err)
	}
	return record.Id, record.Photos[0]
}

// replicationStatus reads the status route (a 503 is a status too: behind
// for longer than the server's bound).
func replicationStatus(t *testing.T, base string) replication.Status {
	t.Helper()
	status, data, err := call(context.Background(), http.MethodGet, base+replication.StatusPath, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if status != http.StatusOK && status != http.StatusServiceUnavailable {
		t.Fatalf("GET %s: status %d: %s", replication.StatusPath, status, data)
	}
	var answer replication.Status
	if err := json.Unmarshal(data, &answer); err != nil {
		t.Fatalf("GET %s: decoding %s: %v", replication.StatusPath, data, err)
	}
	return answer
}

// txid reads a transaction id of the status route (hex).
func txid(t *testing.T, hexID string) uint64 {
	t.Helper()
	if hexID == "" {
		return 0
	}
	n, err := strconv.ParseUint(hexID, 16, 64)
	if err != nil {
		t.Fatalf("transaction id %q: %v", hexID, err)
	}
	return n
}

// waitStatus polls the status route until ok says yes, for at most timeout;
// it returns the status that did.
func waitStatus(t *testing.T, base string, timeout time.Duration, what string, ok func(replication.Status) bool) replication.Status {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		status := replicationStatus(t, base)
		if ok(status) {
			return status
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s; last status %+v", what, timeout, status)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitReplicated waits until the replica has caught up with a write made
// after before was read: Litestream has seen a later transaction and
// uploaded everything it has seen. The servers of these tests have no other
// writer, so the later transaction holds the write.
func waitReplicated(t *testing.T, base string, before replication.Status) replication.Status {
	t.Helper()
	from := txid(t, before.LocalTxid)
	return waitStatus(t, base, 20*time.Second, "the replica catching up", func(s replication.Status) bool {
		return s.Enabled && !s.Behind && txid(t, s.LocalTxid) > from && txid(t, s.ReplicaTxid) >= txid(t, s.LocalTxid)
	})
}
