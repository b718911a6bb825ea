//go:build replication

package replication_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// Bounds of the waits on the binary. A start restores data.db from the
// replica first (a few MB here), hence more than a plain start needs.
const (
	startTimeout = 60 * time.Second
	stopTimeout  = 30 * time.Second
	cliTimeout   = 2 * time.Minute
)

// server is a running `todomate serve`.
type server struct {
	t       *testing.T
	dir     string // its data dir
	base    string // http://127.0.0.1:PORT
	logPath string
	cmd     *exec.Cmd
	exited  chan struct{} // closed once the process is reaped
}

var serverCount atomic.Int64

// startServer serves dir on a free loopback port with env and waits until it
// answers /api/health. It is killed when the test ends, if still running.
func startServer(t *testing.T, dir string, env []string) *server {
	t.Helper()
	// printed on failures; removed with the test's temp dirs
	logPath := filepath.Join(t.TempDir(), fmt.Sprintf("server-%d.log", serverCount.Add(1)))
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatalf("creating the server log: %v", err)
	}
	defer logFile.Close() // the child has its own descriptor

	addr := freeAddr(t)
	args := []string{suite.bin, "serve", "--dev=false", "--http", addr, "--dir", dir}
	if suite.serverCPUs != "" {
		// taskset runs the server in its own process (it execs)
		args = append([]string{"taskset", "-c", suite.serverCPUs}, args...)
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s serve: %v", suite.bin, err)
	}
	s := &server{t: t, dir: dir, base: "http://" + addr, logPath: logPath, cmd: cmd, exited: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		if s.running() {
			_ = s.cmd.Process.Kill()
			<-s.exited
		}
	})

	deadline := time.Now().Add(startTimeout)
	for {
		res, err := http.Get(s.base + "/api/health")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s
			}
		}
		if !s.running() {
			t.Fatalf("the server on %s exited before it was healthy (%v):\n%s", dir, s.cmd.ProcessState, s.logTail())
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server on %s was not healthy within %s:\n%s", dir, startTimeout, s.logTail())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *server) running() bool {
	select {
	case <-s.exited:
		return false
	default:
		return true
	}
}

// kill9 kills the server with SIGKILL, as a crash or a lost machine would,
// and returns the moment just before.
func (s *server) kill9() time.Time {
	s.t.Helper()
	at := time.Now()
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		s.t.Fatalf("kill -9 %d: %v", s.cmd.Process.Pid, err)
	}
	s.waitExit(stopTimeout)
	return at
}

// stop stops the server as a deploy does (SIGTERM: Litestream uploads what is
// left) and waits for it to exit.
func (s *server) stop() {
	s.t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		s.t.Fatalf("kill -TERM %d: %v", s.cmd.Process.Pid, err)
	}
	s.waitExit(stopTimeout)
}

func (s *server) waitExit(timeout time.Duration) {
	s.t.Helper()
	select {
	case <-s.exited:
	case <-time.After(timeout):
		_ = s.cmd.Process.Kill()
		s.t.Fatalf("the server on %s did not exit within %s:\n%s", s.dir, timeout, s.logTail())
	}
}

// logTail is the end of the server's output, for failure messages.
func (s *server) logTail() string {
	data, err := os.ReadFile(s.logPath)
	if err != nil {
		return fmt.Sprintf("(no log: %v)", err)
	}
	const max = 4000
	if len(data) > max {
		data = data[len(data)-max:]
	}
	return string(data)
}

// cli runs a todomate command other than serve and returns its output.
func cli(t *testing.T, env []string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cliTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, suite.bin, append(args, "--dev=false")...)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("todomate %s: %v:\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// s3Server stops or starts the S3 server (scripts/s3-server.sh; a restart
// keeps its port and objects).
func s3Server(t *testing.T, action string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cliTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, suite.s3Script, action, suite.s3Dir).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s %s: %v:\n%s", suite.s3Script, action, suite.s3Dir, err, out)
	}
}

// freeAddr is a loopback address with a port free right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("finding a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().String()
}
