package weather

import (
	"strings"
	"time"
)

// TimeLayout is how the API writes a moment: RFC 3339 in UTC, to the millisecond.
const TimeLayout = "2006-01-02T15:04:05.000Z"

// Time is a moment as the API shows it.
type Time struct{ time.Time }

// MarshalJSON writes the moment in TimeLayout.
func (t Time) MarshalJSON() ([]byte, error) {
	return []byte(`"` + t.UTC().Format(TimeLayout) + `"`), nil
}

// UnmarshalJSON reads what MarshalJSON wrote (a cached report).
func (t *Time) UnmarshalJSON(data []byte) error {
	parsed, err := time.Parse(TimeLayout, strings.Trim(string(data), `"`))
	t.Time = parsed
	return err
}

// Location is where a report is for: the provider's name and country of a
// city, or none for a point.
type Location struct {
	Name      *string `json:"name"`
	Country   *string `json:"country"`
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}

// Conditions is the weather now.
type Conditions struct {
	TemperatureC float64 `json:"temperatureC"`
	WindSpeedKmh float64 `json:"windSpeedKmh"`
	WeatherCode  int     `json:"weatherCode"`
	Description  string  `json:"description"`
	ObservedAt   Time    `json:"observedAt"`
}

// Day is one day of a forecast.
type Day struct {
	Date            string  `json:"date"`
	MinC            float64 `json:"minC"`
	MaxC            float64 `json:"maxC"`
	PrecipitationMm float64 `json:"precipitationMm"`
	WeatherCode     int     `json:"weatherCode"`
	Description     string  `json:"description"`
}

// CurrentReport is the answer of GET /weather/current.
type CurrentReport struct {
	Location  Location   `json:"location"`
	Current   Conditions `json:"current"`
	Cached    bool       `json:"cached"`
	FetchedAt Time       `json:"fetchedAt"`
}

// ForecastReport is the answer of GET /weather/forecast.
type ForecastReport struct {
	Location  Location `json:"location"`
	Days      []Day    `json:"days"`
	Cached    bool     `json:"cached"`
	FetchedAt Time     `json:"fetchedAt"`
}

// entry is what the cache holds of one answer from the provider: the current
// weather, or MaxDays days of forecast (an answer is cut to the days asked
// for, so one entry serves every `days`). Stored as JSON, in memory or Redis.
type entry struct {
	FetchedAt Time        `json:"fetchedAt"`
	Location  Location    `json:"location"`
	Current   *Conditions `json:"current,omitempty"`
	Days      []Day       `json:"days,omitempty"`
}
