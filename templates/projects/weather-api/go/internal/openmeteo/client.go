// Package openmeteo is the client of the weather provider, Open-Meteo: its
// geocoding search and its forecast API, the only two calls the service
// makes. One http.Client serves every call (connections are reused), each
// call is bounded by a timeout, and whatever the provider answers that is not
// the data asked for becomes an *Error that carries no part of its body.
package openmeteo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"
	"time"
)

// maxBody is the most of an answer read: a forecast is a few kilobytes.
const maxBody = 1 << 20

// ErrNotFound means the geocoding search knows no place of that name.
var ErrNotFound = errors.New("openmeteo: no place of that name")

// Error is a call that failed: the provider did not answer in time, answered
// with an error status, or answered something that is not the data asked for.
// It says which, never what the provider's body said.
type Error struct {
	Call    string // "search" or "forecast"
	Timeout bool
	Status  int // the provider's HTTP status, when it answered with an error
	Err     error
}

func (e *Error) Error() string {
	switch {
	case e.Timeout:
		return fmt.Sprintf("open-meteo %s: no answer in time: %v", e.Call, e.Err)
	case e.Status != 0:
		return fmt.Sprintf("open-meteo %s: status %d", e.Call, e.Status)
	}
	return fmt.Sprintf("open-meteo %s: %v", e.Call, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Client calls Open-Meteo at two base URLs (a path of their own allowed).
type Client struct {
	http         *http.Client
	geocodingURL string
	forecastURL  string
	userAgent    string
	calls        atomic.Int64
}

// New is a client whose every call gives up after timeout.
func New(geocodingURL, forecastURL string, timeout time.Duration, userAgent string) *Client {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	// Every call goes to one of two hosts: keep enough idle connections to
	// them that a burst of misses does not dial afresh each time.
	transport.MaxIdleConnsPerHost = 32
	return &Client{
		http:         &http.Client{Transport: transport, Timeout: timeout},
		geocodingURL: geocodingURL,
		forecastURL:  forecastURL,
		userAgent:    userAgent,
	}
}

// Calls is how many requests the client has sent to the provider.
func (c *Client) Calls() int64 {
	return c.calls.Load()
}

// Place is what the geocoding search found.
type Place struct {
	Name      string
	Country   *string // some places have none
	Latitude  float64
	Longitude float64
}

// Search finds the place called name, or ErrNotFound.
func (c *Client) Search(ctx context.Context, name string) (Place, error) {
	query := url.Values{"name": {name}, "count": {"1"}}
	var body struct {
		Results []struct {
			Name      *string  `json:"name"`
			Country   *string  `json:"country"`
			Latitude  *float64 `json:"latitude"`
			Longitude *float64 `json:"longitude"`
		} `json:"results"`
	}
	if err := c.get(ctx, "search", c.geocodingURL+"/v1/search", query, &body); err != nil {
		return Place{}, err
	}
	// No `results` key at all, or an empty list: nothing has that name.
	if len(body.Results) == 0 {
		return Place{}, ErrNotFound
	}
	found := body.Results[0]
	if found.Name == nil || found.Latitude == nil || found.Longitude == nil ||
		!inRange(*found.Latitude, 90) || !inRange(*found.Longitude, 180) {
		return Place{}, &Error{Call: "search", Err: errors.New("a result without a name or coordinates")}
	}
	return Place{Name: *found.Name, Country: found.Country, Latitude: *found.Latitude, Longitude: *found.Longitude}, nil
}

// Current is the weather now at a point.
type Current struct {
	Time         time.Time // UTC, to the minute
	TemperatureC float64
	WindSpeedKmh float64
	WeatherCode  int
}

// Current asks for the current weather at latitude, longitude.
func (c *Client) Current(ctx context.Context, latitude, longitude float64) (Current, error) {
	query := point(latitude, longitude)
	query.Set("current", "temperature_2m,wind_speed_10m,weather_code")
	var body struct {
		Current *struct {
			Time        *string  `json:"time"`
			Temperature *float64 `json:"temperature_2m"`
			WindSpeed   *float64 `json:"wind_speed_10m"`
			WeatherCode *int     `json:"weather_code"`
		} `json:"current"`
	}
	if err := c.get(ctx, "forecast", c.forecastURL+"/v1/forecast", query, &body); err != nil {
		return Current{}, err
	}
	now := body.Current
	if now == nil || now.Time == nil || now.Temperature == nil || now.WindSpeed == nil || now.WeatherCode == nil {
		return Current{}, &Error{Call: "forecast", Err: errors.New("an answer without the current weather")}
	}
	observed, err := time.Parse("2006-01-02T15:04", *now.Time)
	if err != nil {
		return Current{}, &Error{Call: "forecast", Err: fmt.Errorf("current.time: %w", err)}
	}
	return Current{Time: observed, TemperatureC: *now.Temperature, WindSpeedKmh: *now.WindSpeed, WeatherCode: *now.WeatherCode}, nil
}

// Day is one day of a forecast, in UTC.
type Day struct {
	Date            string // YYYY-MM-DD
	MinC            float64
	MaxC            float64
	PrecipitationMm float64
	WeatherCode     int
}

// Daily asks for the forecast of the next days days (today first) at latitude, longitude.
func (c *Client) Daily(ctx context.Context, latitude, longitude float64, days int) ([]Day, error) {
	query := point(latitude, longitude)
	query.Set("daily", "temperature_2m_max,temperature_2m_min,precipitation_sum,weather_code")
	query.Set("forecast_days", strconv.Itoa(days))
	var body struct {
		Daily *struct {
			Time          []string   `json:"time"`
			Max           []*float64 `json:"temperature_2m_max"`
			Min           []*float64 `json:"temperature_2m_min"`
			Precipitation []*float64 `json:"precipitation_sum"`
			WeatherCode   []*int     `json:"weather_code"`
		} `json:"daily"`
	}
	if err := c.get(ctx, "forecast", c.forecastURL+"/v1/forecast", query, &body); err != nil {
		return nil, err
	}
	daily := body.Daily
	malformed := &Error{Call: "forecast", Err: fmt.Errorf("an answer without %d days of forecast", days)}
	if daily == nil || len(daily.Time) < days {
		return nil, malformed
	}
	result := make([]Day, days)
	for i := range result {
		if i >= len(daily.Max) || i >= len(daily.Min) || i >= len(daily.Precipitation) || i >= len(daily.WeatherCode) ||
			daily.Max[i] == nil || daily.Min[i] == nil || daily.Precipitation[i] == nil || daily.WeatherCode[i] == nil {
			return nil, malformed
		}
		if _, err := time.Parse(time.DateOnly, daily.Time[i]); err != nil {
			return nil, malformed
		}
		result[i] = Day{
			Date: daily.Time[i], MinC: *daily.Min[i], MaxC: *daily.Max[i],
			PrecipitationMm: *daily.Precipitation[i], WeatherCode: *daily.WeatherCode[i],
		}
	}
	return result, nil
}

// point is the query of a forecast at these coordinates, in UTC.
func point(latitude, longitude float64) url.Values {
	return url.Values{
		"latitude":  {strconv.FormatFloat(latitude, 'f', -1, 64)},
		"longitude": {strconv.FormatFloat(longitude, 'f', -1, 64)},
		"timezone":  {"UTC"},
	}
}

func inRange(value, bound float64) bool {
	return value >= -bound && value <= bound
}

// get sends one GET and decodes a 200's JSON body into into.
func (c *Client) get(ctx context.Context, call, endpoint string, query url.Values, into any) error {
	request, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint+"?"+query.Encode(), nil)
	if err != nil {
		return &Error{Call: call, Err: err}
	}
	request.Header.Set("User-Agent", c.userAgent)
	request.Header.Set("Accept", "application/json")
	c.calls.Add(1)
	response, err := c.http.Do(request)
	if err != nil {
		return &Error{Call: call, Timeout: isTimeout(err), Err: err}
	}
	defer response.Body.Close()
	if response.StatusCode != http.StatusOK {
		// Drain a little so the connection can be reused; the body is
		// the provider's business, not the caller's, so it is dropped.
		_, _ = io.Copy(io.Discard, io.LimitReader(response.Body, 64<<10))
		return &Error{Call: call, Status: response.StatusCode, Err: errors.New(response.Status)}
	}
	if err := json.NewDecoder(io.LimitReader(response.Body, maxBody)).Decode(into); err != nil {
		// The client's timeout also covers reading the body.
		if isTimeout(err) {
			return &Error{Call: call, Timeout: true, Err: err}
		}
		return &Error{Call: call, Err: fmt.Errorf("not the JSON expected: %w", err)}
	}
	return nil
}

func isTimeout(err error) bool {
	var netErr net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout())
}
