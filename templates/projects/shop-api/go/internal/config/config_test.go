package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func required() map[string]string {
	return map[string]string{
		"JWT_SECRET":             strings.Repeat("s", 32),
		"PAYMENT_WEBHOOK_SECRET": "whsec_" + strings.Repeat("w", 32),
	}
}

func with(extra map[string]string) map[string]string {
	env := required()
	for key, value := range extra {
		env[key] = value
	}
	return env
}

func TestLoadDefaults(t *testing.T) {
	cfg, err := Load(FromMap(required()))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr() != "127.0.0.1:8080" || cfg.DatabaseURL != DefaultDatabaseURL || cfg.DatabasePool != 10 ||
		cfg.TokenTTL != time.Hour || cfg.AuthRateLimit != 20 || cfg.PasswordHashConcurrency != 4 ||
		cfg.AdminEmail != "" || cfg.Currency != "USD" || cfg.SettleAfter != 2*time.Second ||
		len(cfg.RetryBackoff) != 4 || cfg.RetryBackoff[3] != 8*time.Second {
		t.Errorf("defaults: %+v", cfg)
	}
	if got := cfg.WebhookTarget(); got != "http://127.0.0.1:8080/webhooks/payments" {
		t.Errorf("webhook target %q", got)
	}
}

func TestLoadReadsTheShopSettings(t *testing.T) {
	cfg, err := Load(FromMap(with(map[string]string{
		"SHOP_CURRENCY": "EUR", "PAYMENT_SETTLE_SECONDS": "0.25", "PORT": "9000",
		"PAYMENT_WEBHOOK_URL": "http://hooks.example/in", "ADMIN_EMAIL": "Boss@Example.com", "ADMIN_PASSWORD": " spaced pass ",
	})))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Currency != "EUR" || cfg.SettleAfter != 250*time.Millisecond || cfg.WebhookTarget() != "http://hooks.example/in" ||
		cfg.AdminPassword != " spaced pass " {
		t.Errorf("%+v", cfg)
	}
}

func TestLoadRefusesBadSettings(t *testing.T) {
	tests := map[string]map[string]string{
		"JWT_SECRET must be set":                                {"PAYMENT_WEBHOOK_SECRET": strings.Repeat("w", 32)},
		"PAYMENT_WEBHOOK_SECRET must be set":                    {"JWT_SECRET": strings.Repeat("s", 32)},
		"JWT_SECRET must be at least 32 characters":             with(map[string]string{"JWT_SECRET": strings.Repeat("s", 31)}),
		"PAYMENT_WEBHOOK_SECRET must be at least 32 characters": with(map[string]string{"PAYMENT_WEBHOOK_SECRET": "whsec_short"}),
		"PORT must be a whole number":                           with(map[string]string{"PORT": "http"}),
		"AUTH_RATE_LIMIT_PER_MINUTE must be":                    with(map[string]string{"AUTH_RATE_LIMIT_PER_MINUTE": "0"}),
		"PASSWORD_HASH_CONCURRENCY must be":                     with(map[string]string{"PASSWORD_HASH_CONCURRENCY": "-1"}),
		"SHOP_CURRENCY must be three upper-case letters":        with(map[string]string{"SHOP_CURRENCY": "usd"}),
		"PAYMENT_SETTLE_SECONDS must be a number":               with(map[string]string{"PAYMENT_SETTLE_SECONDS": "-1"}),
		"ADMIN_PASSWORD must be at least 8":                     with(map[string]string{"ADMIN_EMAIL": "a@example.com", "ADMIN_PASSWORD": "short"}),
		"ADMIN_PASSWORD is set but ADMIN_EMAIL is not":          with(map[string]string{"ADMIN_PASSWORD": "long enough"}),
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
