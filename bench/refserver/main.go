// Command refserver is the hand-written reference for todomate's feed
// (issue 15): GET /api/todomate/feed?date=YYYY-MM-DD&page=&perPage= on
// plain net/http and database/sql, on the same SQLite driver, the same
// data.db and the same SQL (routes.FeedSQL), with the same auth work as
// PocketBase (the JWT checked against the user's row, read per request),
// and the same answer. bench/load.sh runs it next to todomate, so that
// todomate's uncached feed is measured against what the machine and driver
// can do.
//
// Usage: refserver -db pb_data/data.db -http 127.0.0.1:8091 [-conns 4]
package main

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	_ "modernc.org/sqlite"

	"github.com/todomate/todomate/routes"
)

func main() {
	dbPath := flag.String("db", "pb_data/data.db", "the todomate database, read only")
	addr := flag.String("http", "127.0.0.1:8091", "address to listen on")
	conns := flag.Int("conns", 4, "open database connections at most")
	flag.Parse()

	db, err := sql.Open("sqlite", "file:"+*dbPath+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)&_pragma=cache_size(-4000)")
	if err != nil {
		log.Fatal(err)
	}
	db.SetMaxOpenConns(*conns)
	db.SetMaxIdleConns(*conns)

	s, err := newServer(db, *conns)
	if err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("GET /api/todomate/feed", s.feed)
	http.HandleFunc("GET /api/health", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, `{"code":200}`) })
	log.Printf("refserver on http://%s", *addr)
	log.Fatal(http.ListenAndServe(*addr, nil))
}

type server struct {
	db *sql.DB
	// slots admits a request to the database first come, first served, as
	// todomate's read queue does (routes/queue.go): database/sql hands a
	// freed connection to a random waiter, and on one core the handoff
	// chain runs ahead of the connections the network poller wakes, which
	// then wait for seconds (p90 2 s, p99 3.5 s, with GOMAXPROCS=1). Each
	// request yields once when admitted, to queue behind them.
	slots                            chan struct{}
	secret                           string // the users collection's auth token secret
	authRow, friends, todos, diaries *sql.Stmt
}

func newServer(db *sql.DB, conns int) (*server, error) {
	s := &server{db: db, slots: make(chan struct{}, conns)}
	var options []byte
	if err := db.QueryRow("SELECT options FROM _collections WHERE name = 'users'").Scan(&options); err != nil {
		return nil, fmt.Errorf("users collection: %w", err)
	}
	var o struct {
		AuthToken struct{ Secret string } `json:"authToken"`
	}
	if err := json.Unmarshal(options, &o); err != nil || o.AuthToken.Secret == "" {
		return nil, fmt.Errorf("users auth token secret: %v", err)
	}
	s.secret = o.AuthToken.Secret

	for stmt, query := range map[**sql.Stmt]string{
		// the whole row, as PocketBase loads the auth record
		&s.authRow: "SELECT id, tokenKey, username, name, avatar, bio, email, emailVisibility, verified, created, updated FROM users WHERE id = :id",
		&s.friends: routes.FeedSQL.Friends,
		&s.todos:   routes.FeedSQL.Todos,
		&s.diaries: routes.FeedSQL.Diaries,
	} {
		prepared, err := db.Prepare(query)
		if err != nil {
			return nil, fmt.Errorf("prepare %s: %w", query, err)
		}
		*stmt = prepared
	}
	return s, nil
}

// authUser checks the request's JWT as PocketBase does: signed with the
// user's token key and the collection's secret, not expired.
func (s *server) authUser(ctx context.Context, token string) (string, error) {
	var id string
	_, err := jwt.Parse(token, func(t *jwt.Token) (any, error) {
		claims, ok := t.Claims.(jwt.MapClaims)
		if !ok || claims["type"] != "auth" {
			return nil, errors.New("not an auth token")
		}
		id, _ = claims["id"].(string)
		var tokenKey string
		var rest [9]sql.NullString
		err := s.authRow.QueryRowContext(ctx, sql.Named("id", id)).Scan(&id, &tokenKey,
			&rest[0], &rest[1], &rest[2], &rest[3], &rest[4], &rest[5], &rest[6], &rest[7], &rest[8])
		if err != nil {
			return nil, err
		}
		return []byte(tokenKey + s.secret), nil
	}, jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired())
	return id, err
}

type user struct {
	Id       string `json:"id"`
	Username string `json:"username"`
	Name     string `json:"name"`
	Avatar   string `json:"avatar"`
}

type goal struct {
	Id    string `json:"id"`
	Title string `json:"title"`
	Color string `json:"color"`
}

type todo struct {
	Id        string `json:"id"`
	user      string
	Contents  string `json:"contents"`
	IsChecked bool   `json:"is_checked"`
	Goal      *goal  `json:"goal"`
	Proof     string `json:"proof"`
	cheers
	sort    int
	created string
}

type diary struct {
	Id      string `json:"id"`
	user    string
	Emoji   string          `json:"emoji"`
	Content string          `json:"content"`
	Photos  json.RawMessage `json:"photos"`
	cheers
}

