package cache

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func TestMemoryDropsTheLeastRecentlyUsedEntry(t *testing.T) {
	ctx := context.Background()
	c := &clock{now: time.Unix(1_700_000_000, 0)}
	store := NewMemory(3, c.Now)
	for _, key := range []string{"a", "b", "c"} {
		_ = store.Set(ctx, key, []byte(key), time.Minute)
	}
	if _, found, _ := store.Get(ctx, "a"); !found { // a is now the most recently used
		t.Fatal("a is missing")
	}
	_ = store.Set(ctx, "d", []byte("d"), time.Minute)
	for key, want := range map[string]bool{"a": true, "b": false, "c": true, "d": true} {
		if _, found, _ := store.Get(ctx, key); found != want {
			t.Errorf("%s held: %v, want %v", key, found, want)
		}
	}
	if store.Len() != 3 {
		t.Errorf("%d entries, want at most 3", store.Len())
	}
}

func TestMemoryForgetsAnEntryWhenItsTimeIsUp(t *testing.T) {
	ctx := context.Background()
	c := &clock{now: time.Unix(1_700_000_000, 0)}
	store := NewMemory(10, c.Now)
	_ = store.Set(ctx, "k", []byte("v"), 10*time.Second)
	c.now = c.now.Add(9 * time.Second)
	if value, found, _ := store.Get(ctx, "k"); !found || string(value) != "v" {
		t.Fatalf("before its time: %q %v", value, found)
	}
	c.now = c.now.Add(time.Second)
	if _, found, _ := store.Get(ctx, "k"); found {
		t.Error("served after its time was up")
	}
	if store.Len() != 0 {
		t.Errorf("the expired entry is still held: %d", store.Len())
	}
}

func TestMemorySetReplacesWithoutGrowing(t *testing.T) {
	ctx := context.Background()
	store := NewMemory(2, time.Now)
	_ = store.Set(ctx, "k", []byte("old"), time.Minute)
	_ = store.Set(ctx, "k", []byte("new"), time.Minute)
	if value, _, _ := store.Get(ctx, "k"); string(value) != "new" || store.Len() != 1 {
		t.Errorf("%q, %d entries", value, store.Len())
	}
}

func TestMemoryIsSafeForConcurrentUse(t *testing.T) {
	ctx := context.Background()
	store := NewMemory(50, time.Now)
	var wg sync.WaitGroup
	for worker := range 8 {
		wg.Go(func() {
			for i := range 200 {
				key := fmt.Sprintf("%d-%d", worker, i%60)
				_ = store.Set(ctx, key, []byte(key), time.Minute)
				_, _, _ = store.Get(ctx, key)
			}
		})
	}
	wg.Wait()
	if store.Len() > 50 {
		t.Errorf("%d entries, bound 50", store.Len())
	}
}
