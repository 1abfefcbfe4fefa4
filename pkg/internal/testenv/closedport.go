package testenv

import (
	"net"
	"testing"
)

// ClosedPortURL is an http URL on a loopback port nothing listens on, so a dial is refused:
// the "upstream down" case without a mock.
func ClosedPortURL(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return "http://" + addr
}
