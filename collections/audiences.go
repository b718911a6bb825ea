package collections

import "regexp"

// UserIdPattern is the shape of every users id. An audience is users ids
// joined by commas and the rules test it with a substring match ("~"), which
// is exact only while every id has this one length and none holds a comma
// (or a LIKE wildcard, or a capital: LIKE ignores ASCII case).
var UserIdPattern = regexp.MustCompile(`^[a-z0-9]{15}$`)
