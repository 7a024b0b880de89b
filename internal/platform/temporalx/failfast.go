package temporalx

import (
	"context"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/connectivity"
	"google.golang.org/grpc/status"
)

// RetryAfterSeconds is the Retry-After of a request refused because the
// Temporal frontend cannot be reached: the reconnect backoff's ceiling
// (reconnect), after which a client has a fair chance.
const RetryAfterSeconds = 2

// unreachable is the message of the status failFast answers with; DomainError
// recognises it.
const unreachable = "temporal frontend unreachable"

// reconnect is how the connection finds the frontend again after an
// outage: the SDK's own setting waits up to 10 s between attempts and 20 s
// for one connect, so a frontend back after an outage would stay unused
// for that long. A connect to a reachable frontend takes milliseconds.
var reconnect = grpc.ConnectParams{
	Backoff: backoff.Config{BaseDelay: 100 * time.Millisecond, Multiplier: 1.6, Jitter: 0.2,
		MaxDelay: RetryAfterSeconds * time.Second},
	MinConnectTimeout: 5 * time.Second,
}

// callerMethods are the calls a caller waits for: starting, signalling,
// updating, querying and describing workflows. A worker's polls and task
// answers are not among them; they keep the SDK's retries, which carry
// a worker through an outage.
var callerMethods = []string{"StartWorkflowExecution", "ExecuteMultiOperation", "SignalWorkflowExecution",
	"SignalWithStartWorkflowExecution", "UpdateWorkflowExecution", "PollWorkflowExecutionUpdate", "QueryWorkflow",
	"DescribeWorkflowExecution", "GetWorkflowExecutionHistory", "RequestCancelWorkflowExecution",
	"TerminateWorkflowExecution", "ListWorkflowExecutions", "CountWorkflowExecutions"}

// failFast makes a caller's call fail at its first attempt that finds
// the frontend unreachable: the SDK would otherwise retry it with backoff
// until the caller's deadline (a minute without one), holding a request
// open for as long as the outage lasts. An attempt answered UNAVAILABLE
// while the connection is not ready found no server; the answer then
// becomes FAILED_PRECONDITION, which the SDK does not retry, marked so
// that DomainError tells it apart and answers UNAVAILABLE with a
// Retry-After. An UNAVAILABLE from a server the connection reached (an
// overloaded shard) is still retried by the SDK.
//
// It runs inside the SDK's retry loop, once per attempt: the SDK adds the
// connection options' interceptors after its own.
func failFast(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	err := invoker(ctx, method, req, reply, cc, opts...)
	if err == nil || status.Code(err) != codes.Unavailable || cc.GetState() == connectivity.Ready || !callerMethod(method) {
		return err
	}
	return status.Error(codes.FailedPrecondition, unreachable+": "+status.Convert(err).Message())
}

func callerMethod(method string) bool {
	name := method[strings.LastIndexByte(method, '/')+1:]
	for _, m := range callerMethods {
		if name == m {
			return true
		}
	}
	return false
}

// dialOptions are the connection options Dial adds to the SDK's.
func dialOptions() []grpc.DialOption {
	return []grpc.DialOption{grpc.WithChainUnaryInterceptor(failFast), grpc.WithConnectParams(reconnect)}
}
