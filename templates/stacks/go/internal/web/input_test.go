package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestQueryInt(t *testing.T) {
	tests := []struct {
		query   string
		want    int64
		invalid bool
	}{
		{"", 1, false},
		{"page=7", 7, false},
		{"page=100", 100, false},
		{"page=0", 1, true},
		{"page=-3", 1, true},
		{"page=101", 1, true},
		{"page=1.5", 1, true},
		{"page=1e3", 1, true},
		{"page=", 1, true},
		{"page=x", 1, true},
		{"page=99999999999999999999999", 1, true},
		{"page=-99999999999999999999999", 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q := NewQuery(httptest.NewRequest("GET", "/?"+tt.query, nil))
			got := q.Int("page", 1, 1, 100)
			if got != tt.want || (q.Err() != nil) != tt.invalid {
				t.Errorf("Int = %d, err %v; want %d, invalid %v", got, q.Err(), tt.want, tt.invalid)
			}
		})
	}
}

func TestPathID(t *testing.T) {
	tests := map[string]bool{
		"1": true, "42": true, "9007199254740991": true,
		"0": false, "01": false, "-1": false, "+1": false, "1.0": false, "abc": false, "": false,
		"9007199254740992": false, "99999999999999999999": false,
	}
	for text, valid := range tests {
		request := httptest.NewRequest("GET", "/", nil)
		request.SetPathValue("id", text)
		if _, ok := PathID(request, "id"); ok != valid {
			t.Errorf("PathID(%q) ok = %v, want %v", text, ok, valid)
		}
	}
}

func TestDecodeObjectRefusesAnythingButAnObject(t *testing.T) {
	for _, body := range []string{"", "{", "[]", "null", "42", `"text"`, "\xff\xfe"} {
		_, err := DecodeObject(httptest.NewRecorder(), httptest.NewRequest("POST", "/", strings.NewReader(body)))
		problem, ok := err.(*Problem)
		if !ok || problem.Status != http.StatusBadRequest || problem.Errors[0].Field != "body" {
			t.Errorf("body %q: %v", body, err)
		}
	}
	huge := strings.NewReader(`{"a":"` + strings.Repeat("x", MaxBodyBytes) + `"}`)
	_, err := DecodeObject(httptest.NewRecorder(), httptest.NewRequest("POST", "/", huge))
	if problem, ok := err.(*Problem); !ok || problem.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("an oversized body: %v", err)
	}
}

func TestObjectFieldsAreStrict(t *testing.T) {
	decode := func(body string) *Object {
		object, err := DecodeObject(httptest.NewRecorder(), httptest.NewRequest("POST", "/", strings.NewReader(body)))
		if err != nil {
			t.Fatal(err)
		}
		return object
	}
	tests := []struct {
		body    string
		message string
	}{
		{`{}`, "is required"},
		{`{"s":null}`, "must be a string"},
		{`{"s":5}`, "must be a string"},
		{`{"s":""}`, "must not be empty"},
		{`{"s":"🎉🎉🎉🎉"}`, "must be at most 3 characters"},
		{`{"s":"a\u0000"}`, "must not contain NUL characters"},
		{`{"s":"🎉🎉🎉"}`, ""},
	}
	for _, tt := range tests {
		object := decode(tt.body)
		object.String("s", Text{Min: 1, Max: 3})
		var got string
		if err, ok := object.Err().(*Problem); ok {
			got = err.Errors[0].Message
		}
		if got != tt.message {
			t.Errorf("%s: %q, want %q", tt.body, got, tt.message)
		}
	}
	for _, body := range []string{`{"b":"true"}`, `{"b":1}`, `{"b":null}`} {
		object := decode(body)
		object.OptionalBool("b")
		if object.Err() == nil {
			t.Errorf("%s was taken as a boolean", body)
		}
	}
}

func TestRequestID(t *testing.T) {
	for given, kept := range map[string]bool{
		"abc": true, "A.b_c-1": true, strings.Repeat("x", 128): true,
		"": false, strings.Repeat("x", 129): false, "a b": false, "a\nb": false, "ü": false,
	} {
		if got := requestID(given); (got == given) != kept {
			t.Errorf("requestID(%q) = %q", given, got)
		}
	}
	if a, b := NewUUID(), NewUUID(); a == b || len(a) != 36 || a[14] != '4' || strings.ToLower(a) != a {
		t.Errorf("NewUUID gave %q and %q", a, b)
	}
}

func TestObjectOptionalInt(t *testing.T) {
	tests := []struct {
		body    string
		want    int64
		present bool
		ok      bool
	}{
		{`{}`, 0, false, true},
		{`{"n":7}`, 7, true, true},
		{`{"n":-10}`, -10, true, true},
		{`{"n":10}`, 10, true, true},
		{`{"n":11}`, 0, true, false},
		{`{"n":-11}`, 0, true, false},
		{`{"n":1.5}`, 0, true, false},
		{`{"n":1.0}`, 1, true, true},
		{`{"n":-1e1}`, -10, true, true},
		{`{"n":0.5e1}`, 5, true, true},
		{`{"n":1.000001}`, 0, true, false},
		{`{"n":2e1}`, 0, true, false},
		{`{"n":1e400}`, 0, true, false},
		{`{"n":-0.0}`, 0, true, true},
		{`{"n":[1]}`, 0, true, false},
		{`{"n":"5"}`, 0, true, false},
		{`{"n":true}`, 0, true, false},
		{`{"n":null}`, 0, true, false},
		{`{"n":99999999999999999999}`, 0, true, false},
	}
	for _, tt := range tests {
		object, err := DecodeObject(httptest.NewRecorder(), httptest.NewRequest("POST", "/", strings.NewReader(tt.body)))
		if err != nil {
			t.Fatal(err)
		}
		value, present, ok := object.OptionalInt("n", -10, 10)
		if value != tt.want || present != tt.present || ok != tt.ok || (object.Err() == nil) != tt.ok {
			t.Errorf("%s: %d %v %v (%v), want %d %v %v", tt.body, value, present, ok, object.Err(), tt.want, tt.present, tt.ok)
		}
	}
}

func TestNestedObjectsNameTheirFieldsWithTheParent(t *testing.T) {
	body, err := ParseObject([]byte(`{"card":{"number":42,"expMonth":12},"data":[]}`))
	if err != nil {
		t.Fatal(err)
	}
	card, ok := body.Object("card")
	if !ok {
		t.Fatal("card is an object")
	}
	card.String("number", Text{Min: 1, Max: 19})
	card.OptionalInt("expMonth", 1, 12)
	if _, ok := body.Object("data"); ok {
		t.Error("an array read as an object")
	}
	if _, ok := body.Object("missing"); ok {
		t.Error("a missing field read as an object")
	}
	problem, _ := body.Err().(*Problem)
	if problem == nil {
		t.Fatal("no errors")
	}
	var fields []string
	for _, e := range problem.Errors {
		fields = append(fields, e.Field)
	}
	if strings.Join(fields, ",") != "card.number,data,missing" {
		t.Errorf("fields %v", fields)
	}
}
