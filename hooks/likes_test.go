package hooks_test

import (
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tests"

	. "github.com/todomate/todomate/internal/fixture"
)

// Likes are seen by the liker and by whoever sees the liked todo or diary;
// nobody but a superuser updates one.
func TestLikesVisibility(t *testing.T) {
	audience{
		collection: "likes",
		owners: map[string]string{
			LikeBobTodoId:      friend,
			LikeBobDiaryId:     friend,
			LikeAliceSecretId:  owner,
			LikeAlicePrivateId: owner,
		},
		visible: map[string][]string{
			owner:  {LikeBobTodoId, LikeBobDiaryId, LikeAliceSecretId, LikeAlicePrivateId},
			friend: {LikeBobTodoId, LikeBobDiaryId},
		},
		update:          `{"emoji":"🎉"}`,
		updateForbidden: true,
	}.test(t)
}

// A like of a todo or diary one cannot see fails exactly like a like of one
// that does not exist: same status, same body, byte for byte.
func TestLikeOfInvisibleTargetLooksLikeMissingTarget(t *testing.T) {
	cases := []struct {
		name, requester, field, hidden string
	}{
		{"carol likes alice's plain todo", follower, "todo", TodoPlainId},
		{"dave likes alice's work todo", stranger, "todo", TodoWorkId},
		{"bob likes alice's secret todo", friend, "todo", TodoSecretId},
		{"bob likes alice's private diary", friend, "diary", DiaryPrivateId},
		{"carol likes alice's public diary", follower, "diary", DiaryPublicId},
		{"dave likes bob's diary", stranger, "diary", DiaryBobId},
	}

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			answers := map[string]string{}
			for _, target := range []string{c.hidden, "missing00000000"} {
				s := tests.ApiScenario{
					Name:            target,
					Method:          http.MethodPost,
					URL:             recordsURL("likes"),
					Body:            jsonBody(`{"` + c.field + `":"` + target + `"}`),
					Headers:         asUser(t, c.requester),
					ExpectedStatus:  http.StatusNotFound,
					ExpectedContent: []string{fieldError(c.field, "validation_missing_rel_records")},
					TestAppFactory:  community,
					AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
						expectNothingWritten(t, app, res)
						body, err := io.ReadAll(res.Body)
						if err != nil {
							t.Fatal(err)
						}
						answers[target] = fmt.Sprintf("%d %s", res.StatusCode, body)
					},
				}
				s.Test(t)
			}

			if answers[c.hidden] != answers["missing00000000"] {
				t.Errorf("a hidden target is told apart from a missing one:\nhidden  %s\nmissing %s",
					answers[c.hidden], answers["missing00000000"])
			}
		})
	}
}

