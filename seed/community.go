package seed

import (
	"math/rand/v2"
	"slices"
	"time"

	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/todomate/todomate/collections"
	"github.com/todomate/todomate/visibility"
)

// community is what the generator remembers while it writes: the ids later
// stages point to, and what of it each user may see. Records of one user
// are contiguous: user i owns todoIds[todoStart[i]:todoStart[i+1]].
type community struct {
	opts Options
	rng  *rand.Rand
	// nextId counts the ids made; it starts at a seeded point so that ids
	// do not all begin with zeros
	nextId uint64

	days     []string    // oldest first; the last one is EndDay
	dayStart []time.Time // midnight UTC of each day

	userIds   []string
	usernames []string

	goalIds   []string // user i owns goalIds[i*GoalsPerUser:(i+1)*GoalsPerUser]
	goalLevel []string

	// routines of each user, made with the todos (their days are todos)
	routines []seedRoutine

	todoIds    []string
	todoDay    []uint16
	todoHidden []bool // under a private goal: the owner's eyes only
	todoStart  []int32

	diaryIds     []string
	diaryDay     []uint16
	diaryPrivate []bool
	diaryStart   []int32

	// friends[i] are the users i follows and is followed by
	friends [][]int32
	// circles[i] is the audience of user i's records that are not
	// private: their id and their friends', in id order, comma-separated
	// (collections.FieldAudience)
	circles []string
	// follows as (follower, following) indexes into userIds
	follows [][2]int32
}

func newCommunity(opts Options) *community {
	c := &community{
		opts: opts,
		// the second word is fixed so that Seed alone picks the stream
		rng: rand.New(rand.NewPCG(uint64(opts.Seed), 0x746f646f6d617465)),
	}
	// anywhere in the lower half of the 6-character counter space: room
	// for a billion ids above it
	c.nextId = 36*36*36*36*36 + c.rng.Uint64N(1_000_000_000)

	end, _ := time.Parse(collections.DayLayout, opts.EndDay) // checked by normalized
	for d := opts.Days - 1; d >= 0; d-- {
		day := end.AddDate(0, 0, -d)
		c.days = append(c.days, day.Format(collections.DayLayout))
		c.dayStart = append(c.dayStart, day)
	}

	return c
}

const idAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// newId is a PocketBase-shaped record id (15 of [a-z0-9]) drawn from the
// seeded stream, so that the same seed gives the same ids.
//
// Ids ascend in the order they are made: the first 6 characters count in
// base 36 (digits in byte order, see idOrdered) and 9 random ones follow.
// Every primary key and (user, ...) index then grows at its end, where a
// B-tree insert touches the fewest pages.
func (c *community) newId() string {
	var id [15]byte

	n := c.nextId
	c.nextId++
	for i := 5; i >= 0; i-- {
		id[i] = idOrdered[n%36]
		n /= 36
	}

	x := c.rng.Uint64() // 36^9 < 2^64: nine characters from one draw
	for i := 6; i < 15; i++ {
		id[i] = idAlphabet[x%36]
		x /= 36
	}

	return string(id[:])
}

// idOrdered is idAlphabet in byte order, so that counting in it sorts.
const idOrdered = "0123456789abcdefghijklmnopqrstuvwxyz"

func (c *community) chance(p float64) bool { return c.rng.Float64() < p }

func pick[T any](c *community, items []T) T { return items[c.rng.IntN(len(items))] }

// timestamp is PocketBase's autodate text for a moment after a day's start.
func (c *community) timestamp(day int, after time.Duration) string {
	return c.dayStart[day].Add(after).Format(types.DefaultDateLayout)
}

// befriend builds the friend graph: users stand on a ring in a random
// order, and everyone is friends with the FriendsPerUser/2 nearest on each
// side (plus the one opposite when the count is odd). Everyone gets the
// same number of friends, and friends of friends overlap, as in life.
func (c *community) befriend() {
	n := len(c.userIds)
	c.friends = make([][]int32, n)

	ring := c.rng.Perm(n)
	link := func(a, b int) {
		c.friends[a] = append(c.friends[a], int32(b))
		c.friends[b] = append(c.friends[b], int32(a))
		c.follows = append(c.follows, [2]int32{int32(a), int32(b)}, [2]int32{int32(b), int32(a)})
	}

	half := min(c.opts.FriendsPerUser/2, (n-1)/2)
	for p := 0; p < n; p++ {
		for d := 1; d <= half; d++ {
			link(ring[p], ring[(p+d)%n])
		}
	}
	if c.opts.FriendsPerUser%2 == 1 && n%2 == 0 && n/2 > half {
		for p := 0; p < n/2; p++ {
			link(ring[p], ring[p+n/2])
		}
	}
}

