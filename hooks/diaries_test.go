package hooks_test

import (
	"testing"

	. "github.com/todomate/todomate/internal/fixture"
)

// Diaries are seen by their owner, and by the owner's friends unless private.
func TestDiariesVisibility(t *testing.T) {
	audience{
		collection: "diaries",
		owners: map[string]string{
			DiaryPublicId:  owner,
			DiaryPrivateId: owner,
			DiaryBobId:     friend,
		},
		visible: map[string][]string{
			owner:  {DiaryPublicId, DiaryPrivateId, DiaryBobId},
			friend: {DiaryPublicId, DiaryBobId},
		},
		update:       `{"content":"changed"}`,
		updatedField: "content",
		updatedValue: "changed",
	}.test(t)
}
