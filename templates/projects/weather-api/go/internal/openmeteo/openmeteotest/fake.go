// Package openmeteotest is a fake Open-Meteo for tests: an httptest.Server
// answering the two calls the client makes, with places a test adds, call
// counters, and modes that make the next answers slow, failing or malformed.
// The tests of this repository never reach the real provider.
package openmeteotest

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Route names one of the provider's calls.
type Route string

const (
	Search   Route = "search"
	Forecast Route = "forecast"
)

// Mode is how the next answers of a route go wrong.
type Mode struct {
	Delay  time.Duration // wait this long before answering
	Status int           // answer this status with Body instead of the data
	Body   string
	Cut    bool // answer the data's JSON cut in half
	Shape  bool // answer valid JSON of the wrong shape
	Times  int  // how many calls this mode lasts; 0: until changed
}

// Place is a place the search finds by name, and whose weather is these values.
type Place struct {
	Name        string
	Country     string
	Latitude    float64
	Longitude   float64
	WeatherCode int
}

// Provider is the fake. Its URLs carry a path, as the real ones may not:
// the client must append its own paths to them.
type Provider struct {
	Server       *httptest.Server
	GeocodingURL string
	WeatherURL   string

	mu         sync.Mutex
	places     []Place
	calls      map[Route]int
	modes      map[Route]Mode
	userAgents []string
	queries    map[Route][]string
	conns      int
}

// New starts a fake that stops when the test ends.
func New(t testing.TB) *Provider {
	p := &Provider{calls: map[Route]int{}, modes: map[Route]Mode{}, queries: map[Route][]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /geocoding/v1/search", func(w http.ResponseWriter, r *http.Request) { p.serve(w, r, Search) })
	mux.HandleFunc("GET /forecast/v1/forecast", func(w http.ResponseWriter, r *http.Request) { p.serve(w, r, Forecast) })
	p.Server = httptest.NewUnstartedServer(mux)
	p.Server.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			p.mu.Lock()
			p.conns++
			p.mu.Unlock()
		}
	}
	p.Server.Start()
	t.Cleanup(p.Server.Close)
	p.GeocodingURL = p.Server.URL + "/geocoding"
	p.WeatherURL = p.Server.URL + "/forecast"
	return p
}

// Add makes a place known to the search.
func (p *Provider) Add(place Place) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.places = append(p.places, place)
}

// Set changes how the next answers of route go (Mode{} answers normally).
func (p *Provider) Set(route Route, mode Mode) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.modes[route] = mode
}

// Calls is how many calls route has had.
func (p *Provider) Calls(route Route) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.calls[route]
}

// Connections is how many connections clients have opened to the fake.
func (p *Provider) Connections() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.conns
}

// UserAgents are the User-Agent headers of every call so far.
func (p *Provider) UserAgents() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.userAgents...)
}

// Queries are the query strings route was called with.
func (p *Provider) Queries(route Route) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.queries[route]...)
}

func (p *Provider) serve(w http.ResponseWriter, r *http.Request, route Route) {
	p.mu.Lock()
	p.calls[route]++
	p.userAgents = append(p.userAgents, r.UserAgent())
	p.queries[route] = append(p.queries[route], r.URL.RawQuery)
	mode := p.modes[route]
	if mode.Times > 0 {
		if mode.Times == 1 {
			delete(p.modes, route)
		} else {
			p.modes[route] = Mode{Delay: mode.Delay, Status: mode.Status, Body: mode.Body, Cut: mode.Cut, Shape: mode.Shape, Times: mode.Times - 1}
		}
	}
	places := append([]Place(nil), p.places...)
	p.mu.Unlock()

	if mode.Delay > 0 {
		select {
		case <-time.After(mode.Delay):
		case <-r.Context().Done():
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	if mode.Status != 0 {
		w.WriteHeader(mode.Status)
		_, _ = w.Write([]byte(mode.Body))
		return
	}
	var answer any
	switch {
	case mode.Shape && route == Search:
		answer = map[string]any{"results": []any{map[string]any{"name": 42, "latitude": "north"}}}
	case mode.Shape:
		answer = map[string]any{"current": map[string]any{"time": 1700000000, "temperature_2m": "warm"}, "daily": "soon"}
	case route == Search:
		answer = search(places, r.URL.Query().Get("name"))
	default:
		var err error
		if answer, err = forecast(places, r); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = fmt.Fprintf(w, `{"error":true,"reason":%q}`, err.Error())
			return
		}
	}
	body, _ := json.Marshal(answer)
	if mode.Cut {
		body = body[:len(body)/2]
	}
	_, _ = w.Write(body)
}

func search(places []Place, name string) map[string]any {
	for _, place := range places {
		if strings.EqualFold(place.Name, strings.TrimSpace(name)) {
			return map[string]any{"results": []any{map[string]any{
				"name": place.Name, "country": place.Country, "latitude": place.Latitude, "longitude": place.Longitude,
			}}}
		}
	}
	return map[string]any{} // as Open-Meteo: no `results` key when nothing matches
}

// forecast answers with values made from the coordinates, so that two points
// have different weather and the same point always the same.
func forecast(places []Place, r *http.Request) (map[string]any, error) {
	query := r.URL.Query()
	latitude, latErr := strconv.ParseFloat(query.Get("latitude"), 64)
	longitude, lonErr := strconv.ParseFloat(query.Get("longitude"), 64)
	if latErr != nil || lonErr != nil || query.Get("timezone") != "UTC" {
		return nil, fmt.Errorf("latitude, longitude and timezone=UTC are required")
	}
	code := 3
	for _, place := range places {
		if place.Latitude == latitude && place.Longitude == longitude {
			code = place.WeatherCode
		}
	}
	seed := latitude*7 + longitude*3
	answer := map[string]any{}
	if query.Has("current") {
		answer["current"] = map[string]any{
			"time":           time.Now().UTC().Truncate(15 * time.Minute).Format("2006-01-02T15:04"),
			"temperature_2m": float64(int(seed*10)%400) / 10,
			"wind_speed_10m": 12.5,
			"weather_code":   code,
		}
	}
	if query.Has("daily") {
		days, err := strconv.Atoi(query.Get("forecast_days"))
		if err != nil || days < 1 || days > 16 {
			return nil, fmt.Errorf("forecast_days must be 1 to 16")
		}
		daily := map[string][]any{}
		today := time.Now().UTC()
		for i := range days {
			daily["time"] = append(daily["time"], today.AddDate(0, 0, i).Format(time.DateOnly))
			daily["temperature_2m_min"] = append(daily["temperature_2m_min"], float64(i))
			daily["temperature_2m_max"] = append(daily["temperature_2m_max"], float64(i)+8.5)
			daily["precipitation_sum"] = append(daily["precipitation_sum"], 0.2*float64(i))
			daily["weather_code"] = append(daily["weather_code"], code)
		}
		answer["daily"] = daily
	}
	return answer, nil
}
