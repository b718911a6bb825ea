package hooks_test

import (
	"testing"

	. "github.com/todomate/todomate/internal/fixture"
)

// Goals are seen by their owner, and by the owner's friends unless private.
func TestGoalsVisibility(t *testing.T) {
	audience{
		collection: "goals",
		owners: map[string]string{
			GoalWorkId:   owner,
			GoalSecretId: owner,
		},
		visible: map[string][]string{
			owner:  {GoalWorkId, GoalSecretId},
			friend: {GoalWorkId},
		},
		update:       `{"title":"changed"}`,
		updatedField: "title",
		updatedValue: "changed",
	}.test(t)
}
