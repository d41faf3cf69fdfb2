# A small runtime image for plumbline: `docker build -t plumbline .`
# Build stage: the Swift toolchain compiles a release binary with the Swift runtime linked in.
FROM swift:6.1-jammy AS build
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
COPY Benchmarks ./Benchmarks
RUN swift build -c release --product plumbline --static-swift-stdlib \
 && cp "$(swift build -c release --show-bin-path)/plumbline" /plumbline

# Runtime stage: only what the binary needs (libcurl for URLSession, CA certificates for TLS).
FROM ubuntu:jammy
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libcurl4 libxml2 tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /nonexistent --shell /usr/sbin/nologin plumbline
COPY --from=build /plumbline /usr/local/bin/plumbline
COPY Manifests /plumbline/Manifests
COPY Jobs /plumbline/Jobs
# The root filesystem can be read-only: reports, metrics and the audit log go to /var/lib/plumbline.
WORKDIR /var/lib/plumbline
USER 10001
ENTRYPOINT ["plumbline"]
CMD ["run", "/plumbline/Jobs/nightly-reconcile.yaml"]
