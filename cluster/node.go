package cluster

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Node is this server's place in the cluster: its role and LiteFS's
// position of data.db on it, as last read from the mount.
type Node struct {
	app    core.App
	config Config

	// primaryURL is the primary's address on a replica, nil on the primary
	primaryURL atomic.Pointer[url.URL]
	// txid is the last transaction of data.db on this node
	txid atomic.Uint64

	// moved is closed and replaced each time txid grows: requests waiting
	// for a transaction wait on it
	mu    sync.Mutex
	moved chan struct{}

	done     chan struct{}
	stopOnce sync.Once
}

func newNode(app core.App, config Config) *Node {
	return &Node{app: app, config: config, moved: make(chan struct{}), done: make(chan struct{})}
}

// IsReplica tells whether this node is a read replica (a nil node, outside
// a cluster, is not).
func (n *Node) IsReplica() bool {
	return n != nil && n.primaryURL.Load() != nil
}

// IsPrimary is !IsReplica: the node that writes.
func (n *Node) IsPrimary() bool { return !n.IsReplica() }

// read reads the role and position from the mount: LiteFS's .primary file
// exists only on replicas and holds the primary's lease hostname;
// data.db-pos holds "TXID/checksum" in hex. A node's role is decided by the
// first .primary it sees: with a static lease (the test's) roles never
// change; with Consul, a replica promoted to primary is one after a
// restart (docs/operations.md).
func (n *Node) read() error {
	primary, err := os.ReadFile(filepath.Join(n.config.Mount, ".primary"))
	switch {
	case errors.Is(err, os.ErrNotExist):
		// absent on the primary, and on a replica whose primary is away
		// (LiteFS removes it until the primary is back): a node that has
		// been a replica stays one and forwards to the primary it knew,
		// which answers 503 while it is away, instead of taking writes it
		// cannot make
	case err != nil:
		return fmt.Errorf("reading LiteFS's .primary: %w", err)
	default:
		u, err := parsePrimaryURL(string(bytes.TrimSpace(primary)))
		if err != nil {
			return err
		}
		if old := n.primaryURL.Load(); old == nil || *old != *u {
			n.primaryURL.Store(u)
		}
	}

	txid, err := readTxid(filepath.Join(n.config.Mount, dataDBName+"-pos"))
	if err != nil {
		return err
	}
	if txid > n.txid.Load() {
		n.txid.Store(txid)
		n.mu.Lock()
		close(n.moved)
		n.moved = make(chan struct{})
		n.mu.Unlock()
	}
	return nil
}

// parsePrimaryURL reads a primary's lease hostname as the URL its todomate
// serves at: the LiteFS configuration sets lease.hostname to it.
func parsePrimaryURL(hostname string) (*url.URL, error) {
	u, err := url.Parse(hostname)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("LiteFS's .primary holds %q: set lease.hostname to the primary's todomate URL (http://host:port)", hostname)
	}
	return u, nil
}

// readTxid reads the TXID of a LiteFS position file ("%016x/%016x\n"); a
// database not written yet has none (0).
func readTxid(path string) (uint64, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	} else if err != nil {
		return 0, fmt.Errorf("reading LiteFS's position %s: %w", path, err)
	}
	hex, _, _ := bytes.Cut(bytes.TrimSpace(raw), []byte("/"))
	txid, err := strconv.ParseUint(string(hex), 16, 64)
	if err != nil {
		return 0, fmt.Errorf("LiteFS's position %s holds %q: %w", path, raw, err)
	}
	return txid, nil
}

// waitFor waits until data.db on this node has transaction txid, for at
// most the wait timeout; it reports whether it has.
func (n *Node) waitFor(txid uint64) bool {
	deadline := time.NewTimer(n.config.WaitTimeout)
	defer deadline.Stop()
	for {
		n.mu.Lock()
		moved := n.moved
		n.mu.Unlock()
		if n.txid.Load() >= txid {
			return true
		}
		select {
		case <-moved:
		case <-deadline.C:
			return n.txid.Load() >= txid
		case <-n.done:
			return false
		}
	}
}

func (n *Node) stop() {
	n.stopOnce.Do(func() { close(n.done) })
}
