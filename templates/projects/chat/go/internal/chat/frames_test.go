package chat

import (
	"strings"
	"testing"
)

func TestParseFrame(t *testing.T) {
	good := []struct {
		text string
		want Frame
	}{
		{`{"type":"join","room":7}`, Frame{Type: "join", Room: 7}},
		{`{"type":"leave","room":7.0,"extra":[1]}`, Frame{Type: "leave", Room: 7}},
		{`{"type":"join","room":1e1}`, Frame{Type: "join", Room: 10}},
		{`{"type":"join","room":-2}`, Frame{Type: "join", Room: -2}},
		{`{"type":"join","room":1e30}`, Frame{Type: "join", Room: 0}},
		{`{"type":"message","room":1,"body":"\ud83c\udf89 é"}`, Frame{Type: "message", Room: 1, Body: "🎉 é"}},
		{`{"type":"message","room":1,"body":"` + strings.Repeat("🎉", MaxBodyLength) + `"}`, Frame{Type: "message", Room: 1, Body: strings.Repeat("🎉", MaxBodyLength)}},
	}
	for _, tt := range good {
		got, err := ParseFrame([]byte(tt.text))
		if err != nil || got != tt.want {
			t.Errorf("%.60s: %+v, %v", tt.text, got, err)
		}
	}
	bad := map[string]ErrorCode{
		``:                             BadFrame,
		`{`:                            BadFrame,
		`[]`:                           BadFrame,
		`null`:                         BadFrame,
		`"join"`:                       BadFrame,
		`{"type":"JOIN","room":1}`:     BadFrame,
		`{"type":"join","room":"1"}`:   BadFrame,
		`{"type":"join","room":1.5}`:   BadFrame,
		`{"type":"join","room":true}`:  BadFrame,
		`{"type":"join","room":1e999}`: BadFrame,
		`{"type":"message","room":1}`:  BadFrame,
		`{"type":"message","room":1,"body":["x"]}`:                                          BadFrame,
		`{"type":"message","room":1,"body":""}`:                                             Invalid,
		`{"type":"message","room":1,"body":"` + strings.Repeat("x", MaxBodyLength+1) + `"}`: Invalid,
		`{"type":"message","room":1,"body":"\u0000"}`:                                       Invalid,
		`{"type":"message","room":1,"body":"x\ud800"}`:                                      Invalid,
		`{"type":"message","room":1,"body":"\ud800\u0041"}`:                                 Invalid,
		`{"type":"message","room":1,"body":"\udc00x"}`:                                      Invalid,
		"{\"type\":\"message\",\"room\":1,\"body\":\"\xff\"}":                               BadFrame,
	}
	for text, code := range bad {
		_, err := ParseFrame([]byte(text))
		refused, ok := err.(*FrameError)
		if !ok || refused.Code != code || refused.Message == "" {
			t.Errorf("%.60q: %v, want %s", text, err, code)
		}
	}
}

func TestPresenceListsEachUsernameOnceInCodePointOrder(t *testing.T) {
	got := string(PresenceFrame(3, []string{"zoé", "Ada", "zoé", "_x", "ada"}))
	if want := `{"type":"presence","room":3,"users":["Ada","_x","ada","zoé"]}`; got != want {
		t.Errorf("%s, want %s", got, want)
	}
	if got := string(HistoryFrame(3, nil)); got != `{"type":"history","room":3,"messages":[]}` {
		t.Errorf("history of nothing: %s", got)
	}
}
