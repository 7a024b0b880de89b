package finance

import "context"

// SetAfterNumber makes fn run in every approving transaction right after
// the Mushak number is taken, so a test can stop or kill a process that
// holds a number it has not committed.
func SetAfterNumber(s *Service, fn func(ctx context.Context)) { s.afterNumber = fn }
