package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxBodyBytes is the largest request body read; anything longer is a 413.
const MaxBodyBytes = 1 << 20

// MaxID is the largest id accepted in a path: 2^53-1, the largest integer a
// JSON number holds exactly in every client, JavaScript's included.
const MaxID = 1<<53 - 1

// Object is a JSON object body read field by field. Types are strict: "5" is
// not an integer and "yes" is not a boolean. Every broken rule is collected,
// so that one 400 names every field at fault.
type Object struct {
	fields map[string]json.RawMessage
	errors []FieldError
	// A nested object (see Object.Object) records its errors in its parent,
	// each field named "<name>.<field>".
	parent *Object
	prefix string
}

// DecodeObject reads the request body, which must be one JSON object.
func DecodeObject(w http.ResponseWriter, r *http.Request) (*Object, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		if tooLarge := new(http.MaxBytesError); errors.As(err, &tooLarge) {
			return nil, &Problem{Status: http.StatusRequestEntityTooLarge, Detail: fmt.Sprintf("the body is over %d bytes", MaxBodyBytes)}
		}
		return nil, BadRequest(FieldError{"body", "could not be read"})
	}
	return ParseObject(body)
}

// ParseObject reads a body already read (a signed one, say), which must be
// one JSON object.
func ParseObject(body []byte) (*Object, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil || fields == nil {
		return nil, BadRequest(FieldError{"body", "must be a JSON object"})
	}
	return &Object{fields: fields}, nil
}

// Text is the rule of a string field: its length in code points, never a NUL
// (PostgreSQL cannot store one, so no backend accepts it).
type Text struct {
	Min, Max int
}

func (t Text) check(value string) string {
	switch length := utf8.RuneCountInString(value); {
	case length < t.Min && t.Min == 1:
		return "must not be empty"
	case length < t.Min:
		return fmt.Sprintf("must be at least %d characters", t.Min)
	case length > t.Max:
		return fmt.Sprintf("must be at most %d characters", t.Max)
	case strings.ContainsRune(value, 0):
		return "must not contain NUL characters"
	}
	return ""
}

// Invalid records that field breaks a rule.
func (o *Object) Invalid(field, message string) {
	if o.parent != nil {
		o.parent.Invalid(o.prefix+field, message)
		return
	}
	o.errors = append(o.errors, FieldError{field, message})
}

// Object reads a required field that is itself a JSON object, read field by
// field in turn; its errors name "<name>.<field>" and land in o's Err. ok is
// false, and the field named, when it is missing or not an object.
func (o *Object) Object(name string) (inner *Object, ok bool) {
	raw, present := o.fields[name]
	if !present {
		o.Invalid(name, "is required")
		return nil, false
	}
	var fields map[string]json.RawMessage
	if len(raw) == 0 || raw[0] != '{' || json.Unmarshal(raw, &fields) != nil {
		o.Invalid(name, "must be an object")
		return nil, false
	}
	return &Object{fields: fields, parent: o, prefix: name + "."}, true
}

// String reads a required string field; ok is false if it broke a rule.
func (o *Object) String(name string, rule Text) (value string, ok bool) {
	value, present, ok := o.OptionalString(name, rule)
	if !present {
		o.Invalid(name, "is required")
	}
	return value, ok && present
}

// OptionalString reads a string field that may be left out (null is not a string).
func (o *Object) OptionalString(name string, rule Text) (value string, present, ok bool) {
	raw, present := o.fields[name]
	if !present {
		return "", false, true
	}
	if !isJSONString(raw) || json.Unmarshal(raw, &value) != nil {
		o.Invalid(name, "must be a string")
		return "", true, false
	}
	if message := rule.check(value); message != "" {
		o.Invalid(name, message)
		return "", true, false
	}
	return value, true, true
}

// OptionalBool reads a boolean field that may be left out.
func (o *Object) OptionalBool(name string) (value, present bool) {
	raw, present := o.fields[name]
	if !present {
		return false, false
	}
	switch string(raw) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	o.Invalid(name, "must be a boolean")
	return false, true
}

