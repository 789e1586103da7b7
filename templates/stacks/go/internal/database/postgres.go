package database

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
)

const dialect = goose.DialectPostgres

// CodePointOrder makes ORDER BY compare text by code point, as SQLite does,
// instead of by the database's locale.
const CodePointOrder = `COLLATE "C"`

// ForUpdate locks the rows a SELECT reads until the transaction ends.
const ForUpdate = " FOR UPDATE"

// Open prepares a pool of at most poolSize connections to a postgres:// URL.
// Connecting gives up after five seconds and every statement after ten, so a
// database in trouble turns into quick 503s rather than requests that hang.
func Open(_ context.Context, url string, poolSize int) (*sql.DB, error) {
	if !strings.HasPrefix(url, "postgres://") && !strings.HasPrefix(url, "postgresql://") {
		return nil, fmt.Errorf("DATABASE_URL must look like postgres://user:password@host:5432/name")
	}
	config, err := pgx.ParseConfig(url)
	if err != nil {
		// The parse error would quote the URL, password included.
		return nil, errors.New("DATABASE_URL is not a valid postgres:// URL")
	}
	if config.ConnectTimeout == 0 {
		config.ConnectTimeout = 5 * time.Second
	}
	if _, set := config.RuntimeParams["statement_timeout"]; !set {
		config.RuntimeParams["statement_timeout"] = "10000"
	}
	db := stdlib.OpenDB(*config)
	db.SetMaxOpenConns(poolSize)
	db.SetMaxIdleConns(poolSize)
	db.SetConnMaxIdleTime(5 * time.Minute)
	return db, nil
}

// Value hands a timestamp to pgx as a time, for a timestamptz column.
func (t Time) Value() (driver.Value, error) {
	return t.Time, nil
}

// IsUniqueViolation tells whether err is a UNIQUE constraint failing.
func IsUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505"
}

// IsUnavailable tells whether err means the database cannot serve now:
// unreachable, refusing connections, shutting down, out of connections, or
// too slow (a connect or statement timeout).
func IsUnavailable(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return strings.HasPrefix(pgErr.Code, "08") || // connection exception
			pgErr.Code == "53300" || // too many connections
			pgErr.Code == "57014" || // statement timeout
			strings.HasPrefix(pgErr.Code, "57P") // shutting down, cannot connect now
	}
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	return errors.As(err, &connectErr) || errors.As(err, &netErr) || pgconn.Timeout(err) ||
		errors.Is(err, context.DeadlineExceeded) || errors.Is(err, driver.ErrBadConn)
}
