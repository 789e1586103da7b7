package links

import (
	"strings"
	"testing"
)

func TestRandomCodesAreLettersAndDigitsOfTheLengthAsked(t *testing.T) {
	seen := map[byte]bool{}
	for length := shortestRandomCode; length <= longestRandomCode; length++ {
		for range 200 {
			code := randomCode(length)
			if len(code) != length || strings.Trim(code, alphabet) != "" || !IsCode(code) {
				t.Fatalf("randomCode(%d) = %q", length, code)
			}
			for i := range len(code) {
				seen[code[i]] = true
			}
		}
	}
	// 6000 draws leave no letter or digit out, unless the draw is biased.
	if len(seen) != len(alphabet) {
		t.Errorf("only %d of %d characters ever drawn", len(seen), len(alphabet))
	}
}

func TestIsCode(t *testing.T) {
	for code, want := range map[string]bool{
		"abc": true, "A-b_9": true, strings.Repeat("x", 32): true,
		"ab": false, strings.Repeat("x", 33): false, "a.b": false, "a b": false, "é-accent": false, "": false,
	} {
		if got := IsCode(code); got != want {
			t.Errorf("IsCode(%q) = %v", code, got)
		}
	}
}

func TestLocationPercentEncodesOnlyWhatIsBeyondASCII(t *testing.T) {
	for url, want := range map[string]string{
		"https://example.com/a%20b?x=[1]#f": "https://example.com/a%20b?x=[1]#f",
		"https://例え.jp/":                    "https://%E4%BE%8B%E3%81%88.jp/",
		"https://example.com/ü":             "https://example.com/%C3%BC",
	} {
		if got := Location(url); got != want {
			t.Errorf("Location(%q) = %q, want %q", url, got, want)
		}
	}
}

func TestURLPattern(t *testing.T) {
	for url, want := range map[string]bool{
		"https://example.com": true, "HTTP://EXAMPLE.COM:80/": true, "https://例え.jp/パス": true,
		"https://a.b/?q=1#x y": false, "https://user@example.com/": false, "https://[::1]/": false,
		"ftp://example.com/": false, "https://": false, "https://exa mple.com": false,
	} {
		if got := urlPattern.MatchString(url); got != want {
			t.Errorf("%q matches: %v, want %v", url, got, want)
		}
	}
}
