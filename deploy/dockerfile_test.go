package deploy_test

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/vextrus/vextrus/internal/app"
)

// dockerStage is one FROM of the Dockerfile and the instructions under it.
type dockerStage struct {
	name, base string
	steps      []*parser.Node
}

// root is the repository root: the deploy package's parent.
func repoRoot(tb testing.TB) string {
	tb.Helper()
	dir, err := filepath.Abs("..")
	if err != nil {
		tb.Fatal(err)
	}
	return dir
}

func repoFile(tb testing.TB, rel string) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(tb), rel))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// dockerStages parses the Dockerfile with BuildKit's own parser.
func dockerStages(tb testing.TB) []dockerStage {
	tb.Helper()
	res, err := parser.Parse(strings.NewReader(repoFile(tb, "Dockerfile")))
	if err != nil {
		tb.Fatalf("parse Dockerfile: %v", err)
	}
	var out []dockerStage
	for _, n := range res.AST.Children {
		if strings.EqualFold(n.Value, "from") {
			s := dockerStage{base: n.Next.Value}
			if as := n.Next.Next; as != nil && strings.EqualFold(as.Value, "as") && as.Next != nil {
				s.name = as.Next.Value
			}
			out = append(out, s)
			continue
		}
		if len(out) == 0 {
			continue // ARG before the first FROM
		}
		out[len(out)-1].steps = append(out[len(out)-1].steps, n)
	}
	return out
}

// args are an instruction's arguments, flags aside.
func instrArgs(n *parser.Node) []string {
	var out []string
	for a := n.Next; a != nil; a = a.Next {
		out = append(out, a.Value)
	}
	return out
}

// pinned is an image named by a tag and its digest.
var pinned = regexp.MustCompile(`^[a-z0-9.\-/:]+:[A-Za-z0-9_.\-]+@sha256:[0-9a-f]{64}$`)

func TestDockerfileBuildsOnBaseImagesPinnedByTagAndDigest(t *testing.T) {
	stages := dockerStages(t)
	if len(stages) < 2 {
		t.Fatalf("want a build stage and a runtime stage, got %d stage(s)", len(stages))
	}
	names := map[string]bool{}
	for _, s := range stages {
		switch {
		case names[s.base]:
			// built on an earlier stage of this file
		case !pinned.MatchString(s.base):
			t.Errorf("FROM %s: want image:tag@sha256:digest", s.base)
		case strings.Contains(s.base, ":latest@"):
			t.Errorf("FROM %s: a latest tag says nothing about what was pinned", s.base)
		}
		names[s.name] = true
	}
	// The builder's Go is the one go.mod names, so the image compiles
	// with the toolchain CI tests with.
	goVersion := regexp.MustCompile(`(?m)^go (\S+)$`).FindStringSubmatch(repoFile(t, "go.mod"))
	if goVersion == nil || !strings.HasPrefix(stages[0].base, "golang:"+goVersion[1]+"-") {
		t.Errorf("build stage FROM %s: want golang:%s (go.mod's go line)", stages[0].base, goVersion)
	}
}

func TestImageRunsTheBinaryAsANumericNonRootUser(t *testing.T) {
	stages := dockerStages(t)
	final := stages[len(stages)-1]
	user, entry, copied := "", []string(nil), false
	for _, n := range final.steps {
		switch strings.ToLower(n.Value) {
		case "user":
			user = n.Next.Value
		case "entrypoint":
			if !n.Attributes["json"] {
				t.Errorf("ENTRYPOINT %s: want the exec (JSON) form; the image has no shell", n.Original)
			}
			entry = instrArgs(n)
		case "copy":
			copied = copied || slicesHasPrefix(n.Flags, "--from="+stages[0].name) && strings.HasSuffix(instrArgs(n)[0], "/vextrus")
		}
	}
	uid, _, _ := strings.Cut(user, ":")
	if n, err := strconv.Atoi(uid); err != nil || n == 0 {
		t.Errorf("final stage USER %q: want a numeric uid other than 0 (runAsNonRoot checks it without /etc/passwd)", user)
	}
	if len(entry) != 1 || filepath.Base(entry[0]) != "vextrus" {
		t.Errorf("ENTRYPOINT %q: want the vextrus binary alone, the target given as arguments", entry)
	}
	if !copied {
		t.Errorf("final stage does not copy the vextrus binary from stage %q", stages[0].name)
	}
}

func slicesHasPrefix(flags []string, prefix string) bool {
	for _, f := range flags {
		if strings.HasPrefix(f, prefix) {
			return true
		}
	}
	return false
}

// buildScript is the one place the release build flags are written.
const buildScript = ".ci/build-binary"

func TestImageAndCIBuildTheBinaryWithTheSameFlags(t *testing.T) {
	build := dockerStages(t)[0]
	inImage := false
	for _, n := range build.steps {
		if strings.EqualFold(n.Value, "run") && calls(strings.Join(instrArgs(n), " "), buildScript) {
			inImage = true
		}
	}
	if !inImage {
		t.Errorf("the build stage never runs %s", buildScript)
	}
	if !calls(repoFile(t, ".ci/run"), buildScript) {
		t.Errorf(".ci/run never runs %s", buildScript)
	}
	script := repoFile(t, buildScript)
	version := "-X " + reflect.TypeFor[app.Config]().PkgPath() + ".Version="
	_ = app.Version // the variable the flag stamps
	for _, want := range []string{"CGO_ENABLED=0 ", " -trimpath ", version, "./cmd/vextrus"} {
		if !strings.Contains(uncommented(script), want) {
			t.Errorf("%s does not build with %q", buildScript, want)
		}
	}
}

// calls reports whether a command line of text (comments aside) runs
// script.
func calls(text, script string) bool {
	for _, line := range strings.Split(uncommented(text), "\n") {
		if strings.Contains(line, script) {
			return true
		}
	}
	return false
}

// uncommented is text without its shell comments.
func uncommented(text string) string {
	var b strings.Builder
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}
