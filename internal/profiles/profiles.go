// Package profiles serves Go's runtime profiles on a listener of their own.
package profiles

import (
	"log"
	"net/http"
	"net/http/pprof"
	"time"
)

// Serve serves Go's runtime profiles (CPU, heap, goroutines) at
// addr/debug/pprof/ for `go tool pprof` under load (bench/load.sh
// PROFILE=DIR). The server starts it only when TODOMATE_PPROF_ADDR names
// an address, and never on the API's listener: a profile shows request
// paths and memory.
func Serve(addr string) {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	server := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := server.ListenAndServe(); err != nil {
			log.Printf("profiles at %s: %v", addr, err)
		}
	}()
}
