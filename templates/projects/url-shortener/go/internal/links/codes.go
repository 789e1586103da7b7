package links

import (
	"crypto/rand"
	"regexp"
	"slices"
)

// alphabet is what random codes are drawn from: letters and digits only, so
// a random code never looks like an alias with punctuation.
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// Random codes start at six characters, 62^6 (about 57 billion) codes, so a
// collision is rare; each retry draws a code one character longer, where
// collisions are rarer still.
const (
	shortestRandomCode = 6
	longestRandomCode  = 10
)

// codePattern is every code a link can have, drawn or chosen as an alias.
var codePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{3,32}$`)

// Reserved are the first path segments of the other routes. Short links live
// at the root, so a code equal to one of them would hide that route or be
// hidden by it. "docs" is kept free as in every stack of this API, so an
// alias valid in one is valid in all. A test compares this list with the
// routes the server registers, so a new route cannot be forgotten.
var Reserved = []string{"docs", "healthz", "metrics", "openapi.json", "readyz", "shorten"}

// IsCode tells whether text can be the code of a link.
func IsCode(text string) bool {
	return codePattern.MatchString(text)
}

// isReserved tells whether code names a route instead of a link.
func isReserved(code string) bool {
	return slices.Contains(Reserved, code)
}

// randomCode is length random letters and digits that no route claims.
// crypto/rand, so nobody can predict the next code from the last or walk
// through the links in order.
func randomCode(length int) string {
	for {
		code := make([]byte, 0, length)
		var buffer [64]byte
		for len(code) < length {
			_, _ = rand.Read(buffer[:]) // crypto/rand.Read never fails
			for _, b := range buffer {
				// 248 = 4 × 62: bytes above it are dropped, so that every
				// character is equally likely.
				if b < 248 && len(code) < length {
					code = append(code, alphabet[b%62])
				}
			}
		}
		if !isReserved(string(code)) {
			return string(code)
		}
	}
}
