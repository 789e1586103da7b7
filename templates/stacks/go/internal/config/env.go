// Package config reads the service's settings from the environment, once, at
// start-up. Each reader names the variable and the rule it broke, so a bad
// deployment fails before it serves anything instead of misbehaving later.
package config

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
)

// Lookup finds one variable, as os.LookupEnv does; tests pass a map's.
type Lookup func(name string) (string, bool)

// FromMap is a Lookup over fixed values, for tests.
func FromMap(values map[string]string) Lookup {
	return func(name string) (string, bool) {
		value, ok := values[name]
		return value, ok
	}
}

// String is the trimmed value of name, or fallback when it is unset or blank.
func String(env Lookup, name, fallback string) string {
	if value, ok := env(name); ok && strings.TrimSpace(value) != "" {
		return strings.TrimSpace(value)
	}
	return fallback
}

// Required is the trimmed value of name, which must be set.
func Required(env Lookup, name string) (string, error) {
	value := String(env, name, "")
	if value == "" {
		return "", fmt.Errorf("%s must be set (see .env.example)", name)
	}
	return value, nil
}

// Int is the whole number in name, from min to max, or fallback when it is unset.
func Int(env Lookup, name string, fallback, minimum, maximum int) (int, error) {
	text := String(env, name, "")
	if text == "" {
		return fallback, nil
	}
	value, err := strconv.Atoi(text)
	if err != nil || value < minimum || value > maximum {
		return fallback, fmt.Errorf("%s must be a whole number from %d to %d, got %q", name, minimum, maximum, text)
	}
	return value, nil
}

// LoadDotEnv sets the KEY=VALUE lines of the file at path as environment
// variables, leaving alone every variable the shell already set. A missing
// file is not an error: in a container the settings come from the environment.
func LoadDotEnv(path string) error {
	file, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer file.Close()
	scanner := bufio.NewScanner(file)
	for line := 1; scanner.Scan(); line++ {
		text := strings.TrimSpace(scanner.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		key, value, found := strings.Cut(strings.TrimPrefix(text, "export "), "=")
		key = strings.TrimSpace(key)
		if !found || key == "" {
			return fmt.Errorf("%s:%d: expected KEY=VALUE", path, line)
		}
		value = unquote(strings.TrimSpace(value))
		if _, set := os.LookupEnv(key); !set {
			if err := os.Setenv(key, value); err != nil {
				return err
			}
		}
	}
	return scanner.Err()
}

func unquote(value string) string {
	if len(value) >= 2 && (value[0] == '"' || value[0] == '\'') && value[len(value)-1] == value[0] {
		return value[1 : len(value)-1]
	}
	return value
}
