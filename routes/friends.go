package routes

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
)

// publicUser is how the routes show a user: what anyone signed in may see.
// Avatar is the file name as stored, as in PocketBase's records.
type publicUser struct {
	Id       string `db:"id"`
	Username string `db:"username"`
	Name     string `db:"name"`
	Avatar   string `db:"avatar"`
}

var publicUserColumns = []string{"users.id", "users.username", "users.name", "users.avatar"}

type friendsResponse struct {
	Items []publicUser `json:"items"`
}

// friendsList answers GET /api/todomate/friends: the auth user's friends
// (mutual follows), by username.
func friendsList(e *core.RequestEvent, statements *preparedStatements) error {
	info, err := e.RequestInfo()
	if err != nil {
		return e.BadRequestError("", err)
	}

	var items []publicUser
	if canQueryDirectly(e.App, info, collections.Users) {
		items, err = friendsDirect(e.Request.Context(), e.App, statements, info.Auth.Id)
	} else {
		items, err = friendsByUsername(e.App, info)
	}
	if err != nil {
		return e.InternalServerError("Failed to load the friends.", err)
	}

	return e.JSON(http.StatusOK, friendsResponse{Items: items})
}
