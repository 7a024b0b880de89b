package bd

import (
	"fmt"
	"sync"
	"time"
)

// dhaka is loaded once; the fallback matters only where the system has no
// time zone database, and Bangladesh has kept UTC+6 without daylight saving
// since 2010, so it agrees with the database for every date since.
var dhaka = sync.OnceValue(func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Dhaka"); err == nil {
		return loc
	}
	return time.FixedZone("Asia/Dhaka", 6*60*60)
})

// Dhaka returns the Asia/Dhaka location, the default business time zone.
func Dhaka() *time.Location { return dhaka() }

// DefaultFiscalYearStart is the first month of the Bangladesh fiscal year,
// which runs July to June.
const DefaultFiscalYearStart = time.July

// FiscalYear returns the fiscal year containing t, reckoned in loc (the
// tenant's timezone; nil means Asia/Dhaka): start is its first instant and
// end the first instant of the next fiscal year (a half-open range, so
// "start <= x < end" selects it), both in loc. The label names the calendar years it spans, "2025-26" for
// July 2025 to June 2026, or just "2025" when it starts in January.
// startMonth 0 means DefaultFiscalYearStart; other values outside 1..12 are
// treated the same.
func FiscalYear(t time.Time, loc *time.Location, startMonth time.Month) (start, end time.Time, label string) {
	if startMonth < time.January || startMonth > time.December {
		startMonth = DefaultFiscalYearStart
	}
	if loc == nil {
		loc = Dhaka()
	}
	local := t.In(loc)
	year := local.Year()
	if local.Month() < startMonth {
		year--
	}
	start = time.Date(year, startMonth, 1, 0, 0, 0, 0, loc)
	end = start.AddDate(1, 0, 0)
	if startMonth == time.January {
		return start, end, fmt.Sprintf("%d", year)
	}
	return start, end, fmt.Sprintf("%d-%02d", year, (year+1)%100)
}
