package articles

import (
	"regexp"
	"strings"
	"testing"
)

func TestSlugify(t *testing.T) {
	tests := map[string]string{
		"How to train your dragon":      "how-to-train-your-dragon",
		"How to  Train, your Dragon 2!": "how-to-train-your-dragon-2",
		"École d'été à Zürich":          "ecole-d-ete-a-zurich",
		"Straße in Øresund":             "strasse-in-oresund",
		"  --Already-a-slug--  ":        "already-a-slug",
		"日本語":                           "article",
		"":                              "article",
		strings.Repeat("word ", 30):     strings.TrimSuffix(strings.Repeat("word-", 12), "-"),
		"ｆｕｌｌｗｉｄｔｈ ｌｅｔｔｅｒｓ": "fullwidth-letters",
	}
	for title, want := range tests {
		if got := Slugify(title); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", title, got, want)
		}
	}
}

func TestSuffixesMakeSlugsUnique(t *testing.T) {
	pattern := regexp.MustCompile(`^base-[a-z0-9]{6}$`)
	seen := map[string]bool{}
	for range 100 {
		slug := withSuffix("base")
		if !pattern.MatchString(slug) || seen[slug] {
			t.Fatalf("suffix %q: malformed or repeated", slug)
		}
		seen[slug] = true
	}
}
