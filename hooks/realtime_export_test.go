package hooks

// RealtimeAudienceRules exposes, to the hooks_test package, the rules the
// realtime audiences are derived from.
var RealtimeAudienceRules = realtimeAudienceRules