// OptionalInt reads an integer field from minimum to maximum that may be
// left out. JSON has one number type, so an integer is any number without a
// fractional part, as JSON Schema (and so the OpenAPI document) says: 5, 5.0
// and 5e0 are the integer 5, while 5.5, "5", true and null are not integers.
func (o *Object) OptionalInt(name string, minimum, maximum int64) (value int64, present, ok bool) {
	raw, present := o.fields[name]
	if !present {
		return 0, false, true
	}
	text := string(raw)
	if digits := strings.TrimPrefix(text, "-"); digits == "" || digits[0] < '0' || digits[0] > '9' {
		o.Invalid(name, "must be an integer") // a string, a boolean, null, an array or an object
		return 0, true, false
	}
	value, err := strconv.ParseInt(text, 10, 64)
	if err != nil && strings.ContainsAny(text, ".eE") {
		// 30.0 or 3e1: integral if it has no fraction. A float64 holds every
		// integer of the ranges read here exactly.
		number, parseErr := strconv.ParseFloat(text, 64)
		switch {
		case parseErr != nil && !errors.Is(parseErr, strconv.ErrRange):
			err = parseErr
		case number != math.Trunc(number):
			o.Invalid(name, "must be an integer")
			return 0, true, false
		case number < float64(minimum) || number > float64(maximum):
			err = strconv.ErrRange
		default:
			value, err = int64(number), nil
		}
	}
	if err != nil || value < minimum || value > maximum {
		o.Invalid(name, fmt.Sprintf("must be an integer from %d to %d", minimum, maximum))
		return 0, true, false
	}
	return value, true, true
}

// Raw is a field's JSON text as sent, for values of any shape (a payload, a
// result); present is false when it is left out.
func (o *Object) Raw(name string) (raw json.RawMessage, present bool) {
	raw, present = o.fields[name]
	return raw, present
}

// Err is a 400 naming every field at fault, or nil.
func (o *Object) Err() error {
	if len(o.errors) == 0 {
		return nil
	}
	return BadRequest(o.errors...)
}

func isJSONString(raw json.RawMessage) bool {
	return len(raw) > 0 && raw[0] == '"'
}

// Query reads query parameters, which are text by nature: `2` is read as an
// integer and `true`/`false` as booleans, nothing else (`1.0`, `1e3` and
// `yes` stay text and are 400). Values are never clamped.
type Query struct {
	values url.Values
	errors []FieldError
}

// NewQuery reads r's query string.
func NewQuery(r *http.Request) *Query {
	return &Query{values: r.URL.Query()}
}

func (q *Query) get(name string) (string, bool) {
	values, present := q.values[name]
	if !present || len(values) == 0 {
		return "", false
	}
	return values[0], true
}

func (q *Query) invalid(name, message string) {
	q.errors = append(q.errors, FieldError{name, message})
}

// Int reads an integer from minimum to maximum, or fallback when absent.
func (q *Query) Int(name string, fallback, minimum, maximum int64) int64 {
	text, present := q.get(name)
	if !present {
		return fallback
	}
	digits := strings.TrimPrefix(text, "-")
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		q.invalid(name, "must be an integer")
		return fallback
	}
	value, err := strconv.ParseInt(text, 10, 64)
	switch {
	case (err != nil && text[0] == '-') || (err == nil && value < minimum):
		q.invalid(name, fmt.Sprintf("must be at least %d", minimum))
	case err != nil || value > maximum:
		q.invalid(name, fmt.Sprintf("must be at most %d", maximum))
	default:
		return value
	}
	return fallback
}

// Bool reads `true` or `false`; present is false when the parameter is absent.
func (q *Query) Bool(name string) (value, present bool) {
	text, present := q.get(name)
	if !present {
		return false, false
	}
	switch text {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	q.invalid(name, "must be true or false")
	return false, false
}

// OneOf reads one of the allowed values, or fallback when absent.
func (q *Query) OneOf(name, fallback string, allowed ...string) string {
	text, present := q.get(name)
	if !present {
		return fallback
	}
	for _, value := range allowed {
		if text == value {
			return text
		}
	}
	q.invalid(name, "must be one of "+strings.Join(allowed, ", "))
	return fallback
}

// Text reads a string of at most rule.Max code points; "" when absent.
func (q *Query) Text(name string, rule Text) string {
	text, _ := q.get(name)
	if message := rule.check(text); message != "" && text != "" {
		q.invalid(name, message)
		return ""
	}
	return text
}

// Err is a 400 naming every parameter at fault, or nil.
func (q *Query) Err() error {
	if len(q.errors) == 0 {
		return nil
	}
	return BadRequest(q.errors...)
}

// PathID reads the path wildcard name as an id from 1 to MaxID; ok is false
// for anything else, which names no resource (a 404, not bad input).
func PathID(r *http.Request, name string) (id int64, ok bool) {
	text := r.PathValue(name)
	if text == "" || text[0] < '1' || text[0] > '9' || strings.Trim(text, "0123456789") != "" {
		return 0, false
	}
	id, err := strconv.ParseInt(text, 10, 64)
	if err != nil || id > MaxID {
		return 0, false
	}
	return id, true
}
