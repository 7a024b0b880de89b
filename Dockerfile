# The one image of Vextrus: the `vextrus` binary on a distroless static
# base, running as a non-root user. Every target runs from it by argument:
#
#   docker build --build-arg VERSION=$(git describe --tags --always --dirty) -t vextrus:dev .
#   docker run --rm vextrus:dev serve --list-targets
#   docker run --rm vextrus:dev serve --target=gateway
#
# Both base images are pinned by tag and digest (docs/deploy.md, "Image",
# says how to move them). The build flags live in .ci/build-binary, which
# CI runs too, so the image's binary is the one CI built and tested.

FROM golang:1.26.8-trixie@sha256:bdca99a00bc16590cb1a0bb4e698f5fc5d6a64e4d5eef13d9f18a0ee08e5fa65 AS build
WORKDIR /src
# Modules first: a change of source alone reuses this layer.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG VERSION=dev
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    .ci/build-binary /out/vextrus "${VERSION}"

FROM gcr.io/distroless/static-debian12:nonroot@sha256:afa5c872c891853ca7fcf1f12c3edb23f7eeef36189728842dd51042ff57f7ab AS runtime
ARG VERSION=dev
LABEL org.opencontainers.image.title="vextrus" \
      org.opencontainers.image.description="Vextrus ERP: one binary, every target by argument" \
      org.opencontainers.image.version="${VERSION}"
COPY --from=build /out/vextrus /usr/local/bin/vextrus
# nonroot is uid and gid 65532 in the distroless base; numeric, so that
# Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
USER 65532:65532
# Listeners bind all interfaces in a container (the defaults are loopback):
# 8080 public, 8081 internal (subgraphs, /metrics, detailed /readyz).
ENV VEXTRUS_HTTP_ADDR=:8080 \
    VEXTRUS_HTTP_INTERNAL_ADDR=:8081
EXPOSE 8080 8081
ENTRYPOINT ["/usr/local/bin/vextrus"]
CMD ["serve", "--list-targets"]
