package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoadDefaults(t *testing.T) {
	cfg, err := Load(FromMap(map[string]string{"JWT_SECRET": strings.Repeat("s", 32)}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr() != "127.0.0.1:8080" || cfg.DatabaseURL != DefaultDatabaseURL || cfg.DatabasePool != 10 ||
		cfg.TokenTTL != 24*time.Hour || cfg.AdminEmail != "" || cfg.AuthRateLimit != 20 || cfg.PasswordHashConcurrency != 4 {
		t.Errorf("defaults: %+v", cfg)
	}
}

func TestLoadRefusesBadSettings(t *testing.T) {
	secret := strings.Repeat("s", 32)
	tests := map[string]map[string]string{
		"JWT_SECRET must be set":                    {},
		"JWT_SECRET must be at least 32 characters": {"JWT_SECRET": strings.Repeat("s", 31)},
		"PORT must be a whole number":               {"JWT_SECRET": secret, "PORT": "http"},
		"AUTH_RATE_LIMIT_PER_MINUTE must be":        {"JWT_SECRET": secret, "AUTH_RATE_LIMIT_PER_MINUTE": "0"},
		"PASSWORD_HASH_CONCURRENCY must be":         {"JWT_SECRET": secret, "PASSWORD_HASH_CONCURRENCY": "-1"},
		"ADMIN_PASSWORD must be at least 8":         {"JWT_SECRET": secret, "ADMIN_EMAIL": "admin@example.com", "ADMIN_PASSWORD": "short"},
		"ADMIN_EMAIL is not":                        {"JWT_SECRET": secret, "ADMIN_PASSWORD": "long enough password"},
	}
	for want, env := range tests {
		if _, err := Load(FromMap(env)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v: error %v, want %q", env, err, want)
		}
	}
}

func TestLoadDotEnvKeepsWhatIsAlreadySet(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	content := "# comment\nFOLIO_TEST_KEPT=from-file\nFOLIO_TEST_NEW=\"quoted value\"\n\n"
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("FOLIO_TEST_KEPT", "from-shell")
	t.Setenv("FOLIO_TEST_NEW", "")
	os.Unsetenv("FOLIO_TEST_NEW")
	if err := LoadDotEnv(path); err != nil {
		t.Fatal(err)
	}
	if got := os.Getenv("FOLIO_TEST_KEPT"); got != "from-shell" {
		t.Errorf("the file overrode the shell: %q", got)
	}
	if got := os.Getenv("FOLIO_TEST_NEW"); got != "quoted value" {
		t.Errorf("FOLIO_TEST_NEW = %q", got)
	}
	if err := LoadDotEnv(filepath.Join(t.TempDir(), "missing")); err != nil {
		t.Errorf("a missing file: %v", err)
	}
}
