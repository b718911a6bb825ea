// Command subscribers holds realtime subscribers on a running server, as
// the JS SDK connects them (GET /api/realtime, then POST /api/realtime with
// the PB_CONNECT id, the subscriptions and the user's token), for
// bench/load.sh to measure the server's memory and writes while they are
// connected. It prints "connected N" once every subscriber is subscribed,
// then counts the events that arrive until it is stopped (SIGTERM or
// -hold), and prints "events N". It exits 1 if a subscriber cannot
// subscribe or a stream ends before it is stopped.
//
//	go run ./bench/subscribers -base http://127.0.0.1:8090 -tokens tokens -n 1000
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/todomate/todomate/internal/sse"
)

func main() {
	base := flag.String("base", "http://127.0.0.1:8090", "the server")
	tokensPath := flag.String("tokens", "tokens", "auth tokens, one per line (a token, then optionally a space and anything)")
	n := flag.Int("n", 1000, "subscribers, one per token")
	topics := flag.String("topics", "todos/*", "comma separated subscriptions of every subscriber")
	hold := flag.Duration("hold", 10*time.Minute, "stop after this long at most")
	flag.Parse()
	log.SetFlags(0)

	tokens, err := readTokens(*tokensPath, *n)
	if err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *hold)
	defer cancel()

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	var events atomic.Int64
	var broken atomic.Int64
	var wg sync.WaitGroup
	ready := make(chan error, 1)
	// one after the other: each waits for the one before to be subscribed
	for _, token := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := subscribe(ctx, client, *base, token, strings.Split(*topics, ","), ready, &events)
			if ctx.Err() == nil {
				broken.Add(1)
				log.Printf("a stream ended: %v", err)
			}
		}()
		if err := <-ready; err != nil {
			log.Fatalf("subscribe: %v", err)
		}
	}
	fmt.Printf("connected %d\n", len(tokens))

	<-ctx.Done()
	wg.Wait()
	fmt.Printf("events %d\n", events.Load())
	if broken.Load() > 0 {
		log.Fatalf("%d streams ended before the end", broken.Load())
	}
}

// readTokens reads the first n tokens of the file at path.
func readTokens(path string, n int) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("tokens: %w", err)
	}
	defer f.Close()
	var tokens []string
	scanner := bufio.NewScanner(f)
	for scanner.Scan() && len(tokens) < n {
		if fields := strings.Fields(scanner.Text()); len(fields) > 0 {
			tokens = append(tokens, fields[0])
		}
	}
	if len(tokens) < n {
		return nil, fmt.Errorf("tokens: %d in %s, %d wanted", len(tokens), path, n)
	}
	return tokens, scanner.Err()
}

// subscribe connects one subscriber, reports on ready whether it
// subscribed, and counts its events until the stream ends.
func subscribe(ctx context.Context, client *http.Client, base, token string, topics []string, ready chan<- error, events *atomic.Int64) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/realtime", nil)
	if err != nil {
		ready <- err
		return err
	}
	req.Header.Set("Accept", "text/event-stream")
	res, err := client.Do(req)
	if err != nil {
		ready <- err
		return err
	}
	defer res.Body.Close()

	reported := false
	err = sse.Read(res.Body, func(id, name string, _ []byte) {
		if name != "PB_CONNECT" {
			events.Add(1)
			return
		}
		body, _ := json.Marshal(map[string]any{"clientId": id, "subscriptions": topics})
		post, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/realtime", bytes.NewReader(body))
		post.Header.Set("Content-Type", "application/json")
		post.Header.Set("Authorization", token)
		res, err := client.Do(post)
		if err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusNoContent {
				err = fmt.Errorf("status %d", res.StatusCode)
			}
		}
		reported = true
		ready <- err
	})
	if !reported {
		ready <- fmt.Errorf("the stream ended before PB_CONNECT: %v", err)
	}
	return err
}
