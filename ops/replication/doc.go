// Package replication holds the tests of todomate's continuous replication
// of data.db to S3 that drive the real binary against a real S3 server on
// loopback (scripts/s3-server.sh): a kill -9 under concurrent writers loses
// nothing acknowledged over a second before it, an uploaded photo outlives
// its machine and stays behind its file token, a point-in-time restore, and
// a replica that goes away for a while and comes back. The servers run on
// one CPU (run.sh's TODOMATE_SERVER_CPUS), as on fly.toml's machine of one.
//
// The tests are behind the build tag "replication", so that `go test ./...`
// (which has no binary and no S3 server) leaves them out rather than skipping
// them; ops/replication/run.sh builds the binary, starts the S3 server, runs
// them and stops everything:
//
//	ops/replication/run.sh [go test flags, e.g. -run PointInTime]
package replication
