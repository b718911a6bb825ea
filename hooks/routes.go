package hooks

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// bindRoutes serves todomate's own read routes, for the screens that the
// records API would answer only with one request per friend: the friends
// list, the friends' day (feed) and a month at a glance (calendar).
//
// They read through listableQuery (routes_visible.go): the collections' own
// API rules, so they show exactly what the records API would show to the
// same user.
func bindRoutes(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/todomate")
		g.Bind(apis.RequireAuth())

		g.GET("/friends", friendsList)
		g.GET("/feed", feedList)
		g.GET("/users/{id}/calendar", calendarView)

		return se.Next()
	})
}
