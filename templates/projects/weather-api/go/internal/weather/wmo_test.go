package weather

import "testing"

func TestDescribe(t *testing.T) {
	for code, want := range map[int]string{0: "Clear sky", 3: "Overcast", 61: "Slight rain", 99: "Thunderstorm with heavy hail", 7: "Unknown", 42: "Unknown", -1: "Unknown"} {
		if got := Describe(code); got != want {
			t.Errorf("Describe(%d) = %q, want %q", code, got, want)
		}
	}
}
