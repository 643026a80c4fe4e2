package cmd

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"
)

// What the two long-running commands, serve and ssh, share: checking the
// listen address and serving until Ctrl+C or SIGTERM.

// checkAddr rejects an --addr that is not host:port before trying to
// listen, so a typo is a usage error rather than a network failure.
// example is a good address for the command, shown in the message.
func checkAddr(addr, example string) error {
	_, port, err := net.SplitHostPort(addr)
	if err == nil {
		if p, perr := strconv.Atoi(port); perr != nil || p < 0 || p > 65535 {
			err = fmt.Errorf("port %q is not a number from 0 to 65535", port)
		}
	}
	if err != nil {
		return &UsageError{Err: fmt.Errorf("invalid argument %q for \"--addr\" flag: want host:port such as %s: %v", addr, example, err)}
	}
	return nil
}

// surviveBrokenPipes makes a write to a pipe whose reader has gone fail
// with EPIPE instead of killing the process, which is what Go does for
// standard output and error by default (SIGPIPE). The long-running
// commands' output is a log for whoever runs them; `tokenflow ssh | tee
// log` loses its tee to the same Ctrl+C that asks for a graceful stop,
// and losing the last lines of the log must not cost the learners their
// goodbye and their restored terminals.
func surviveBrokenPipes() { signal.Ignore(syscall.SIGPIPE) }

// serveUntilStopped runs serve in the background until ctx ends or the
// process gets SIGINT or SIGTERM, then calls shutdown with timeout to
// finish and waits for serve to return. serve returns nil once shutdown
// has stopped it. The error is serve's if serving failed, else shutdown's.
func serveUntilStopped(ctx context.Context, timeout time.Duration, serve func() error, shutdown func(context.Context) error) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- serve() }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	shutdownErr := shutdown(sctx)
	if err := <-served; err != nil {
		return err
	}
	return shutdownErr
}
