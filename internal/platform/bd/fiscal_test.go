package bd_test

import (
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/bd"
)

func TestFiscalYear(t *testing.T) {
	dhaka := bd.Dhaka()
	cases := []struct {
		name      string
		t         time.Time
		start     time.Month
		wantStart time.Time
		wantLabel string
	}{
		{"mid year", time.Date(2025, 10, 15, 12, 0, 0, 0, dhaka), 0, time.Date(2025, 7, 1, 0, 0, 0, 0, dhaka), "2025-26"},
		{"first instant of July", time.Date(2025, 7, 1, 0, 0, 0, 0, dhaka), time.July, time.Date(2025, 7, 1, 0, 0, 0, 0, dhaka), "2025-26"},
		{"last instant of June", time.Date(2025, 6, 30, 23, 59, 59, 999999999, dhaka), time.July, time.Date(2024, 7, 1, 0, 0, 0, 0, dhaka), "2024-25"},
		// 30 June 18:30 UTC is already 1 July 00:30 in Dhaka.
		{"decided in Dhaka, not UTC", time.Date(2025, 6, 30, 18, 30, 0, 0, time.UTC), 0, time.Date(2025, 7, 1, 0, 0, 0, 0, dhaka), "2025-26"},
		{"century turn label", time.Date(2099, 12, 1, 0, 0, 0, 0, dhaka), 0, time.Date(2099, 7, 1, 0, 0, 0, 0, dhaka), "2099-00"},
		{"calendar fiscal year", time.Date(2025, 3, 1, 0, 0, 0, 0, dhaka), time.January, time.Date(2025, 1, 1, 0, 0, 0, 0, dhaka), "2025"},
		{"april start before april", time.Date(2025, 3, 31, 0, 0, 0, 0, dhaka), time.April, time.Date(2024, 4, 1, 0, 0, 0, 0, dhaka), "2024-25"},
		{"invalid month means July", time.Date(2025, 8, 1, 0, 0, 0, 0, dhaka), 13, time.Date(2025, 7, 1, 0, 0, 0, 0, dhaka), "2025-26"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			start, end, label := bd.FiscalYear(tc.t, nil, tc.start)
			if !start.Equal(tc.wantStart) || label != tc.wantLabel {
				t.Fatalf("FiscalYear(%v) = %v, %q; want %v, %q", tc.t, start, label, tc.wantStart, tc.wantLabel)
			}
			if !end.Equal(tc.wantStart.AddDate(1, 0, 0)) {
				t.Fatalf("end = %v, want a year after %v", end, tc.wantStart)
			}
			if tc.t.Before(start) || !tc.t.Before(end) {
				t.Fatalf("%v is not in [%v, %v)", tc.t, start, end)
			}
			if start.Location().String() != "Asia/Dhaka" {
				t.Fatalf("start is in %v, want Asia/Dhaka", start.Location())
			}
		})
	}
}

func TestFiscalYearIsReckonedInTheGivenZone(t *testing.T) {
	// 31 December 20:00 UTC is already 1 January in Dhaka, but still
	// 31 December in UTC: a January fiscal year differs by zone.
	at := time.Date(2025, 12, 31, 20, 0, 0, 0, time.UTC)
	if _, _, label := bd.FiscalYear(at, time.UTC, time.January); label != "2025" {
		t.Fatalf("in UTC: %q, want 2025", label)
	}
	if _, _, label := bd.FiscalYear(at, bd.Dhaka(), time.January); label != "2026" {
		t.Fatalf("in Dhaka: %q, want 2026", label)
	}
	start, _, _ := bd.FiscalYear(at, time.UTC, time.January)
	if start.Location() != time.UTC {
		t.Fatalf("start is in %v, want UTC", start.Location())
	}
}
