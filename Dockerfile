# syntax=docker/dockerfile:1
#
# hazard-api container image.
#
#   docker build -t hazard-api .
#
# The workspace needs no system packages: SQLite (libsqlite3-sys "bundled"),
# libpq (pq-sys "bundled_without_openssl") and jemalloc (tikv-jemalloc-sys, the
# server's allocator) are C sources compiled by `cc` and `make`, and
# build-essential is already in the rust image. Swagger UI is vendored.

############################
# 1. build
############################
FROM rust:1-bookworm AS builder
WORKDIR /src

# An explicit target dir wins over any .cargo/config.toml, so the path below is fixed.
ENV CARGO_TARGET_DIR=/build/target \
    CARGO_TERM_COLOR=never

COPY . .

# The cache mounts keep the crates.io index/downloads and the target dir between
# builds (BuildKit); the binary is copied out of the cached target dir.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/usr/local/cargo/git \
    --mount=type=cache,target=/build/target \
    cargo build --release --locked -p hazard-api \
 && install -D -m 0755 /build/target/release/hazard-api /out/hazard-api

############################
# 2. runtime
############################
FROM debian:bookworm-slim AS runtime

# ca-certificates: outbound TLS (webhooks, TLS to PostgreSQL);
# curl: the HEALTHCHECK below (and the compose healthcheck).
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 hazard \
 && useradd --system --uid 10001 --gid hazard --home-dir /var/lib/hazard \
        --no-create-home --shell /usr/sbin/nologin hazard \
 && install -d -o hazard -g hazard -m 0750 /var/lib/hazard

COPY --from=builder /out/hazard-api /usr/local/bin/hazard-api

WORKDIR /var/lib/hazard
ENV HAZARD_BIND=0.0.0.0:8080 \
    HAZARD_DATA_DIR=/var/lib/hazard

USER hazard:hazard
EXPOSE 8080

# Liveness only: /healthz answers while the process serves HTTP. Readiness
# (database reachable) is /readyz, used by docker-compose.yml.
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1

ENTRYPOINT ["hazard-api"]
