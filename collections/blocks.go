package collections

// Blocks: while blocker blocks blocked, each is invisible to the other as
// if the other's things did not exist (the blocker still sees the blocked
// user's profile, to unblock). Only the blocker sees and deletes a block.
const Blocks = "blocks"

const (
	BlocksFieldBlocker = "blocker"
	BlocksFieldBlocked = "blocked"
)
