package httpedge_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/intake"
)

func TestPublicView(t *testing.T) {
	at := time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)
	sub := &intake.Submission{
		Reference: "C-2222-2222", Kind: forms.KindConsultation, Status: intake.StatusQueued,
		Agency: "public-security", UpdatedAt: at, CorrelationID: "corr-secret",
		History: []intake.Event{
			{At: at, Actor: "system", To: intake.StatusReceived, Public: true},
			{At: at, Actor: "staff-7", From: intake.StatusReceived, To: intake.StatusQueued, Note: "internal note", Public: false},
			{At: at, Actor: "system", From: intake.StatusReceived, To: intake.StatusQueued, Note: "on its way", Public: true},
		},
	}
	tests := []struct {
		name       string
		lang       forms.Lang
		answer     *intake.Answer
		wantAgency string
		wantAnswer string // "null" or a JSON string
	}{
		{"zh, no answer", forms.ZH, nil, "普陀公安分局", "null"},
		{"en, internal answer only", forms.EN, &intake.Answer{Internal: "staff only"}, "Putuo Public Security Sub-bureau", "null"},
		{"public answer", forms.ZH, &intake.Answer{Public: "请报警", Internal: "staff only"}, "普陀公安分局", `"请报警"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sub.Answer = tt.answer
			v := httpedge.PublicView(sub, tt.lang)
			if v.Agency.Code != "public-security" || v.Agency.Name != tt.wantAgency {
				t.Errorf("agency %+v, want %s", v.Agency, tt.wantAgency)
			}
			if len(v.History) != 2 || v.History[1].Note != "on its way" || v.History[1].From != "received" || v.History[1].Status != "queued" {
				t.Errorf("history %+v, want the two public events", v.History)
			}
			b, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			for _, secret := range []string{"staff-7", "internal note", "staff only", "corr-secret"} {
				if strings.Contains(string(b), secret) {
					t.Errorf("the public view shows %q: %s", secret, b)
				}
			}
			if !strings.Contains(string(b), `"answer":`+tt.wantAnswer) {
				t.Errorf("answer in %s, want %s", b, tt.wantAnswer)
			}
		})
	}
	// No public event yet: an empty list, not null, in JSON.
	b, _ := json.Marshal(httpedge.PublicView(&intake.Submission{Reference: "C-3333-3333"}, forms.ZH))
	if !strings.Contains(string(b), `"history":[]`) {
		t.Errorf("no history: %s", b)
	}
}

// A moved-on submission shows the firm its schedule, a rejection's reason and
// a transfer's new agency, and still nothing internal.
func TestPublicViewOfStaffMoves(t *testing.T) {
	at := time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)
	sub := &intake.Submission{
		Reference: "T-2222-2222", Kind: forms.KindTraining, Status: intake.StatusScheduled, Agency: "cyberspace",
		Schedule: &intake.Schedule{At: at.Add(240 * time.Hour), Place: "普陀区委网信办 2 楼"},
		History: []intake.Event{
			{At: at, Actor: "u-1", Action: intake.ActionTransfer, From: intake.StatusInReview, To: intake.StatusQueued,
				Agency: "cyberspace", Internal: "data protection is theirs", Public: true},
			{At: at, Actor: "u-2", Action: intake.ActionReject, From: intake.StatusInReview, To: intake.StatusRejected, Note: "与本机关职能无关", Public: true},
		},
	}
	v := httpedge.PublicView(sub, forms.EN)
	if v.Schedule == nil || !v.Schedule.At.Equal(at.Add(240*time.Hour)) || v.Schedule.Place != "普陀区委网信办 2 楼" {
		t.Errorf("schedule %+v", v.Schedule)
	}
	moved := v.History[0]
	if moved.Status != "transferred" || moved.Agency == nil || moved.Agency.Code != "cyberspace" || moved.Agency.Name != "Putuo Cyberspace Affairs Office" {
		t.Errorf("transfer event %+v", moved)
	}
	if v.History[1].Note != "与本机关职能无关" || v.History[1].Agency != nil {
		t.Errorf("rejection event %+v", v.History[1])
	}
	b, _ := json.Marshal(v)
	for _, secret := range []string{"u-1", "u-2", "data protection is theirs"} {
		if strings.Contains(string(b), secret) {
			t.Errorf("the public view shows %q", secret)
		}
	}
}
