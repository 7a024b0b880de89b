package devserver

import (
	"errors"
	"fmt"
	"net"
	"strconv"
)

// ports are the listeners of one server. The server binds them itself from
// numbers in its configuration, so free ones must be chosen beforehand.
type ports struct {
	frontend, http, history, matching, worker int
	ui                                        int // 0: no UI
}

// choosePorts picks a free port for every listener not given in opts. All
// probe listeners stay open until every number is chosen, so two listeners
// of one server never get the same port; the small window between closing
// a probe and the server binding it is accepted, as in any test harness.
// A port given explicitly is checked, so that a busy one is reported here
// rather than as a failure deep inside a service.
func choosePorts(opts Options) (ports, error) {
	var probes []net.Listener
	defer func() {
		for _, l := range probes {
			_ = l.Close()
		}
	}()
	pick := func(port int) (int, error) {
		l, err := net.Listen("tcp", net.JoinHostPort(opts.IP, strconv.Itoa(port)))
		if err != nil {
			return 0, err
		}
		probes = append(probes, l)
		return l.Addr().(*net.TCPAddr).Port, nil
	}
	var p ports
	var err error
	if p.frontend, err = pick(opts.Port); err != nil {
		return ports{}, fmt.Errorf("temporal frontend port: %w", err)
	}
	for _, dst := range []*int{&p.http, &p.history, &p.matching, &p.worker} {
		if *dst, err = pick(0); err != nil {
			return ports{}, fmt.Errorf("temporal service port: %w", err)
		}
	}
	switch {
	case opts.UIPort < -1:
		return ports{}, errors.New("temporal ui port: must be -1, 0 or a port number")
	case opts.UIPort >= 0:
		if p.ui, err = pick(opts.UIPort); err != nil {
			return ports{}, fmt.Errorf("temporal ui port: %w", err)
		}
	}
	return p, nil
}
