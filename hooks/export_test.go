package hooks

// ReconcileRoutineDays is reconcileRoutineDays, for the benchmarks of
// package hooks_test.
var ReconcileRoutineDays = reconcileRoutineDays
