package database

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ncruces/go-sqlite3"
	_ "github.com/ncruces/go-sqlite3/driver" // registers "sqlite3" with database/sql
	"github.com/pressly/goose/v3"
)

const dialect = goose.DialectSQLite3

// CodePointOrder makes ORDER BY compare text by code point, which SQLite's
// default BINARY collation already does for UTF-8.
const CodePointOrder = "COLLATE BINARY"

// ForUpdate is empty: SQLite has no row locks, and a transaction begun with
// _txlock=immediate already holds the one write lock until it ends.
const ForUpdate = ""

// Open opens the SQLite file of a sqlite:///relative/path or
// sqlite:////absolute/path URL, creating its directory. Writers wait up to
// five seconds for each other instead of failing at once; WAL lets readers
// run while one of them writes.
func Open(_ context.Context, url string, poolSize int) (*sql.DB, error) {
	path, ok := strings.CutPrefix(url, "sqlite://")
	if !ok || len(path) < 2 || path[0] != '/' {
		return nil, fmt.Errorf("DATABASE_URL must look like sqlite:///./data/app.db, got %q", url)
	}
	path = path[1:]
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("database directory: %w", err)
	}
	escaped := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	db, err := sql.Open("sqlite3", "file:"+escaped+
		"?_pragma=busy_timeout(5000)&_pragma=journal_mode(wal)&_pragma=foreign_keys(1)&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(poolSize)
	return db, nil
}

// Value stores a timestamp as RFC 3339 text with milliseconds, which sorts
// in time order.
func (t Time) Value() (driver.Value, error) {
	return t.String(), nil
}

// IsUniqueViolation tells whether err is a UNIQUE constraint failing.
func IsUniqueViolation(err error) bool {
	return errors.Is(err, sqlite3.CONSTRAINT_UNIQUE) || errors.Is(err, sqlite3.CONSTRAINT_PRIMARYKEY)
}

// IsUnavailable tells whether err means the database cannot serve now: its
// file cannot be opened, or another writer held the lock for too long.
func IsUnavailable(err error) bool {
	return errors.Is(err, sqlite3.BUSY) || errors.Is(err, sqlite3.CANTOPEN) ||
		errors.Is(err, context.DeadlineExceeded) || errors.Is(err, driver.ErrBadConn)
}
