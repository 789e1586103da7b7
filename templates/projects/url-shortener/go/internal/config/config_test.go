package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadDefaults(t *testing.T) {
	cfg, err := Load(FromMap(map[string]string{}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr() != "127.0.0.1:8080" || cfg.DatabaseURL != DefaultDatabaseURL || cfg.DatabasePool != 10 ||
		cfg.ShortenRateLimit != 60 {
		t.Errorf("defaults: %+v", cfg)
	}
}

func TestLoadReadsTheEnvironment(t *testing.T) {
	cfg, err := Load(FromMap(map[string]string{
		"HOST": "0.0.0.0", "PORT": "9000", "DATABASE_POOL_SIZE": "3", "SHORTEN_RATE_LIMIT_PER_MINUTE": "5",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr() != "0.0.0.0:9000" || cfg.DatabasePool != 3 || cfg.ShortenRateLimit != 5 {
		t.Errorf("read: %+v", cfg)
	}
}

func TestLoadRefusesBadSettings(t *testing.T) {
	tests := map[string]map[string]string{
		"PORT must be a whole number":                {"PORT": "http"},
		"DATABASE_POOL_SIZE must be":                 {"DATABASE_POOL_SIZE": "0"},
		"SHORTEN_RATE_LIMIT_PER_MINUTE must be":      {"SHORTEN_RATE_LIMIT_PER_MINUTE": "0"},
		"SHORTEN_RATE_LIMIT_PER_MINUTE must be a wh": {"SHORTEN_RATE_LIMIT_PER_MINUTE": "lots"},
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
