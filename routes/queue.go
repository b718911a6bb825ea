package routes

import (
	"context"
	"runtime"
)

// readQueue lets a few route reads at a time run on the database, and
// queues the others in arrival order.
//
// A read that has to go to the database takes a millisecond or two of CPU.
// Left to the Go scheduler, a burst of them is timesliced together, and
// newly arrived requests are run ahead of those already started: under load
// some requests wait for seconds while the median is fine, and every extra
// connection in use warms its own SQLite page cache. With as many reads at
// a time as there are cores, each one runs to its end at once and the
// others wait their turn in order (bench/feed.sh, NO_CACHE=1).
//
// A read yields once when its turn comes. The turns are handed from one
// request to the next through the channel, which the Go scheduler runs
// ahead of everything else on the same core; on one core (a fly.io
// shared-cpu-1x) the connections that the network poller wakes up waited
// behind that chain for seconds (p90 2.5 s, with handlers taking 4 ms).
// The yield sends each read once through the scheduler's global queue, in
// line with them.
type readQueue chan struct{}

func newReadQueue() readQueue {
	return make(readQueue, max(2, runtime.GOMAXPROCS(0)))
}

// run runs read when its turn comes, or returns the context's error if the
// request is gone first.
func (q readQueue) run(ctx context.Context, read func() error) error {
	select {
	case q <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-q }()
	runtime.Gosched()

	return read()
}
