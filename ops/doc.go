// Package ops holds the tests of running todomate in production: the
// default backup schedule, and a backup made through the API that restores
// into a fresh data dir with every record and file intact. The deploy files
// they go with are in ../deploy, ../Dockerfile and ../fly.toml.
package ops
