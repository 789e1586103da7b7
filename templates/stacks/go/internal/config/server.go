package config

import (
	"errors"
	"strconv"
)

// DefaultDatabaseURL is a SQLite file under ./data, created on first start.
const DefaultDatabaseURL = "sqlite:///./data/app.db"

// Server is what every service with a database reads: where to listen and
// which database to use. A project without a database (no db option in its
// catalog entry) has a server.go of its own in its layer.
type Server struct {
	Host         string
	Port         int
	DatabaseURL  string
	DatabasePool int
}

// ReadServer reads HOST, PORT, DATABASE_URL and DATABASE_POOL_SIZE.
func ReadServer(env Lookup) (Server, error) {
	port, portErr := Int(env, "PORT", 8080, 1, 65535)
	pool, poolErr := Int(env, "DATABASE_POOL_SIZE", 10, 1, 1000)
	return Server{
		Host:         String(env, "HOST", "127.0.0.1"),
		Port:         port,
		DatabaseURL:  String(env, "DATABASE_URL", DefaultDatabaseURL),
		DatabasePool: pool,
	}, errors.Join(portErr, poolErr)
}

// Addr is the host:port the server listens on.
func (s Server) Addr() string {
	return s.Host + ":" + strconv.Itoa(s.Port)
}
