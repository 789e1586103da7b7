package logging

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
)

func TestLinesCarryTheRequestIDAndRedactSecrets(t *testing.T) {
	var out bytes.Buffer
	logger := New(&out)
	ctx := WithRequestID(context.Background(), "req-1")
	logger.InfoContext(ctx, "hello", "password", "hunter2", "Authorization", "Bearer abc", "access_token", "t", "user", "ada")
	var line map[string]any
	if err := json.Unmarshal(out.Bytes(), &line); err != nil {
		t.Fatal(err)
	}
	if line["request_id"] != "req-1" || line["user"] != "ada" || line["msg"] != "hello" {
		t.Errorf("line %v", line)
	}
	for _, key := range []string{"password", "Authorization", "access_token"} {
		if line[key] != Redacted {
			t.Errorf("%s logged as %v", key, line[key])
		}
	}
}
