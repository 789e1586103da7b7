package config

import (
	"strings"
	"testing"
	"time"
)

func TestLoad(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string // a fragment of the error, "" for none
	}{
		{"defaults", map[string]string{}, ""},
		{"fast retries", map[string]string{"RETRY_BASE_SECONDS": "1", "RETRY_MAX_SECONDS": "3"}, ""},
		{"cap below the base", map[string]string{"RETRY_BASE_SECONDS": "60", "RETRY_MAX_SECONDS": "10"}, "must not be less"},
		{"negative base", map[string]string{"RETRY_BASE_SECONDS": "-1"}, "RETRY_BASE_SECONDS must be a whole number"},
		{"a bad port", map[string]string{"PORT": "http"}, "PORT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Load(FromMap(tt.env))
			if tt.want == "" && err != nil {
				t.Fatal(err)
			}
			if tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
			if tt.name == "defaults" && (cfg.RetryBase != 10*time.Second || cfg.RetryMax != time.Hour || cfg.Port != 8080) {
				t.Errorf("defaults %+v", cfg)
			}
		})
	}
}
