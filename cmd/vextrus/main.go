// Command vextrus is the one binary of Vextrus ERP: `vextrus dev` runs every
// service on embedded engines, `vextrus serve --target=...` runs services
// against configured ones. See README.md.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/vextrus/vextrus/internal/app"
)

func main() {
	app.TuneRuntime()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "vextrus:", err)
		stop()
		os.Exit(1)
	}
}

// run executes the command line; only main exits.
func run(ctx context.Context, args []string, out, errOut io.Writer) error {
	cmd := app.Command(out, errOut)
	cmd.SetArgs(args)
	return cmd.ExecuteContext(ctx)
}
