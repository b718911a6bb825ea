//go:build !stockrealtime

package realtime

// audienceRealtime is on in every normal build. Building with the
// stockrealtime tag leaves realtime to PocketBase alone (the "before" of the
// load benchmark in bench/realtime).
const audienceRealtime = true
