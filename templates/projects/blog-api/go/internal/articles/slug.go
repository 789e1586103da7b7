package articles

import (
	"crypto/rand"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// maxSlugBase is the longest slug made from a title, before any suffix:
// long enough to read, short enough for a URL.
const maxSlugBase = 60

// spelled are letters that do not decompose into an ASCII letter and a
// mark, written as their languages write them in ASCII.
var spelled = map[rune]string{
	'ß': "ss", 'æ': "ae", 'Æ': "ae", 'ø': "o", 'Ø': "o", 'œ': "oe", 'Œ': "oe",
	'đ': "d", 'Đ': "d", 'ł': "l", 'Ł': "l", 'þ': "th", 'Þ': "th", 'ð': "d", 'Ð': "d", 'ı': "i",
}

// Slugify is the title as lower-case ASCII words joined by "-": accents are
// taken off (É is e, ü is u), a few letters are spelled out (ß is ss), and
// anything else separates words. A title with no such word is "article".
func Slugify(title string) string {
	var words []string
	var word strings.Builder
	end := func() {
		if word.Len() > 0 {
			words = append(words, word.String())
			word.Reset()
		}
	}
	for _, r := range norm.NFKD.String(title) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			word.WriteRune(unicode.ToLower(r))
		case unicode.Is(unicode.Mn, r):
			// A combining mark that decomposition split off its letter.
		case spelled[r] != "":
			word.WriteString(spelled[r])
		default:
			end()
		}
	}
	end()
	slug := ""
	for _, w := range words {
		if len(slug)+1+len(w) > maxSlugBase && slug != "" {
			break
		}
		if slug != "" {
			slug += "-"
		}
		slug += w
	}
	if slug == "" {
		return "article"
	}
	return slug[:min(len(slug), maxSlugBase)]
}

const suffixAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// withSuffix is base and a random six-character suffix: what makes a slug
// unique when another article already has base.
func withSuffix(base string) string {
	var b [6]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	for i := range b {
		b[i] = suffixAlphabet[int(b[i])%len(suffixAlphabet)]
	}
	return base + "-" + string(b[:])
}
