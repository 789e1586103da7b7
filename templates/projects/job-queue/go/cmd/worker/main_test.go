package main

import (
	"os"
	"os/signal"
	"syscall"
	"testing"
	"time"
)

// SIGTERM (what docker stop and Kubernetes send) ends the worker with exit
// code 0, even while the API is unreachable and it keeps retrying.
func TestSIGTERMStopsTheWorkerCleanly(t *testing.T) {
	// Nothing listens on the discard port.
	t.Setenv("API_URL", "http://127.0.0.1:9")
	t.Setenv("WORKER_POLL_SECONDS", "1")
	// Registered here too, so that a signal sent before run's own handler is
	// in place is caught rather than killing the test binary. Never stopped:
	// a signal still in flight when the test ends must not kill it either.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGTERM)

	exit := make(chan int, 1)
	go func() { exit <- run(nil) }()
	ticker := time.NewTicker(50 * time.Millisecond)
	defer ticker.Stop()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case code := <-exit:
			if code != 0 {
				t.Errorf("exit code %d after SIGTERM, want 0", code)
			}
			return
		case <-ticker.C:
			// Until run's handler is in place and the signal reaches it.
			if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
		case <-deadline:
			t.Fatal("the worker did not exit after SIGTERM")
		}
	}
}

func TestListPrintsTheJobTypes(t *testing.T) {
	if code := run([]string{"--list"}); code != 0 {
		t.Errorf("--list exit code %d", code)
	}
	if code := run([]string{"--bogus"}); code != 2 {
		t.Errorf("an unknown argument: exit code %d, want 2", code)
	}
}
