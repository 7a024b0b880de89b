// Package deploy holds what runs Vextrus outside `vextrus dev`: the image
// (Dockerfile at the repository root), the Compose project
// (deploy/compose) and the Kubernetes manifests (deploy/k8s). Its tests
// check them, without Docker or a cluster, against the targets and the
// settings the binary itself declares, so a new target or a new required
// setting missing from either fails a test.
package deploy
