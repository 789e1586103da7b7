// Package database opens the database named by DATABASE_URL, applies the
// embedded migrations, and tells the errors that callers must tell apart.
package database

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"time"

	"github.com/pressly/goose/v3"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrate applies every migration the database has not had yet, in order.
// The server calls it at start-up, so `make run`, the tests and the
// container need no separate step.
func Migrate(ctx context.Context, db *sql.DB) error {
	files, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	provider, err := goose.NewProvider(dialect, db, files)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := provider.Up(ctx); err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	return nil
}

// Time is a timestamp as the API shows it: UTC, to the millisecond.
type Time struct {
	time.Time
}

// TimeLayout is RFC 3339 in UTC with exactly three fractional digits.
const TimeLayout = "2006-01-02T15:04:05.000Z"

// Now is the current time to the millisecond, as it is stored.
func Now() Time {
	return Time{time.Now().UTC().Truncate(time.Millisecond)}
}

// After is Now, or a millisecond later than previous if Now is not later:
// an update always moves a timestamp on, even within one millisecond.
func After(previous Time) Time {
	now := Now()
	if !now.After(previous.Time) {
		return Time{previous.Add(time.Millisecond)}
	}
	return now
}

// String is the RFC 3339 form with milliseconds.
func (t Time) String() string {
	return t.UTC().Format(TimeLayout)
}

// MarshalJSON writes the RFC 3339 form with milliseconds.
func (t Time) MarshalJSON() ([]byte, error) {
	return []byte(`"` + t.String() + `"`), nil
}

// Scan reads a timestamp column: a time from PostgreSQL, RFC 3339 text from SQLite.
func (t *Time) Scan(value any) error {
	switch v := value.(type) {
	case time.Time:
		t.Time = v.UTC()
		return nil
	case string:
		return t.parse(v)
	case []byte:
		return t.parse(string(v))
	}
	return fmt.Errorf("database: cannot read %T as a timestamp", value)
}

func (t *Time) parse(text string) error {
	parsed, err := time.Parse(time.RFC3339Nano, text)
	if err != nil {
		return fmt.Errorf("database: %w", err)
	}
	t.Time = parsed.UTC()
	return nil
}
