package cluster

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A mount dir written as LiteFS writes its files (the real mount is tested
// by ops/cluster/test.sh): .primary on a replica, data.db-pos everywhere.
func writeMountFile(t *testing.T, mount, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(mount, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestNodeReadsRoleAndPosition(t *testing.T) {
	scenarios := []struct {
		name        string
		primary     string // .primary's content; "" for none
		pos         string
		wantReplica bool
		wantTxid    uint64
		wantErr     bool
	}{
		{"the primary: no .primary", "", "0000000000000034/872a6045ea90b54a\n", false, 0x34, false},
		{"a replica names the primary's URL", "http://127.0.0.1:18091\n", "00000000000000ff/0000000000000001\n", true, 0xff, false},
		{"before the first write: no position", "", "", false, 0, false},
		{"a hostname that is not a URL", "node1\n", "0000000000000001/0000000000000001\n", false, 0, true},
		{"a broken position", "", "zz/1\n", false, 0, true},
	}
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			mount := t.TempDir()
			if s.primary != "" {
				writeMountFile(t, mount, ".primary", s.primary)
			}
			if s.pos != "" {
				writeMountFile(t, mount, "data.db-pos", s.pos)
			}
			n := newNode(nil, Config{Mount: mount, WaitTimeout: time.Second})
			err := n.read()
			if (err != nil) != s.wantErr {
				t.Fatalf("read: %v, want error %v", err, s.wantErr)
			}
			if err != nil {
				return
			}
			if n.IsReplica() != s.wantReplica || n.txid.Load() != s.wantTxid {
				t.Errorf("replica %v txid %x, want %v %x", n.IsReplica(), n.txid.Load(), s.wantReplica, s.wantTxid)
			}
		})
	}
}

// TestReplicaStaysReplicaWhilePrimaryIsAway: LiteFS removes .primary on a
// replica that lost its primary; the node keeps forwarding to the primary
// it knew instead of taking writes it cannot make.
func TestReplicaStaysReplicaWhilePrimaryIsAway(t *testing.T) {
	mount := t.TempDir()
	writeMountFile(t, mount, ".primary", "http://127.0.0.1:18091\n")
	n := newNode(nil, Config{Mount: mount})
	if err := n.read(); err != nil || !n.IsReplica() {
		t.Fatalf("replica %v, %v", n.IsReplica(), err)
	}
	if err := os.Remove(filepath.Join(mount, ".primary")); err != nil {
		t.Fatal(err)
	}
	if err := n.read(); err != nil || !n.IsReplica() || n.primaryURL.Load().Host != "127.0.0.1:18091" {
		t.Errorf("with the primary away: replica %v, primary %v, %v", n.IsReplica(), n.primaryURL.Load(), err)
	}
}

// TestWaitForWakesOnTheTransaction: a request waiting for a transaction
// goes on when the position reaches it, and gives up at the timeout.
func TestWaitForWakesOnTheTransaction(t *testing.T) {
	mount := t.TempDir()
	writeMountFile(t, mount, "data.db-pos", "0000000000000005/0000000000000001\n")
	n := newNode(nil, Config{Mount: mount, WaitTimeout: 200 * time.Millisecond})
	if err := n.read(); err != nil {
		t.Fatal(err)
	}
	if !n.waitFor(5) {
		t.Fatal("waiting for a transaction the node has")
	}
	if n.waitFor(6) {
		t.Fatal("transaction 6 reported before it came")
	}

	n.config.WaitTimeout = 10 * time.Second
	arrived := make(chan bool)
	go func() { arrived <- n.waitFor(7) }()
	writeMountFile(t, mount, "data.db-pos", "0000000000000007/0000000000000001\n")
	if err := n.read(); err != nil {
		t.Fatal(err)
	}
	if !<-arrived {
		t.Fatal("the wait for transaction 7 did not end when it came")
	}
}

func TestRequestedTxidAndWhatIsForwarded(t *testing.T) {
	header := httptest.NewRequest(http.MethodGet, "/api/collections/todos/records", nil)
	header.Header.Set(TxidHeader, "1f")
	cookie := httptest.NewRequest(http.MethodGet, "/", nil)
	cookie.AddCookie(&http.Cookie{Name: TxidCookie, Value: "a"})
	garbage := httptest.NewRequest(http.MethodGet, "/", nil)
	garbage.Header.Set(TxidHeader, "not hex")
	for _, s := range []struct {
		r    *http.Request
		want uint64
	}{{header, 0x1f}, {cookie, 0xa}, {garbage, 0}} {
		if got := requestedTxid(s.r); got != s.want {
			t.Errorf("%s %v: txid %x, want %x", s.r.URL, s.r.Header, got, s.want)
		}
	}

	for _, s := range []struct {
		method, path string
		want         bool
	}{
		{http.MethodGet, "/api/collections/todos/records", false},
		{http.MethodHead, "/api/todomate/feed", false},
		{http.MethodPost, "/api/collections/todos/records", true},
		{http.MethodPatch, "/api/collections/todos/records/x", true},
		{http.MethodDelete, "/api/collections/todos/records/x", true},
		{http.MethodPost, "/api/batch", true},
		{http.MethodGet, "/api/realtime", true},
		{http.MethodGet, "/api/backups", true},
		{http.MethodGet, "/api/backups/x.zip", true},
		{http.MethodGet, "/api/files/todos/x/y.png", false},
	} {
		if got := forwardsToPrimary(httptest.NewRequest(s.method, s.path, nil)); got != s.want {
			t.Errorf("%s %s forwarded %v, want %v", s.method, s.path, got, s.want)
		}
	}
}
