package dbtest

import (
	"strings"
	"testing"
)

func TestCheckURLRefusesAnythingButATestDatabase(t *testing.T) {
	tests := map[string]string{
		"":                                   "TEST_DATABASE_URL is not set",
		"postgres://app:app@localhost/app":   `refusing to reset database "app" from TEST_DATABASE_URL`,
		"postgres://app:app@localhost/test":  `refusing to reset database "test"`,
		"postgres://localhost/app_test_copy": `refusing to reset database "app_test_copy"`,
		"postgres://app:app@localhost:5432/app_test": "",
	}
	for url, want := range tests {
		_, err := CheckURL(url)
		if want == "" && err != nil {
			t.Errorf("%q refused: %v", url, err)
		}
		if want != "" && (err == nil || !strings.HasPrefix(err.Error(), want)) {
			t.Errorf("%q: error %v, want %q", url, err, want)
		}
	}
}
