package config

import (
	"strings"
	"testing"
	"time"
)

func TestDefaults(t *testing.T) {
	cfg, err := Load(FromMap(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.ClaimIdle != 30*time.Second || cfg.MaxDeliveries != 5 || cfg.RedisURL != "redis://127.0.0.1:6379/0" {
		t.Errorf("defaults: %+v", cfg)
	}
}

func TestTheContractSettingsAreRead(t *testing.T) {
	cfg, err := Load(FromMap(map[string]string{"CLAIM_IDLE_MS": "1500", "MAX_DELIVERIES": "3", "REDIS_URL": "redis://r:6380/2"}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.ClaimIdle != 1500*time.Millisecond || cfg.MaxDeliveries != 3 || cfg.RedisURL != "redis://r:6380/2" {
		t.Errorf("read: %+v", cfg)
	}
}

func TestEveryBadVariableIsNamed(t *testing.T) {
	_, err := Load(FromMap(map[string]string{"CLAIM_IDLE_MS": "soon", "MAX_DELIVERIES": "0"}))
	if err == nil || !strings.Contains(err.Error(), "CLAIM_IDLE_MS") || !strings.Contains(err.Error(), "MAX_DELIVERIES") {
		t.Errorf("error %v", err)
	}
}
