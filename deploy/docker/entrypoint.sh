#!/bin/sh
# todomate in the container: runs the binary as the unprivileged todomate
# user. The server, and any command run in the container as root (fly ssh
# console, docker compose exec), go through here, so files in /pb_data are
# always the todomate user's.
set -eu

if [ "$(id -u)" = "0" ]; then
    # volumes come owned by root (fly.io, bind mounts), and a root shell may
    # have left files behind: give them all to todomate
    chown -R todomate:todomate /pb_data
    exec su-exec todomate /app/todomate "$@"
fi

exec /app/todomate "$@"
