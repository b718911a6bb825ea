package hooks

// MigratedRules exposes, to the hooks_test package, the copies of the
// migrations' rules that the realtime audiences and the routes' direct SQL
// are written against.
var MigratedRules = migratedRules
