//go:build stockrealtime

package realtime

// audienceRealtime is off: this binary is built with the stockrealtime tag
// to measure PocketBase's own realtime delivery (bench/realtime).
const audienceRealtime = false
