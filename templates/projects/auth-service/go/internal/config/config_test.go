package config

import (
	"strings"
	"testing"
	"time"
)

var key = strings.Repeat("ab", 32)

func TestLoadDefaults(t *testing.T) {
	cfg, err := Load(FromMap(map[string]string{"JWT_PRIVATE_KEY": key}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr() != "127.0.0.1:8080" || cfg.DatabaseURL != DefaultDatabaseURL || cfg.Issuer != DefaultIssuer ||
		cfg.AccessTTL != 15*time.Minute || cfg.RefreshTTL != 30*24*time.Hour || cfg.AuthRateLimit != 20 ||
		cfg.PasswordHashConcurrency != 4 || cfg.Admin != nil || len(cfg.SigningKey) != 64 {
		t.Errorf("defaults: %+v", cfg)
	}
}

func TestLoadReadsTheFirstAdmin(t *testing.T) {
	cfg, err := Load(FromMap(map[string]string{"JWT_PRIVATE_KEY": key, "ADMIN_EMAIL": "Root@Example.com", "ADMIN_PASSWORD": " spaced pass 1 "}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Admin == nil || cfg.Admin.Email != "root@example.com" || cfg.Admin.Password != " spaced pass 1 " {
		t.Errorf("admin %+v", cfg.Admin)
	}
}

func TestLoadRefusesBadSettings(t *testing.T) {
	tests := map[string]map[string]string{
		"JWT_PRIVATE_KEY must be set":                  {},
		"JWT_PRIVATE_KEY must be 32 bytes in hex":      {"JWT_PRIVATE_KEY": "abcd"},
		"ACCESS_TOKEN_TTL_SECONDS must be":             {"JWT_PRIVATE_KEY": key, "ACCESS_TOKEN_TTL_SECONDS": "0"},
		"ADMIN_EMAIL and ADMIN_PASSWORD must be set":   {"JWT_PRIVATE_KEY": key, "ADMIN_EMAIL": "a@b.c"},
		"ADMIN_PASSWORD must contain both a letter":    {"JWT_PRIVATE_KEY": key, "ADMIN_EMAIL": "a@b.c", "ADMIN_PASSWORD": "onlyletters"},
		"ADMIN_PASSWORD must be at least 8 characters": {"JWT_PRIVATE_KEY": key, "ADMIN_EMAIL": "a@b.c", "ADMIN_PASSWORD": "a1"},
		"AUTH_RATE_LIMIT_PER_MINUTE must be":           {"JWT_PRIVATE_KEY": key, "AUTH_RATE_LIMIT_PER_MINUTE": "-1"},
	}
	for want, env := range tests {
		if _, err := Load(FromMap(env)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v: error %v, want %q", env, err, want)
		}
	}
}

func TestPasswordProblem(t *testing.T) {
	for password, ok := range map[string]bool{
		"correct-horse-1": true, "12345678a": true, "short1": false, "onlyletters": false, "1234567890": false,
		"üïöé1234": false, strings.Repeat("a1", 129): false,
	} {
		if got := PasswordProblem(password) == ""; got != ok {
			t.Errorf("%q accepted: %v", password, got)
		}
	}
}
