// Package api holds the OpenAPI document of the service, written by hand
// in openapi.yaml and served as JSON at /openapi.json. A test checks that
// its paths and methods are exactly the routes the server registers.
package api

import (
	_ "embed"
	"encoding/json"
	"fmt"

	"go.yaml.in/yaml/v3"
)

//go:embed openapi.yaml
var document []byte

// JSON is the OpenAPI document as JSON.
func JSON() ([]byte, error) {
	var parsed any
	if err := yaml.Unmarshal(document, &parsed); err != nil {
		return nil, fmt.Errorf("api: openapi.yaml: %w", err)
	}
	return json.Marshal(parsed)
}
