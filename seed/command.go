package seed

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// NewCommand is `todomate seed`: it applies the migrations (as serve does)
// and writes a demo community. Main adds it to PocketBase's root command.
func NewCommand(app core.App) *cobra.Command {
	d := Defaults()
	opts := Options{}

	command := &cobra.Command{
		Use:   "seed",
		Short: "Writes a deterministic demo community (users, follows, goals, todos, diaries, likes)",
		Long: `Writes a deterministic demo community: the same flags and --seed give the same
data, ids included. Every user's password is ` + Password + `.

An existing todomate database (any users, todos, ...) is refused. With --force
all todomate data is deleted first (users and all they own, with their
files); superusers and settings are kept. The whole run is one transaction:
if it fails, nothing changes.`,
		Example:      "seed --users 10000 --todos-per-user 100",
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			// a zero flag means none; in Options zero means the default
			for name, v := range map[string]*int{
				"todos-per-user": &opts.TodosPerUser, "friends-per-user": &opts.FriendsPerUser,
				"one-way-per-user": &opts.OneWayPerUser, "likes-per-user": &opts.LikesPerUser,
				"goals-per-user": &opts.GoalsPerUser,
			} {
				if cmd.Flags().Changed(name) && *v == 0 {
					*v = -1
				}
			}
			for name, v := range map[string]*float64{
				"diary-share": &opts.DiaryShare, "private-share": &opts.PrivateShare, "everyone-share": &opts.EveryoneShare,
			} {
				if cmd.Flags().Changed(name) && *v == 0 {
					*v = -1
				}
			}

			if err := app.RunAllMigrations(); err != nil {
				return fmt.Errorf("seed: migrations: %w", err)
			}

			// --dev (and PocketBase's guess of `go run`, which includes
			// binaries under the temp dir) prints every SQL statement:
			// millions here, which would take longer than the seed itself
			quietSQL(app)

			started := time.Now()
			// PocketBase silences the root command's error writer (errors
			// come back from app.Start), so progress goes to stderr itself
			bar := newProgressPrinter(os.Stderr)
			sum, err := Run(cmd.Context(), app, opts, bar.report)
			bar.done()
			if err != nil {
				return err
			}

			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "Seeded in %s: %d users, %d goals, %d routines, %d todos, %d diaries, %d likes, %d follows (%d friendships).\n",
				time.Since(started).Round(100*time.Millisecond),
				sum.Users, sum.Goals, sum.Routines, sum.Todos, sum.Diaries, sum.Likes, sum.Follows, sum.FriendPairs)
			fmt.Fprintf(out, "Password of every seeded user: %s\n", sum.Password)
			fmt.Fprintf(out, "Demo logins (username or <username>@example.com): %s\n", strings.Join(sum.DemoLogins, ", "))
			return nil
		},
	}

	f := command.Flags()
	f.IntVar(&opts.Users, "users", d.Users, "users to create")
	f.IntVar(&opts.TodosPerUser, "todos-per-user", d.TodosPerUser, "todos per user")
	f.IntVar(&opts.Days, "days", d.Days, "days up to --end-day the todos and diaries are spread over")
	f.StringVar(&opts.EndDay, "end-day", "", "last day, YYYY-MM-DD (default today, UTC)")
	f.IntVar(&opts.FriendsPerUser, "friends-per-user", d.FriendsPerUser, "mutual friends per user")
	f.IntVar(&opts.OneWayPerUser, "one-way-per-user", d.OneWayPerUser, "extra one-way follows per user")
	f.Float64Var(&opts.DiaryShare, "diary-share", d.DiaryShare, "share of user-days with a diary, 0..1")
	f.Float64Var(&opts.PrivateShare, "private-share", d.PrivateShare, "share of goals and diaries that are private, 0..1")
	f.Float64Var(&opts.EveryoneShare, "everyone-share", d.EveryoneShare, "share of the other goals and diaries that everyone may see, 0..1")
	f.IntVar(&opts.LikesPerUser, "likes-per-user", d.LikesPerUser, "likes per user")
	f.IntVar(&opts.GoalsPerUser, "goals-per-user", d.GoalsPerUser, "goals per user")
	f.IntVar(&opts.RoutinesPerUser, "routines-per-user", 0, "routines per user, on three weekdays each over every seeded day (their days are todos)")
	f.Int64Var(&opts.Seed, "seed", 0, "random seed: the same flags and seed give the same data")
	f.BoolVar(&opts.Force, "force", false, "delete all todomate data (users and all they own) first")

	return command
}

// quietSQL switches off the dev mode SQL log of the command's app.
func quietSQL(app core.App) {
	for _, builder := range []dbx.Builder{app.ConcurrentDB(), app.NonconcurrentDB()} {
		if db, ok := builder.(*dbx.DB); ok {
			db.QueryLogFunc, db.ExecLogFunc = nil, nil
		}
	}
}
