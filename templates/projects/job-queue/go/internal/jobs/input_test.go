package jobs

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestNames(t *testing.T) {
	tests := []struct {
		text        string
		name, queue bool
	}{
		{"default", true, true},
		{"Az09_.-", true, true},
		{strings.Repeat("q", 64), true, true},
		{strings.Repeat("q", 65), false, false},
		{"", false, false},
		{".", true, false},
		{"..", true, false},
		{"a.", true, true},
		{"send email", false, false},
		{"bad!queue", false, false},
		{"é", false, false},
	}
	for _, tt := range tests {
		if IsName(tt.text) != tt.name || IsQueueName(tt.text) != tt.queue {
			t.Errorf("%q: name %v, queue %v; want %v, %v", tt.text, IsName(tt.text), IsQueueName(tt.text), tt.name, tt.queue)
		}
	}
}

func TestJobID(t *testing.T) {
	tests := map[string]string{
		"0b5d3c4e-1f2a-4b6c-8d9e-0a1b2c3d4e5f": "0b5d3c4e-1f2a-4b6c-8d9e-0a1b2c3d4e5f",
		"0B5D3C4E-1F2A-4B6C-8D9E-0A1B2C3D4E5F": "0b5d3c4e-1f2a-4b6c-8d9e-0a1b2c3d4e5f",
		"not-a-uuid":                           "", "12345": "", "": "",
		"0b5d3c4e1f2a4b6c8d9e0a1b2c3d4e5f":      "",
		"0b5d3c4e-1f2a-4b6c-8d9e-0a1b2c3d4e5f0": "",
	}
	for text, want := range tests {
		if got, ok := JobID(text); got != want || ok != (want != "") {
			t.Errorf("JobID(%q) = %q, %v", text, got, ok)
		}
	}
}

func TestParseRunAt(t *testing.T) {
	tests := []struct {
		text, want string // want "" for an error
	}{
		{"2099-01-01T02:00:00+02:00", "2099-01-01T00:00:00.000Z"},
		{"2026-11-21T14:03:07.123456Z", "2026-11-21T14:03:07.123Z"},
		{"2026-11-21t14:03:07z", "2026-11-21T14:03:07.000Z"},
		{"2024-02-29T00:00:00Z", "2024-02-29T00:00:00.000Z"},
		{"2026-02-30T00:00:00Z", ""},
		{"2026-11-21T25:00:00Z", ""},
		{"2099-01-01T00:00:00", ""},
		{"2099-01-01", ""},
		{"tomorrow", ""},
		{"0000-01-01T00:00:00Z", ""},
		{"0001-01-01T00:00:00+01:00", ""},
		{"9999-12-31T23:59:59-01:00", ""},
	}
	for _, tt := range tests {
		got, problem := ParseRunAt(tt.text)
		if tt.want == "" {
			if problem == "" {
				t.Errorf("%q was accepted as %v", tt.text, got)
			}
			continue
		}
		if problem != "" || got.Format("2006-01-02T15:04:05.000Z") != tt.want {
			t.Errorf("%q: %v %q, want %s", tt.text, got, problem, tt.want)
		}
		if got.Location() != time.UTC {
			t.Errorf("%q is not in UTC", tt.text)
		}
	}
}

func TestEncodeJSON(t *testing.T) {
	text, problem := EncodeJSON(json.RawMessage(` { "b" : [1, 2.50, 1e400], "a" : "\u0000é" } `))
	if problem != "" || text != `{"b":[1,2.50,1e400],"a":"\u0000é"}` {
		t.Errorf("compact: %q %q", text, problem)
	}
	for _, raw := range []string{`{"blob":"` + strings.Repeat("é", 34000) + `"}`, `{"blob":"` + strings.Repeat("x", 70000) + `"}`} {
		if _, problem := EncodeJSON(json.RawMessage(raw)); !strings.Contains(problem, "at most 65536 bytes") {
			t.Errorf("a payload of %d bytes: %q", len(raw), problem)
		}
	}
	if _, problem := EncodeJSON(json.RawMessage(`{"blob":"` + strings.Repeat("x", 60000) + `"}`)); problem != "" {
		t.Errorf("60000 bytes refused: %s", problem)
	}
	if _, problem := EncodeJSON(json.RawMessage("\"\xff\"")); problem == "" {
		t.Error("invalid UTF-8 accepted")
	}
}

func TestCanonicalIgnoresKeyOrderButNotValues(t *testing.T) {
	if canonical(`{"b":1,"a":{"d":2,"c":[3]}}`) != canonical(`{"a":{"c":[3],"d":2},"b":1}`) {
		t.Error("key order changed the canonical form")
	}
	if canonical(`{"a":1}`) == canonical(`{"a":2}`) || canonical(`{"a":1}`) == canonical(`{"a":"1"}`) {
		t.Error("different values have one canonical form")
	}
	if got := canonical(`{"n":12345678901234567890}`); got != `{"n":12345678901234567890}` {
		t.Errorf("a big number changed: %s", got)
	}
}