func TestLikesCreate(t *testing.T) {
	scenarios := []tests.ApiScenario{
		{
			Name:            "bob likes alice's work todo",
			Method:          http.MethodPost,
			URL:             recordsURL("likes"),
			Body:            jsonBody(`{"todo":"todowork0000000","emoji":"🎉"}`),
			Headers:         asUser(t, friend),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"user":"` + BobId + `"`, `"todo":"` + TodoWorkId + `"`, `"emoji":"🎉"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectCount(t, app, "likes", dbx.HashExp{"user": BobId, "todo": TodoWorkId}, 1)
			},
		},
		{
			Name:            "alice likes bob's diary, naming herself",
			Method:          http.MethodPost,
			URL:             recordsURL("likes"),
			Body:            jsonBody(`{"user":"useralice000000","diary":"diarybob0000000"}`),
			Headers:         asUser(t, owner),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"user":"` + AliceId + `"`, `"diary":"` + DiaryBobId + `"`},
		},
		{
			Name:               "bob likes alice's plain todo a second time",
			Method:             http.MethodPost,
			URL:                recordsURL("likes"),
			Body:               jsonBody(`{"todo":"todoplain000000"}`),
			Headers:            asUser(t, friend),
			ExpectedStatus:     http.StatusBadRequest,
			ExpectedContent:    []string{`"code":"validation_not_unique"`},
			NotExpectedContent: []string{`"id":"`},
			AfterTestFunc:      expectNothingWritten,
		},
		{
			Name:               "bob likes alice's public diary a second time",
			Method:             http.MethodPost,
			URL:                recordsURL("likes"),
			Body:               jsonBody(`{"diary":"diarypublic0000"}`),
			Headers:            asUser(t, friend),
			ExpectedStatus:     http.StatusBadRequest,
			ExpectedContent:    []string{`"code":"validation_not_unique"`},
			NotExpectedContent: []string{`"id":"`},
			AfterTestFunc:      expectNothingWritten,
		},
		{
			Name:               "bob likes a todo and a diary at once",
			Method:             http.MethodPost,
			URL:                recordsURL("likes"),
			Body:               jsonBody(`{"todo":"todowork0000000","diary":"diarybob0000000"}`),
			Headers:            asUser(t, friend),
			ExpectedStatus:     http.StatusBadRequest,
			ExpectedContent:    []string{fieldError("todo", "validation_one_like_target"), fieldError("diary", "validation_one_like_target")},
			NotExpectedContent: []string{`"id":"`},
			AfterTestFunc:      expectNothingWritten,
		},
		{
			Name:               "bob likes nothing",
			Method:             http.MethodPost,
			URL:                recordsURL("likes"),
			Body:               jsonBody(`{"emoji":"🎉"}`),
			Headers:            asUser(t, friend),
			ExpectedStatus:     http.StatusBadRequest,
			ExpectedContent:    []string{fieldError("todo", "validation_one_like_target"), fieldError("diary", "validation_one_like_target")},
			NotExpectedContent: []string{`"id":"`},
			AfterTestFunc:      expectNothingWritten,
		},
		{
			Name:               "bob likes with two emoji",
			Method:             http.MethodPost,
			URL:                recordsURL("likes"),
			Body:               jsonBody(`{"todo":"todowork0000000","emoji":"🎉🎉"}`),
			Headers:            asUser(t, friend),
			ExpectedStatus:     http.StatusBadRequest,
			ExpectedContent:    []string{fieldError("emoji", "validation_invalid_emoji")},
			NotExpectedContent: []string{`"id":"`},
			AfterTestFunc:      expectNothingWritten,
		},
		{
			Name:               "bob likes on alice's behalf",
			Method:             http.MethodPost,
			URL:                recordsURL("likes"),
			Body:               jsonBody(`{"user":"useralice000000","todo":"todobob00000000"}`),
			Headers:            asUser(t, friend),
			ExpectedStatus:     http.StatusBadRequest,
			ExpectedContent:    []string{fieldError("user", "validation_not_author")},
			NotExpectedContent: []string{`"id":"`},
			AfterTestFunc:      expectNothingWritten,
		},
		{
			Name:               "anonymous likes alice's plain todo",
			Method:             http.MethodPost,
			URL:                recordsURL("likes"),
			Body:               jsonBody(`{"todo":"todoplain000000"}`),
			ExpectedStatus:     http.StatusBadRequest,
			ExpectedContent:    []string{`"status":400`},
			NotExpectedContent: []string{`"id":"`},
			AfterTestFunc:      expectNothingWritten,
		},
		{
			Name:           "deleting a liked diary deletes its likes",
			Method:         http.MethodDelete,
			URL:            recordURL("diaries", DiaryPublicId),
			Headers:        asUser(t, owner),
			ExpectedStatus: http.StatusNoContent,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectExists(t, app, "likes", LikeBobDiaryId, false)
				expectExists(t, app, "likes", LikeBobTodoId, true)
			},
		},
	}

	for _, s := range scenarios {
		s.TestAppFactory = community
		s.Test(t)
	}
}
