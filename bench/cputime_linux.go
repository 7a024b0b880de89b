package main

import (
	"syscall"
	"time"
)

// threadCPU is the CPU time the calling OS thread has used, so a rate per
// CPU-second can be measured on a machine other processes keep busy.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	const rusageThread = 1 // RUSAGE_THREAD
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
