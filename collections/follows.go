package collections

// Follows is the public follow graph: follower follows following.
const Follows = "follows"

const (
	FollowsFieldFollower  = "follower"
	FollowsFieldFollowing = "following"
)
