package web_test

import (
	"crypto/sha256"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
)

// The status page shows what staff did that the firm may see: the schedule,
// a transfer's new agency, a rejection's reason; never an internal note or who
// acted.
func TestStatusPageShowsStaffMoves(t *testing.T) {
	e := newEnv()
	const token = "AAAAAAAAAAAAAAAAAAAAAB"
	hash := sha256.Sum256([]byte(token))
	at := time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC)
	sub := &intake.Submission{
		Reference: "T-2345-6789", Kind: forms.KindTraining, Status: intake.StatusScheduled, Agency: agency.Cyberspace,
		TokenHash: hash[:], SubmittedAt: at, UpdatedAt: at, Version: 6,
		Schedule: &intake.Schedule{At: time.Date(2026, 12, 10, 1, 30, 0, 0, time.UTC), Place: "普陀区委网信办 2 楼"},
		History: []intake.Event{
			{At: at, Actor: intake.ActorSystem, To: intake.StatusReceived, Public: true},
			{At: at, Actor: "u-staff-1", Action: intake.ActionTransfer, From: intake.StatusInReview, To: intake.StatusQueued,
				Agency: agency.Cyberspace, Internal: "数据保护归网信办", Public: true},
			{At: at, Actor: "u-staff-2", Action: intake.ActionNote, From: intake.StatusInReview, To: intake.StatusInReview, Internal: "已电话联系", Public: false},
			{At: at, Actor: "u-staff-2", Action: intake.ActionSchedule, From: intake.StatusInReview, To: intake.StatusScheduled, Public: true},
		},
	}
	if err := e.store.Create(t.Context(), sub, nil); err != nil {
		t.Fatal(err)
	}
	resp := e.do(t, post("/status", "", url.Values{"csrf": {csrf}, "reference": {sub.Reference}, "token": {token}}, browserID))
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for _, want := range []string{`id="status-schedule">2026-12-10 09:30 · 普陀区委网信办 2 楼<`, "已转交其他机关", "转交至：普陀区委网信办", "已安排"} {
		if !strings.Contains(resp.Body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	for _, secret := range []string{"数据保护归网信办", "已电话联系", "u-staff-1", "u-staff-2"} {
		if strings.Contains(resp.Body, secret) {
			t.Errorf("the page shows %q", secret)
		}
	}
}
