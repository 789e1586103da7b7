package broker

import (
	"context"
	"testing"
	"time"
)

// The memory broker is what the domain tests trust to behave like Redis
// Streams; these are the rules they rely on.
func TestMemoryDeliversOncePerGroupAndRedeliversOnlyByClaim(t *testing.T) {
	ctx := context.Background()
	now := time.Unix(0, 0)
	m := NewMemory(func() time.Time { return now })
	if err := m.EnsureGroups(ctx, "s", "a", "b"); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Publish(ctx, "s", []Fields{{"n", "1"}, {"n", "2"}}); err != nil {
		t.Fatal(err)
	}
	first, _ := m.Read(ctx, "s", "a", "c1", 10, 0)
	again, _ := m.Read(ctx, "s", "a", "c2", 10, 0)
	other, _ := m.Read(ctx, "s", "b", "c1", 1, 0)
	if len(first) != 2 || len(again) != 0 || len(other) != 1 || first[0].Fields["n"] != "1" {
		t.Fatalf("reads: %v %v %v", first, again, other)
	}
	if claimed, _ := m.Claim(ctx, "s", "a", "c2", time.Second, 10); len(claimed) != 0 {
		t.Fatalf("claimed before idle: %v", claimed)
	}
	_ = m.Ack(ctx, "s", "a", first[0].ID)
	now = now.Add(time.Second)
	claimed, _ := m.Claim(ctx, "s", "a", "c2", time.Second, 10)
	if len(claimed) != 1 || claimed[0].ID != first[1].ID || claimed[0].Deliveries != 2 {
		t.Fatalf("claimed %v", claimed)
	}
	stats, _ := m.Stats(ctx, "s")
	if stats.Length != 2 || stats.Groups["a"] != (Group{Pending: 1}) || stats.Groups["b"] != (Group{Pending: 1, Lag: 1}) {
		t.Fatalf("stats %+v", stats)
	}
}

func TestMemoryDeadLetterCarriesWhyAndAcks(t *testing.T) {
	ctx := context.Background()
	m := NewMemory(nil)
	_ = m.EnsureGroups(ctx, "s", "a")
	source := m.Add("s", "id", "7", "error", "forged")
	read, _ := m.Read(ctx, "s", "a", "c", 1, 0)
	if err := m.DeadLetter(ctx, "s", "a", read[0], "bad\ndata"); err != nil {
		t.Fatal(err)
	}
	dead := m.Entries("s.dead")
	want := map[string]string{"id": "7", "group": "a", "error": "bad data", "deliveries": "1", "sourceId": source}
	if len(dead) != 1 || len(dead[0]) != len(want) {
		t.Fatalf("dead letters %v", dead)
	}
	for name, value := range want {
		if dead[0][name] != value {
			t.Errorf("%s = %q, want %q", name, dead[0][name], value)
		}
	}
	stats, _ := m.Stats(ctx, "s")
	if stats.Groups["a"] != (Group{DeadLettered: 1}) {
		t.Errorf("stats %+v", stats.Groups["a"])
	}
}
