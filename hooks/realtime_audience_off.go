//go:build stockrealtime

package hooks

// audienceRealtime is off: this binary is built with the stockrealtime tag
// to measure PocketBase's own realtime delivery (bench/realtime).
const audienceRealtime = false
