package devserver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"

	uiserver "github.com/temporalio/ui-server/v2/server"
	uiconfig "github.com/temporalio/ui-server/v2/server/config"
	"github.com/temporalio/ui-server/v2/server/server_options"
)

// uiReadyTimeout bounds the wait for the Web UI when ctx has no deadline.
const uiReadyTimeout = 10 * time.Second

// uiServer is the Temporal Web UI, served from the assets compiled into the
// ui-server module, so it needs no files or network access at run time.
type uiServer struct {
	srv  *uiserver.Server
	url  string
	done chan error
}

func startUI(ctx context.Context, opts Options, port int, frontend string) (u *uiServer, err error) {
	// NewServer panics on a bad configuration instead of returning an error.
	defer func() {
		if r := recover(); r != nil {
			u, err = nil, fmt.Errorf("build ui server: %v", r)
		}
	}()
	srv := uiserver.NewServer(server_options.WithConfigProvider(&uiconfig.Config{
		Host:                opts.IP,
		Port:                port,
		TemporalGRPCAddress: frontend,
		EnableUI:            true,
		DefaultNamespace:    opts.Namespace,
		// Plain HTTP on a loopback address: a Secure CSRF cookie would never
		// come back and every write action in the UI would fail.
		CORS:     uiconfig.CORS{CookieInsecure: true},
		HideLogs: true,
		// No calls to temporal.io from a developer's machine.
		DisableNewsFetch: true,
	}))
	u = &uiServer{
		srv:  srv,
		url:  "http://" + net.JoinHostPort(opts.IP, strconv.Itoa(port)),
		done: make(chan error, 1),
	}
	// Start blocks until Stop. It exits the process if it cannot bind,
	// which choosePorts makes unlikely by probing the port first.
	go func() { u.done <- srv.Start() }()
	if err := u.waitReady(ctx); err != nil {
		return nil, errors.Join(err, u.stop())
	}
	return u, nil
}

// waitReady polls the UI's health route until it answers.
func (u *uiServer) waitReady(ctx context.Context) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, uiReadyTimeout)
		defer cancel()
	}
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.url+"/healthz", nil)
		if err != nil {
			return err
		}
		if resp, err := http.DefaultClient.Do(req); err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case err := <-u.done:
			u.done <- err // let stop see that Start has returned
			return fmt.Errorf("ui server exited: %v", err)
		case <-ctx.Done():
			return fmt.Errorf("wait for ui server: %w", ctx.Err())
		case <-tick.C:
		}
	}
}

// stop closes the UI's listener and waits for its Start to return.
func (u *uiServer) stop() error {
	u.srv.Stop()
	select {
	case err := <-u.done:
		if err != nil {
			return fmt.Errorf("stop ui server: %w", err)
		}
		return nil
	case <-time.After(5 * time.Second):
		return errors.New("stop ui server: timed out")
	}
}
