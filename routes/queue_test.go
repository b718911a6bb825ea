package routes

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
)

// TestReadQueueRunsAFewAtATime: with room for two, the third read waits
// for one of the first two to end, and every read runs.
func TestReadQueueRunsAFewAtATime(t *testing.T) {
	q := make(readQueue, 2)

	var running, most, done atomic.Int32
	entered := make(chan struct{}, 6)
	release := make(chan struct{})
	var reads sync.WaitGroup
	for range 6 {
		reads.Go(func() {
			err := q.run(context.Background(), func() error {
				n := running.Add(1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				entered <- struct{}{}
				<-release
				running.Add(-1)
				done.Add(1)
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		})
	}

	<-entered
	<-entered // two running, held until release
	close(release)
	reads.Wait()

	if most.Load() != 2 || done.Load() != 6 {
		t.Fatalf("at most %d at a time (want 2), %d done (want 6)", most.Load(), done.Load())
	}
}

// TestReadQueueGivesUpForAGoneRequest: a request whose context ends while
// it waits is not run.
func TestReadQueueGivesUpForAGoneRequest(t *testing.T) {
	q := make(readQueue, 1)
	q <- struct{}{} // the one place is taken

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	err := q.run(ctx, func() error { ran = true; return nil })
	if !errors.Is(err, context.Canceled) || ran {
		t.Fatalf("ran %v, error %v; want not run and context.Canceled", ran, err)
	}
}
