package events

// Draft is an event a service emits inside the transaction of its change:
// what happened, not how it travels. The outbox adds the envelope (id,
// source, time, tenant, actor, trace) from the transaction and context.
type Draft struct {
	// Type is `vextrus.<service>.<entity>.<verb>.v1`; its payload schema is
	// api/events/<type>.json.
	Type string
	// Subject is the aggregate id; it is also the Kafka record key, so the
	// events of one aggregate stay in order.
	Subject string
	// Data is the JSON payload.
	Data any
}
