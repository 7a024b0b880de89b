package notify_test

import (
	"net"
	"strconv"
)

func splitAddr(addr string) (string, int) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		panic(err)
	}
	n, _ := strconv.Atoi(port)
	return host, n
}
