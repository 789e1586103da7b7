package config

import "strconv"

// Server is where the service listens. It has no database: the only state it
// keeps is its cache.
type Server struct {
	Host string
	Port int
}

// ReadServer reads HOST and PORT.
func ReadServer(env Lookup) (Server, error) {
	port, err := Int(env, "PORT", 8080, 1, 65535)
	return Server{Host: String(env, "HOST", "127.0.0.1"), Port: port}, err
}

// Addr is the host:port the server listens on.
func (s Server) Addr() string {
	return s.Host + ":" + strconv.Itoa(s.Port)
}
