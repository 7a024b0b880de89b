package notify

import "time"

// after is when a non-urgent email or SMS queued at at may go: at
// itself, or the end of the quiet hours when at falls in them. The hours
// are read in their own zone, else the tenant's.
func (q QuietHours) after(at time.Time, tenantZone *time.Location) time.Time {
	loc := tenantZone
	if q.Timezone != "" {
		if l, err := time.LoadLocation(q.Timezone); err == nil {
			loc = l
		}
	}
	start, err1 := time.Parse("15:04", q.Start)
	end, err2 := time.Parse("15:04", q.End)
	if err1 != nil || err2 != nil {
		return at
	}
	return quietEnd(at, start.Hour()*60+start.Minute(), end.Hour()*60+end.Minute(), loc)
}

// quietEnd returns at when it is outside the quiet minutes [start, end)
// of the day in loc (end < start spans midnight), else when they end.
func quietEnd(at time.Time, start, end int, loc *time.Location) time.Time {
	local := at.In(loc)
	m := local.Hour()*60 + local.Minute()
	var quiet bool
	if start < end {
		quiet = m >= start && m < end
	} else {
		quiet = m >= start || m < end
	}
	if !quiet {
		return at
	}
	day := local
	if start > end && m >= start {
		day = local.AddDate(0, 0, 1)
	}
	return time.Date(day.Year(), day.Month(), day.Day(), end/60, end%60, 0, 0, loc)
}
