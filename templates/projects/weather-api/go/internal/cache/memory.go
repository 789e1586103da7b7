package cache

import (
	"container/list"
	"context"
	"sync"
	"time"
)

// Memory is a bounded in-process store: at most max entries, the least
// recently used one dropped first when a new one would not fit. Each replica
// has its own, and a restart empties it.
type Memory struct {
	max int
	now func() time.Time

	mu      sync.Mutex
	order   *list.List // front: the most recently used
	entries map[string]*list.Element
}

type memoryEntry struct {
	key     string
	value   []byte
	expires time.Time
}

// NewMemory holds at most max entries; now is the clock (time.Now outside tests).
func NewMemory(max int, now func() time.Time) *Memory {
	return &Memory{max: max, now: now, order: list.New(), entries: make(map[string]*list.Element, min(max, 1024))}
}

// Get is the value under key unless it has expired; reading it makes it the
// most recently used.
func (m *Memory) Get(_ context.Context, key string) ([]byte, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	element, found := m.entries[key]
	if !found {
		return nil, false, nil
	}
	entry := element.Value.(*memoryEntry)
	if !m.now().Before(entry.expires) {
		m.remove(element)
		return nil, false, nil
	}
	m.order.MoveToFront(element)
	return entry.value, true, nil
}

// Set stores value for ttl, dropping the least recently used entry when the
// store is full.
func (m *Memory) Set(_ context.Context, key string, value []byte, ttl time.Duration) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	expires := m.now().Add(ttl)
	if element, found := m.entries[key]; found {
		entry := element.Value.(*memoryEntry)
		entry.value, entry.expires = value, expires
		m.order.MoveToFront(element)
		return nil
	}
	for m.order.Len() >= m.max {
		m.remove(m.order.Back())
	}
	m.entries[key] = m.order.PushFront(&memoryEntry{key: key, value: value, expires: expires})
	return nil
}

// Len is the number of entries held, expired ones not yet dropped included.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.order.Len()
}

func (m *Memory) remove(element *list.Element) {
	m.order.Remove(element)
	delete(m.entries, element.Value.(*memoryEntry).key)
}

// Ping always succeeds: the store is this process's memory.
func (m *Memory) Ping(context.Context) error { return nil }

// Close has nothing to let go of.
func (m *Memory) Close() error { return nil }
