package seed

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/visibility"
)

// invariants are todomate's rules over the whole data set, each a count of
// the rows that break it (zero when it holds). Hooks enforce them one write
// at a time; these SQL checks are how bulk-written data proves the same.
// invariant is one of todomate's rules over the whole data set: the
// count of the rows that break it.
type invariant struct{ name, sql string }

var invariants = []invariant{
	{"self follows", `SELECT count(*) FROM follows WHERE follower = following`},
	{"users without their self friendship", `
		SELECT count(*) FROM users u
		WHERE NOT EXISTS (SELECT 1 FROM friendships f WHERE f.user = u.id AND f.friend = u.id)`},
	{"friendships without a mutual follow", `
		SELECT count(*) FROM friendships f
		WHERE f.user != f.friend AND (
			NOT EXISTS (SELECT 1 FROM follows a WHERE a.follower = f.user AND a.following = f.friend)
			OR NOT EXISTS (SELECT 1 FROM follows b WHERE b.follower = f.friend AND b.following = f.user))`},
	{"mutual follows without a friendship", `
		SELECT count(*) FROM follows a
		JOIN follows b ON b.follower = a.following AND b.following = a.follower
		WHERE NOT EXISTS (SELECT 1 FROM friendships f WHERE f.user = a.follower AND f.friend = a.following)`},
	{"follows of missing users", `
		SELECT count(*) FROM follows f
		WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = f.follower)
		   OR NOT EXISTS (SELECT 1 FROM users u WHERE u.id = f.following)`},
	{"goals of missing users", `
		SELECT count(*) FROM goals g WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = g.user)`},
	{"todos of missing users", `
		SELECT count(*) FROM todos t WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = t.user)`},
	{"todos under a goal that is not the author's", `
		SELECT count(*) FROM todos t
		WHERE t.goal != '' AND NOT EXISTS (SELECT 1 FROM goals g WHERE g.id = t.goal AND g.user = t.user)`},
	{"diaries of missing users", `
		SELECT count(*) FROM diaries d WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = d.user)`},
	{"likes without exactly one target", `
		SELECT count(*) FROM likes WHERE (todo = '') = (diary = '')`},
	{"duplicate likes", `
		SELECT count(*) FROM (SELECT 1 FROM likes GROUP BY user, todo, diary HAVING count(*) > 1)`},
	{"likes of todos the liker cannot see", `
		SELECT count(*) FROM likes l JOIN todos t ON t.id = l.todo
		WHERE NOT ` + visibility.SeenBySQL("t", "l.user")},
	{"likes of diaries the liker cannot see", `
		SELECT count(*) FROM likes l JOIN diaries d ON d.id = l.diary
		WHERE NOT ` + visibility.SeenBySQL("d", "l.user")},
	{"likes of missing targets", `
		SELECT count(*) FROM likes l
		WHERE (l.todo != '' AND NOT EXISTS (SELECT 1 FROM todos t WHERE t.id = l.todo))
		   OR (l.diary != '' AND NOT EXISTS (SELECT 1 FROM diaries d WHERE d.id = l.diary))`},
	{"todos whose like count is not their likes'", `
		SELECT count(*) FROM todos t
		WHERE t.` + collections.TodosColumnLikeCount + ` != (SELECT count(*) FROM likes l WHERE l.todo = t.id)`},
}

// audienceInvariants check every goal's, todo's and diary's audience
// (collections.FieldAudience) against friendships and privacy in one pass
// over all of friendships, with visibility's SQL form of an audience: the
// seed writes its Go form (community.audience), so a seeded community that
// passes shows the two forms equal.
func audienceInvariants() []invariant {
	var checks []invariant
	for _, name := range collections.AudienceCarriers {
		checks = append(checks, invariant{
			name + " whose audience is not what their level, friendships and blocks make it",
			visibility.CirclesSQL + ` SELECT count(*) FROM ` + name + ` r LEFT JOIN circle c ON c.user = r.user LEFT JOIN users u ON u.id = r.user
			WHERE r.audience IS NOT (CASE ` + visibility.LevelSQL(name, "r") + `
				WHEN 'me' THEN r.user WHEN 'everyone' THEN ` + visibility.EveryoneFromSQL("u.in_block_with") + ` ELSE c.ids END)`,
		})
		if d, _ := collections.Describe(name); d.LevelVia.Field != "" {
			checks = append(checks, invariant{
				name + " whose visibility is not their " + d.LevelVia.Field + "'s",
				`SELECT count(*) FROM ` + name + ` r WHERE r.visibility IS NOT ` + visibility.LevelSQL(name, "r"),
			})
		}
	}
	return checks
}

// valueRules check the distinct values of a column with the same Go
// functions the validate hooks use.
var valueRules = []struct {
	name, sql string
	valid     func(string) bool
}{
	{"todo dates", `SELECT DISTINCT date FROM todos`, collections.IsDay},
	{"diary dates", `SELECT DISTINCT date FROM diaries`, collections.IsDay},
	{"diary emojis", `SELECT DISTINCT emoji FROM diaries`, collections.IsSingleEmoji},
	{"like emojis", `SELECT DISTINCT emoji FROM likes WHERE emoji != ''`, collections.IsSingleEmoji},
	{"todo contents", `SELECT DISTINCT contents FROM todos`, func(s string) bool {
		n := len([]rune(s))
		return s == strings.TrimSpace(s) && n >= 1 && n <= 300
	}},
	{"usernames", `SELECT username FROM users`, regexp.MustCompile(`^[a-z0-9_.]{3,30}$`).MatchString},
	{"goal colors", `SELECT DISTINCT color FROM goals`, regexp.MustCompile(`^#[0-9a-fA-F]{6}$`).MatchString},
}

// Check verifies todomate's invariants over all the data in app: friendships
// are exactly the mutual follows plus a self row per user (see
// collections.Friendships), audiences are exactly what friendships and
// privacy make them, every todo's goal is its author's, likes
// are unique and only of what the liker can see, and dates, emojis, contents
// and usernames are valid. It returns an error naming what is broken.
func Check(app core.App) error {
	if err := checkInvariants(app, invariants); err != nil {
		return err
	}
	if err := CheckAudiences(app); err != nil {
		return err
	}
	for _, rule := range valueRules {
		var values []string
		if err := app.DB().NewQuery(rule.sql).Column(&values); err != nil {
			return fmt.Errorf("seed check %q: %w", rule.name, err)
		}
		for _, v := range values {
			if !rule.valid(v) {
				return fmt.Errorf("seed check: invalid %s: %q", rule.name, v)
			}
		}
	}

	return nil
}

// CheckAudiences verifies that every goal's, todo's and diary's audience is
// exactly what friendships and privacy make it (see audienceInvariants).
func CheckAudiences(app core.App) error {
	return checkInvariants(app, audienceInvariants())
}

func checkInvariants(app core.App, checks []invariant) error {
	for _, inv := range checks {
		var broken int
		if err := app.DB().NewQuery(inv.sql).Row(&broken); err != nil {
			return fmt.Errorf("seed check %q: %w", inv.name, err)
		}
		if broken > 0 {
			return fmt.Errorf("seed check: %d %s", broken, inv.name)
		}
	}
	return nil
}