// makeCircles writes down each user's circle, from friends.
func (c *community) makeCircles() {
	c.circles = make([]string, len(c.userIds))
	for u := range c.userIds {
		friends := make([]string, 0, len(c.friends[u]))
		for _, f := range c.friends[u] {
			friends = append(friends, c.userIds[f])
		}
		c.circles[u] = visibility.Circle(c.userIds[u], friends)
	}
}

// audience is what the hooks would write as the audience of a record of
// user u at level (the seed makes no blocks, so an "everyone" audience is
// "*").
func (c *community) audience(u int, level string) string {
	return visibility.Audience(level, c.userIds[u], c.circles[u], visibility.Everyone(""))
}

// followOneWay adds OneWayPerUser follows per user of people who are
// neither friends nor followers of that user, so they stay one-way.
func (c *community) followOneWay() {
	n := len(c.userIds)
	edge := make(map[[2]int32]struct{}, len(c.follows))
	for _, f := range c.follows {
		edge[f] = struct{}{}
	}

	for u := 0; u < n && n > 1; u++ {
		for k := 0; k < c.opts.OneWayPerUser; k++ {
			for try := 0; try < 10; try++ {
				v := c.rng.IntN(n)
				there := [2]int32{int32(u), int32(v)}
				back := [2]int32{int32(v), int32(u)}
				_, followed := edge[there]
				_, following := edge[back]
				if v == u || followed || following {
					continue
				}
				edge[there] = struct{}{}
				c.follows = append(c.follows, there)
				break
			}
		}
	}
}

// mutual reports the follows whose reverse is a follow too: exactly the
// friendships rows the follows hooks would have written.
func (c *community) mutual() [][2]int32 {
	edge := make(map[[2]int32]struct{}, len(c.follows))
	for _, f := range c.follows {
		edge[f] = struct{}{}
	}

	var pairs [][2]int32
	for _, f := range c.follows {
		if _, ok := edge[[2]int32{f[1], f[0]}]; ok {
			pairs = append(pairs, f)
		}
	}
	return pairs
}

// seedRoutine is a routine the seed writes: its days are todos it wrote.
type seedRoutine struct {
	id, user, goal, contents string
	level                    string // its goal's, "friends" without one
	weekdays                 []string
	start, end               string
}

// on reports whether the routine has a day on day d of the community.
func (r seedRoutine) on(c *community, d int) bool {
	return c.days[d] >= r.start && c.days[d] <= r.end && slices.Contains(r.weekdays, collections.WeekdayOf(c.dayStart[d]))
}

// newRoutines makes user u's routines: each on three weekdays, under one
// of u's goals most of the time, over every seeded day (at most a year).
func (c *community) newRoutines(u int) []seedRoutine {
	per, goals := c.opts.RoutinesPerUser, c.opts.GoalsPerUser
	first := c.days[max(0, len(c.days)-366)]
	routines := make([]seedRoutine, per)
	for r := range routines {
		picked := c.rng.Perm(len(collections.Weekdays))[:3]
		slices.Sort(picked)
		weekdays := make([]string, len(picked))
		for i, w := range picked {
			weekdays[i] = collections.Weekdays[w]
		}
		goal, level := "", collections.VisibilityFriends
		if goals > 0 && c.chance(0.7) {
			g := u*goals + c.rng.IntN(goals)
			goal, level = c.goalIds[g], c.goalLevel[g]
		}
		routines[r] = seedRoutine{id: c.newId(), user: c.userIds[u], goal: goal, level: level, contents: pick(c, todoContents),
			weekdays: weekdays, start: first, end: c.days[len(c.days)-1]}
	}
	return routines
}
