//go:build unix

package routes_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/todomate/todomate/internal/apitest"
)

// tenfoldMinBatches is the fewest batches (both communities') whose ratio
// is worth reporting without a warning.
const tenfoldMinBatches = 12

// BenchmarkTenfold runs each read on the benchmark community at 1,000 and
// at 10,000 users (TODOMATE_BENCH_USERS is ignored) in one process, in
// alternating batches of a round of the viewers, and reports each
// community's CPU time per request and their ratio (issue 14: each read at
// 10,000 users within 1.3x of 1,000). A slow spell of a shared machine
// falls on both communities alike; separate runs of the benchmarks above
// had moved the ratio by half. Run with -benchtime 2400x or more (six
// batches of each); both communities are seeded first (minutes).
func BenchmarkTenfold(b *testing.B) {
	// the two communities, 1,000 users first, as the metrics name them
	type community struct {
		mux     http.Handler
		viewers []benchViewer
	}
	var communities [2]community
	for i, users := range []int{1000, 10000} {
		options := apitest.BenchCommunity()
		options.Users = users
		mux, _, viewers := newBenchServer(b, todomateServer, options)
		communities[i] = community{mux, viewers}
	}

	reads := []benchRead{feedRead, calendarOfFriendRead, myDayRead, friendDayRead, unnarrowedDayRead}
	for _, read := range reads {
		b.Run(read.name, func(b *testing.B) {
			// a round of each first: what a batch finds kept is what every
			// batch after finds
			for _, c := range communities {
				for _, v := range c.viewers {
					read.get(b, c.mux, v)
				}
			}

			var cpu [2]time.Duration
			var requests [2]int
			batch, inBatch := 0, 0
			started := apitest.CPUTime()
			for b.Loop() {
				c := &communities[batch%2]
				read.get(b, c.mux, c.viewers[inBatch])
				requests[batch%2]++
				if inBatch++; inBatch == len(c.viewers) {
					now := apitest.CPUTime()
					cpu[batch%2] += now - started
					started = now
					batch, inBatch = batch+1, 0
				}
			}
			cpu[batch%2] += apitest.CPUTime() - started
			if batch < tenfoldMinBatches {
				b.Logf("%d batches: too few for a ratio to trust (-benchtime %dx or more)", batch, tenfoldMinBatches*len(communities[0].viewers))
			}
			if requests[0] == 0 || requests[1] == 0 {
				return
			}
			small := float64(cpu[0]) / float64(requests[0])
			large := float64(cpu[1]) / float64(requests[1])
			b.ReportMetric(small, "cpu-ns/op-1k")
			b.ReportMetric(large, "cpu-ns/op-10k")
			b.ReportMetric(large/small, "10k/1k")
		})
	}
}
