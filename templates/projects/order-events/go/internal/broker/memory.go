package broker

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"
)

// Memory is a Broker in this process's memory with the delivery rules of
// Redis Streams: entries are delivered to one consumer of each group, stay
// pending until acknowledged, and count their deliveries; an idle pending
// entry can be claimed by another consumer. For tests: nothing survives the
// process.
type Memory struct {
	mu      sync.Mutex
	now     func() time.Time
	streams map[string]*memoryStream
	wake    chan struct{} // closed and replaced when an entry is appended
	down    bool
}

type memoryStream struct {
	entries []memoryEntry
	groups  map[string]*memoryGroup
	lastSeq int64
}

type memoryEntry struct {
	id     string
	fields map[string]string
}

type memoryGroup struct {
	next         int // index of the first entry not delivered to the group
	pending      map[string]*memoryPending
	deadLettered int64
}

type memoryPending struct {
	index      int
	consumer   string
	delivered  time.Time
	deliveries int64
}

// NewMemory is an empty broker; now tells the time (time.Now when nil), so
// that tests can make an entry idle without waiting.
func NewMemory(now func() time.Time) *Memory {
	if now == nil {
		now = time.Now
	}
	return &Memory{now: now, streams: map[string]*memoryStream{}, wake: make(chan struct{})}
}

// SetDown makes every call fail as an unreachable broker does, or not.
func (m *Memory) SetDown(down bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.down = down
}

func (m *Memory) stream(name string) *memoryStream {
	s, ok := m.streams[name]
	if !ok {
		s = &memoryStream{groups: map[string]*memoryGroup{}}
		m.streams[name] = s
	}
	return s
}

func (m *Memory) check() error {
	if m.down {
		return fmt.Errorf("%w: memory broker is down", ErrUnavailable)
	}
	return nil
}

// EnsureGroups implements Broker.
func (m *Memory) EnsureGroups(_ context.Context, stream string, groups ...string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.check(); err != nil {
		return err
	}
	s := m.stream(stream)
	for _, name := range groups {
		if _, ok := s.groups[name]; !ok {
			s.groups[name] = &memoryGroup{next: len(s.entries), pending: map[string]*memoryPending{}}
		}
	}
	return nil
}

func (m *Memory) append(stream string, pairs []string) string {
	s := m.stream(stream)
	s.lastSeq++
	fields := map[string]string{}
	for i := 0; i+1 < len(pairs); i += 2 {
		fields[pairs[i]] = pairs[i+1]
	}
	id := strconv.FormatInt(s.lastSeq, 10) + "-0"
	s.entries = append(s.entries, memoryEntry{id: id, fields: fields})
	close(m.wake)
	m.wake = make(chan struct{})
	return id
}

// Publish implements Broker.
func (m *Memory) Publish(_ context.Context, stream string, entries []Fields) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.check(); err != nil {
		return 0, err
	}
	for _, entry := range entries {
		m.append(stream, entry)
	}
	return len(entries), nil
}

// Add appends one entry as a client other than the relay would (a test
// playing a duplicate or a poison message); it returns the entry's id.
func (m *Memory) Add(stream string, fields ...string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.append(stream, fields)
}

// Read implements Broker.
func (m *Memory) Read(ctx context.Context, stream, group, consumer string, count int, block time.Duration) ([]Message, error) {
	deadline := time.NewTimer(block)
	defer deadline.Stop()
	for {
		m.mu.Lock()
		if err := m.check(); err != nil {
			m.mu.Unlock()
			return nil, err
		}
		s := m.stream(stream)
		g, ok := s.groups[group]
		if !ok {
			m.mu.Unlock()
			return nil, fmt.Errorf("no group %q on %q", group, stream)
		}
		var out []Message
		for ; g.next < len(s.entries) && len(out) < count; g.next++ {
			entry := s.entries[g.next]
			g.pending[entry.id] = &memoryPending{index: g.next, consumer: consumer, delivered: m.now(), deliveries: 1}
			out = append(out, Message{ID: entry.id, Fields: copyFields(entry.fields), Deliveries: 1})
		}
		wake := m.wake
		m.mu.Unlock()
		if len(out) > 0 || block <= 0 {
			return out, nil
		}
		select {
		case <-wake:
		case <-deadline.C:
			return nil, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// Claim implements Broker.
func (m *Memory) Claim(_ context.Context, stream, group, consumer string, minIdle time.Duration, count int) ([]Message, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.check(); err != nil {
		return nil, err
	}
	s := m.stream(stream)
	g, ok := s.groups[group]
	if !ok {
		return nil, fmt.Errorf("no group %q on %q", group, stream)
	}
	var out []Message
	// In stream order, as XAUTOCLAIM scans the pending entries list.
	for index, entry := range s.entries {
		p, ok := g.pending[entry.id]
		if !ok || index != p.index || m.now().Sub(p.delivered) < minIdle {
			continue
		}
		p.consumer, p.delivered = consumer, m.now()
		p.deliveries++
		out = append(out, Message{ID: entry.id, Fields: copyFields(entry.fields), Deliveries: p.deliveries})
		if len(out) == count {
			break
		}
	}
	return out, nil
}

// Ack implements Broker.
func (m *Memory) Ack(_ context.Context, stream, group, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.check(); err != nil {
		return err
	}
	if g, ok := m.stream(stream).groups[group]; ok {
		delete(g.pending, id)
	}
	return nil
}

// DeadLetter implements Broker.
func (m *Memory) DeadLetter(_ context.Context, stream, group string, message Message, reason string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.check(); err != nil {
		return err
	}
	m.append(DeadStream(stream), deadLetterFields(group, message, reason))
	if g, ok := m.stream(stream).groups[group]; ok {
		delete(g.pending, message.ID)
		g.deadLettered++ // counted as written, as Redis's HINCRBY in the same MULTI is
	}
	return nil
}

// Stats implements Broker.
func (m *Memory) Stats(_ context.Context, stream string) (Stream, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.check(); err != nil {
		return Stream{}, err
	}
	s := m.stream(stream)
	out := Stream{Length: int64(len(s.entries)), Groups: map[string]Group{}}
	for name, g := range s.groups {
		out.Groups[name] = Group{
			Pending:      int64(len(g.pending)),
			Lag:          int64(len(s.entries) - g.next),
			DeadLettered: g.deadLettered,
		}
	}
	return out, nil
}

// Ping implements Broker.
func (m *Memory) Ping(context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.check()
}

// Entries are the fields of every entry of stream, oldest first.
func (m *Memory) Entries(stream string) []map[string]string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []map[string]string
	for _, entry := range m.stream(stream).entries {
		out = append(out, copyFields(entry.fields))
	}
	return out
}

func copyFields(fields map[string]string) map[string]string {
	out := make(map[string]string, len(fields))
	for name, value := range fields {
		out[name] = value
	}
	return out
}

func formatInt(n int64) string {
	return strconv.FormatInt(n, 10)
}