// cheers are a todo's or diary's cheers as the feed shows them, tallied
// from the cheers column (raw) by routes.FeedCheers.
type cheers struct {
	Likes     int        `json:"likes"`
	Liked     bool       `json:"liked"`
	Reactions []reaction `json:"reactions"`
	Mine      *string    `json:"mine"`
	raw       string
}

type reaction struct {
	Emoji string `json:"emoji"`
	Count int    `json:"count"`
}

func (c *cheers) tally() {
	tally := routes.FeedCheers{Cheers: c.raw}
	tally.Tally()
	c.Likes, c.Liked, c.Mine = tally.Likes, tally.Liked, tally.Mine
	c.Reactions = make([]reaction, len(tally.Reactions))
	for i, r := range tally.Reactions {
		c.Reactions[i] = reaction{r.Emoji, r.Count}
	}
}

type item struct {
	User  user    `json:"user"`
	Todos []*todo `json:"todos"`
	Diary *diary  `json:"diary"`
}

var dayPattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

func (s *server) feed(w http.ResponseWriter, r *http.Request) {
	s.slots <- struct{}{}
	defer func() { <-s.slots }()
	runtime.Gosched()
	ctx := r.Context()
	viewer, err := s.authUser(ctx, r.Header.Get("Authorization"))
	if err != nil {
		http.Error(w, `{"status":401}`, http.StatusUnauthorized)
		return
	}
	q := r.URL.Query()
	date := q.Get("date")
	if date == "" {
		date = time.Now().UTC().Format(time.DateOnly)
	}
	page, perPage := intParam(q.Get("page"), 1), intParam(q.Get("perPage"), 20)
	if _, err := time.Parse(time.DateOnly, date); err != nil || !dayPattern.MatchString(date) || page < 1 || perPage < 1 || perPage > 100 {
		http.Error(w, `{"status":400}`, http.StatusBadRequest)
		return
	}

	items, err := s.load(ctx, viewer, date, page, perPage)
	if err != nil {
		log.Print(err)
		http.Error(w, `{"status":500}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(struct {
		Date    string  `json:"date"`
		Page    int     `json:"page"`
		PerPage int     `json:"perPage"`
		Items   []*item `json:"items"`
	}{date, page, perPage, items})
}

func intParam(value string, def int) int {
	if value == "" {
		return def
	}
	n, err := strconv.Atoi(value)
	if err != nil {
		return -1
	}
	return n
}

// load is routes' feed.load: the friends by username, their visible todos
// and diaries of the day, the friends with something to show, one page.
func (s *server) load(ctx context.Context, viewer, date string, page, perPage int) ([]*item, error) {
	args := []any{sql.Named("auth", viewer), sql.Named("date", date)}

	rows, err := s.friends.QueryContext(ctx, args[0])
	if err != nil {
		return nil, err
	}
	var order []*item
	byUser := map[string]*item{}
	for rows.Next() {
		it := &item{Todos: []*todo{}}
		if err := rows.Scan(&it.User.Id, &it.User.Username, &it.User.Name, &it.User.Avatar); err != nil {
			rows.Close()
			return nil, err
		}
		order = append(order, it)
		byUser[it.User.Id] = it
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(order) == 0 {
		return []*item{}, nil
	}
	// the feed's SQL leaves the order to the server, as routes does
	slices.SortFunc(order, func(a, b *item) int { return strings.Compare(a.User.Username, b.User.Username) })

	rows, err = s.todos.QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		t, g := &todo{}, &goal{}
		if err := rows.Scan(&t.Id, &t.user, &t.Contents, &t.IsChecked, &g.Id, &g.Title, &g.Color, &t.Proof, &t.sort, &t.created, &t.raw); err != nil {
			rows.Close()
			return nil, err
		}
		t.tally()
		if g.Id != "" {
			t.Goal = g
		}
		if it := byUser[t.user]; it != nil {
			it.Todos = append(it.Todos, t)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, it := range order {
		slices.SortFunc(it.Todos, func(a, b *todo) int {
			return cmp.Or(cmp.Compare(a.sort, b.sort), strings.Compare(a.created, b.created), strings.Compare(a.Id, b.Id))
		})
	}

	rows, err = s.diaries.QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		d := &diary{}
		var photos []byte
		if err := rows.Scan(&d.Id, &d.user, &d.Emoji, &d.Content, &photos, &d.raw); err != nil {
			rows.Close()
			return nil, err
		}
		d.tally()
		d.Photos = json.RawMessage("[]")
		if len(photos) > 0 {
			d.Photos = photos
		}
		if it := byUser[d.user]; it != nil {
			it.Diary = d
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}

	withDay := make([]*item, 0, len(order))
	for _, it := range order {
		if len(it.Todos) > 0 || it.Diary != nil {
			withDay = append(withDay, it)
		}
	}
	from := (page - 1) * perPage
	if from >= len(withDay) {
		return []*item{}, nil
	}
	return withDay[from:min(from+perPage, len(withDay))], nil
}
