package realtime

// KeepAliveInterval is keepAliveInterval, for the tests of package
// realtime_test.
var KeepAliveInterval = keepAliveInterval
