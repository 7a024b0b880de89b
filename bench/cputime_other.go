//go:build !linux

package main

import "time"

// threadCPU is unknown off Linux; callers report wall-clock rates only.
func threadCPU() time.Duration { return 0 }
