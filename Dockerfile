# syntax=docker/dockerfile:1

# todomate as a container: a static binary on a small Alpine image, the data
# dir on the /pb_data volume. Build: docker build -t todomate .
# Run:   docker run -p 8090:8090 -v todomate_data:/pb_data todomate

# -- build: the static binary, made by the same script CI runs --------------
FROM golang:1.27.3-bookworm AS build

WORKDIR /src

# modules first, so that this layer is reused until go.mod or go.sum change
COPY go.mod go.sum ./
RUN go mod download

COPY . .
RUN scripts/build.sh /out/todomate

# -- run ---------------------------------------------------------------------
FROM alpine:3.22

# ca-certificates: S3 backups and storage, SMTP, OAuth2 over TLS;
# su-exec: the entrypoint hands the server to the todomate user.
# The link: PocketBase's default data dir is pb_data beside the binary, so
# commands run in the container (superuser upsert, migrate) need no --dir.
RUN apk add --no-cache ca-certificates su-exec \
    && addgroup -S -g 10001 todomate \
    && adduser -S -D -H -u 10001 -G todomate -h /pb_data -s /sbin/nologin todomate \
    && mkdir -p /app /pb_data \
    && chown todomate:todomate /pb_data \
    && ln -s /pb_data /app/pb_data

COPY --from=build /out/todomate /app/todomate
COPY deploy/docker/entrypoint.sh /usr/local/bin/todomate

# The server always runs as the unprivileged todomate user (uid 10001). The
# container starts as root only so that the entrypoint can give /pb_data to
# that user first: fly.io and bind mounts hand volumes over owned by root.
# Started with --user 10001 it skips that step.
VOLUME /pb_data
WORKDIR /pb_data
EXPOSE 8090

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD wget -q -O /dev/null http://127.0.0.1:8090/api/health || exit 1

ENTRYPOINT ["todomate"]
CMD ["serve", "--http=0.0.0.0:8090", "--dir=/pb_data"]
