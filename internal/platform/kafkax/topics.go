package kafkax

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// EnsureTopics makes sure topics exist before a process relies on them.
// With cfg.CreateTopics it creates the missing ones with cfg.Partitions and
// cfg.ReplicationFactor and leaves existing ones as they are. Without it, it
// only looks, so `serve` fails fast against a cluster nobody provisioned:
// returns FAILED_PRECONDITION naming every missing topic.
func EnsureTopics(ctx context.Context, cl *kgo.Client, cfg Config, topics ...string) error {
	if len(topics) == 0 {
		return nil
	}
	cfg = cfg.WithDefaults()
	if cfg.CreateTopics {
		return createTopics(ctx, kadm.NewClient(cl), cfg, topics)
	}
	// A direct request: kadm answers from the client's metadata cache,
	// which can be stale, and asks for auto creation when the client
	// allows it, which would create the very topics we look for.
	req := kmsg.NewPtrMetadataRequest()
	for _, t := range topics {
		rt := kmsg.NewMetadataRequestTopic()
		rt.Topic = kmsg.StringPtr(t)
		req.Topics = append(req.Topics, rt)
	}
	resp, err := req.RequestWith(ctx, cl)
	if err != nil {
		return fmt.Errorf("describe topics: %w", err)
	}
	present := make(map[string]bool, len(resp.Topics))
	for _, t := range resp.Topics {
		if t.Topic != nil && t.ErrorCode == 0 {
			present[*t.Topic] = true
		}
	}
	var missing []string
	for _, t := range topics {
		if !present[t] {
			missing = append(missing, t)
		}
	}
	if len(missing) > 0 {
		return errs.E(errs.FailedPrecondition, "kafka topics missing: %s", strings.Join(missing, ", "))
	}
	return nil
}

func createTopics(ctx context.Context, adm *kadm.Client, cfg Config, topics []string) error {
	resps, err := adm.CreateTopics(ctx, cfg.Partitions, cfg.ReplicationFactor, nil, topics...)
	if err != nil {
		return fmt.Errorf("create topics: %w", err)
	}
	var failed []error
	for _, r := range resps.Sorted() {
		if r.Err != nil && !errors.Is(r.Err, kerr.TopicAlreadyExists) {
			failed = append(failed, fmt.Errorf("create topic %s: %w", r.Topic, r.Err))
		}
	}
	return errors.Join(failed...)
}
