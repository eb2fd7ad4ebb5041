package intake_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
)

// The lifecycle, stated again independently of lifecycle.go: every move a
// submission can make. Any other (status, action) pair is refused.
var allowed = []struct {
	from   intake.Status
	action intake.Action
	to     intake.Status
}{
	{intake.StatusReceived, intake.ActionDispatch, intake.StatusQueued},
	{intake.StatusQueued, intake.ActionClaim, intake.StatusInReview},
	{intake.StatusInReview, intake.ActionAnswer, intake.StatusAnswered},
	{intake.StatusInReview, intake.ActionSchedule, intake.StatusScheduled},
	{intake.StatusScheduled, intake.ActionSchedule, intake.StatusScheduled},
	{intake.StatusInReview, intake.ActionReject, intake.StatusRejected},
	{intake.StatusInReview, intake.ActionRelease, intake.StatusQueued},
	{intake.StatusInReview, intake.ActionTransfer, intake.StatusQueued},
	{intake.StatusAnswered, intake.ActionClose, intake.StatusClosed},
	{intake.StatusScheduled, intake.ActionClose, intake.StatusClosed},
	{intake.StatusInReview, intake.ActionNote, intake.StatusInReview},
	{intake.StatusAnswered, intake.ActionNote, intake.StatusAnswered},
	{intake.StatusScheduled, intake.ActionNote, intake.StatusScheduled},
	{intake.StatusReceived, intake.ActionErase, intake.StatusErased},
	{intake.StatusQueued, intake.ActionErase, intake.StatusErased},
	{intake.StatusInReview, intake.ActionErase, intake.StatusErased},
	{intake.StatusAnswered, intake.ActionErase, intake.StatusErased},
	{intake.StatusScheduled, intake.ActionErase, intake.StatusErased},
	{intake.StatusRejected, intake.ActionErase, intake.StatusErased},
	{intake.StatusClosed, intake.ActionErase, intake.StatusErased},
}

var (
	statuses = []intake.Status{intake.StatusReceived, intake.StatusQueued, intake.StatusInReview, intake.StatusAnswered,
		intake.StatusScheduled, intake.StatusRejected, intake.StatusClosed, intake.StatusErased}
	actions = []intake.Action{intake.ActionDispatch, intake.ActionClaim, intake.ActionAnswer, intake.ActionSchedule,
		intake.ActionReject, intake.ActionRelease, intake.ActionTransfer, intake.ActionClose, intake.ActionNote, intake.ActionErase}
)

var (
	actedAt    = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	claimedAt  = actedAt.Add(-time.Hour)
	holder     = intake.Staff("staff-holder", agency.Procuratorate, false)
	colleague  = intake.Staff("staff-colleague", agency.Procuratorate, false)
	supervisor = intake.Staff("staff-supervisor", agency.Procuratorate, true)
	outsider   = intake.Staff("staff-holder", agency.Cyberspace, true) // the holder's id, at another agency
)

// submissionAt returns a training request of the procuratorate in status, held
// by holder wherever a status has a holder, at version 4.
func submissionAt(status intake.Status) *intake.Submission {
	s := &intake.Submission{
		Reference:   "T-AAAA-BBBB",
		Kind:        forms.KindTraining,
		Status:      status,
		Agency:      agency.Procuratorate,
		Queued:      status != intake.StatusReceived,
		SubmittedAt: claimedAt.Add(-time.Hour),
		UpdatedAt:   claimedAt,
		History:     []intake.Event{{At: claimedAt.Add(-time.Hour), Actor: intake.ActorSystem, To: intake.StatusReceived, Public: true}},
		Version:     4,
	}
	switch status {
	case intake.StatusInReview, intake.StatusAnswered, intake.StatusScheduled, intake.StatusRejected, intake.StatusClosed:
		s.Claim = &intake.Claim{By: holder.ID, Since: claimedAt}
	}
	return s
}

// validCommand returns a command for action that its transition accepts, from
// the one actor who may always make it.
func validCommand(action intake.Action) intake.Command {
	c := intake.Command{Action: action, By: holder, At: actedAt}
	switch action {
	case intake.ActionDispatch:
		c.By = intake.System()
	case intake.ActionClaim:
		c.By = colleague
	case intake.ActionAnswer:
		c.Answer = &intake.Answer{Public: "可以报案。", Internal: "checked with the police"}
	case intake.ActionSchedule:
		c.Schedule = &intake.Schedule{At: actedAt.Add(14 * 24 * time.Hour), Place: "本院 3 楼会议室"}
	case intake.ActionReject:
		c.Note = "不属于本机关职能。"
	case intake.ActionTransfer:
		c.Agency, c.Note = agency.Cyberspace, "a data-protection matter"
	case intake.ActionNote:
		c.Note = "called the firm"
	case intake.ActionErase:
		c.By, c.Note = supervisor, "the firm's letter of 30 November asks for erasure"
	}
	return c
}

// move makes c on sub as the domain does: an erasure with Erase, any other
// move with Apply.
func move(sub *intake.Submission, c intake.Command) error {
	if c.Action == intake.ActionErase {
		_, err := sub.Erase(c)
		return err
	}
	_, err := sub.Apply(c)
	return err
}

// Every (status, action) pair: the allowed ones move to their status, every
// other is refused as an invalid transition and changes nothing.
func TestApplyEveryPair(t *testing.T) {
	type give struct {
		from   intake.Status
		action intake.Action
	}
	type want struct {
		to  intake.Status
		err error // nil: allowed
	}
	var tests []struct {
		give give
		want want
	}
	for _, from := range statuses {
		for _, action := range actions {
			w := want{err: apperr.ErrConflict}
			for _, a := range allowed {
				if a.from == from && a.action == action {
					w = want{to: a.to}
				}
			}
			tests = append(tests, struct {
				give give
				want want
			}{give{from, action}, w})
		}
	}
	for _, tt := range tests {
		t.Run(string(tt.give.from)+"/"+string(tt.give.action), func(t *testing.T) {
			sub := submissionAt(tt.give.from)
			before := sub.Clone()
			err := move(sub, validCommand(tt.give.action))
			if tt.want.err == nil {
				if err != nil || sub.Status != tt.want.to {
					t.Fatalf("Apply = %v, status %s; want nil, %s", err, sub.Status, tt.want.to)
				}
				return
			}
			var te *intake.TransitionError
			if !errors.Is(err, tt.want.err) || !errors.As(err, &te) || te.Code != intake.CodeInvalidTransition {
				t.Fatalf("Apply = %v, want an %s TransitionError (%v)", err, intake.CodeInvalidTransition, tt.want.err)
			}
			if !reflect.DeepEqual(sub, before) {
				t.Errorf("a refused Apply changed the submission:\n%+v\nwas %+v", sub, before)
			}
		})
	}
	if n := len(intake.Transitions()); n != len(allowed) {
		t.Errorf("lifecycle.go has %d transitions, this test knows %d", n, len(allowed))
	}
}

// Who may make each move: the owning agency's staff only, and among them the
// claim holder unless the table says otherwise.
func TestApplyActors(t *testing.T) {
	system := intake.System()
	forged := intake.Staff(intake.ActorSystem, agency.Procuratorate, false) // a token whose subject says "system"
	tests := []struct {
		name   string
		from   intake.Status
		action intake.Action
		give   intake.Actor
		want   error // nil: allowed
	}{
		{"system dispatches", intake.StatusReceived, intake.ActionDispatch, system, nil},
		{"staff cannot dispatch", intake.StatusReceived, intake.ActionDispatch, supervisor, apperr.ErrForbidden},
		{"a forged system cannot dispatch", intake.StatusReceived, intake.ActionDispatch, forged, apperr.ErrForbidden},
		{"any staff of the agency claims", intake.StatusQueued, intake.ActionClaim, colleague, nil},
		{"a supervisor claims", intake.StatusQueued, intake.ActionClaim, supervisor, nil},
		{"another agency cannot claim", intake.StatusQueued, intake.ActionClaim, outsider, apperr.ErrForbidden},
		{"the system cannot claim", intake.StatusQueued, intake.ActionClaim, system, apperr.ErrForbidden},
		{"nobody cannot claim", intake.StatusQueued, intake.ActionClaim, intake.Actor{}, apperr.ErrForbidden},
		{"an agency-less id cannot claim", intake.StatusQueued, intake.ActionClaim, intake.Staff("x", "", false), apperr.ErrForbidden},
	}
	holderOnly := []struct {
		from   intake.Status
		action intake.Action
	}{
		{intake.StatusInReview, intake.ActionAnswer},
		{intake.StatusInReview, intake.ActionSchedule},
		{intake.StatusScheduled, intake.ActionSchedule},
		{intake.StatusInReview, intake.ActionReject},
		{intake.StatusInReview, intake.ActionTransfer},
		{intake.StatusInReview, intake.ActionNote},
		{intake.StatusAnswered, intake.ActionNote},
		{intake.StatusScheduled, intake.ActionNote},
	}
	holderOrSupervisor := []struct {
		from   intake.Status
		action intake.Action
	}{
		{intake.StatusInReview, intake.ActionRelease},
		{intake.StatusAnswered, intake.ActionClose},
		{intake.StatusScheduled, intake.ActionClose},
	}
	add := func(from intake.Status, action intake.Action, supervisorMay bool) {
		name := string(from) + "/" + string(action) + " by "
		supervisorWant := apperr.ErrForbidden
		if supervisorMay {
			supervisorWant = nil
		}
		tests = append(tests, []struct {
			name   string
			from   intake.Status
			action intake.Action
			give   intake.Actor
			want   error
		}{
			{name + "the holder", from, action, holder, nil},
			{name + "a colleague", from, action, colleague, apperr.ErrForbidden},
			{name + "a supervisor", from, action, supervisor, supervisorWant},
			{name + "the holder's id at another agency", from, action, outsider, apperr.ErrForbidden},
			{name + "the system", from, action, system, apperr.ErrForbidden},
		}...)
	}
	for _, p := range holderOnly {
		add(p.from, p.action, false)
	}
	for _, p := range holderOrSupervisor {
		add(p.from, p.action, true)
	}
	for _, from := range []intake.Status{intake.StatusReceived, intake.StatusQueued, intake.StatusInReview,
		intake.StatusAnswered, intake.StatusScheduled, intake.StatusRejected, intake.StatusClosed} {
		name := string(from) + "/erase by "
		tests = append(tests, []struct {
			name   string
			from   intake.Status
			action intake.Action
			give   intake.Actor
			want   error
		}{
			{name + "a supervisor", from, intake.ActionErase, supervisor, nil},
			{name + "the holder", from, intake.ActionErase, holder, apperr.ErrForbidden},
			{name + "a colleague", from, intake.ActionErase, colleague, apperr.ErrForbidden},
			{name + "another agency's supervisor", from, intake.ActionErase, outsider, apperr.ErrForbidden},
			{name + "the system", from, intake.ActionErase, system, apperr.ErrForbidden},
		}...)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sub := submissionAt(tt.from)
			c := validCommand(tt.action)
			c.By = tt.give
			err := move(sub, c)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Apply = %v, want it allowed", err)
				}
				return
			}
			var te *intake.TransitionError
			if !errors.Is(err, tt.want) || !errors.As(err, &te) || te.Code != intake.CodeActorNotAllowed {
				t.Fatalf("Apply = %v, want %v (%s)", err, tt.want, intake.CodeActorNotAllowed)
			}
		})
	}
}

// A refused command names the input at fault with a stable code.
func TestApplyRefusesInputs(t *testing.T) {
	type want struct {
		kind  error
		code  string
		field string
	}
	tests := []struct {
		name string
		from intake.Status
		kind forms.Kind
		give func(*intake.Command)
		want want
	}{
		{"unknown action", intake.StatusInReview, "", func(c *intake.Command) { c.Action = "reopen" },
			want{apperr.ErrInvalid, intake.CodeUnknownAction, ""}},
		{"schedule a consultation", intake.StatusInReview, forms.KindConsultation, func(*intake.Command) {},
			want{apperr.ErrConflict, intake.CodeWrongKind, ""}},
		{"reject without a reason", intake.StatusInReview, "", func(c *intake.Command) { c.Action, c.Note = intake.ActionReject, " " },
			want{apperr.ErrInvalid, intake.CodeRequired, "note"}},
		{"transfer without a reason", intake.StatusInReview, "", func(c *intake.Command) { *c = validCommand(intake.ActionTransfer); c.Note = "" },
			want{apperr.ErrInvalid, intake.CodeRequired, "note"}},
		{"note without text", intake.StatusAnswered, "", func(c *intake.Command) { c.Action, c.Note = intake.ActionNote, "" },
			want{apperr.ErrInvalid, intake.CodeRequired, "note"}},
		{"a note on a claim", intake.StatusQueued, "", func(c *intake.Command) { *c = validCommand(intake.ActionClaim); c.Note = "mine" },
			want{apperr.ErrInvalid, intake.CodeNotAllowed, "note"}},
		{"a note on an answer", intake.StatusInReview, "", func(c *intake.Command) { *c = validCommand(intake.ActionAnswer); c.Note = "x" },
			want{apperr.ErrInvalid, intake.CodeNotAllowed, "note"}},
		{"answer without one", intake.StatusInReview, "", func(c *intake.Command) { c.Action, c.Schedule = intake.ActionAnswer, nil },
			want{apperr.ErrInvalid, intake.CodeRequired, "answer"}},
		{"answer with an internal part only", intake.StatusInReview, "", func(c *intake.Command) {
			c.Action, c.Schedule, c.Answer = intake.ActionAnswer, nil, &intake.Answer{Internal: "x"}
		}, want{apperr.ErrInvalid, intake.CodeRequired, "answer"}},
		{"answer with an internal part too long", intake.StatusInReview, "", func(c *intake.Command) {
			*c = validCommand(intake.ActionAnswer)
			c.Answer.Internal = strings.Repeat("理", intake.MaxAnswer+1)
		}, want{apperr.ErrInvalid, intake.CodeTooLong, "answer"}},
		{"schedule without one", intake.StatusInReview, "", func(c *intake.Command) { c.Schedule = nil },
			want{apperr.ErrInvalid, intake.CodeRequired, "schedule"}},
		{"schedule without a time", intake.StatusInReview, "", func(c *intake.Command) { c.Schedule = &intake.Schedule{Place: "x"} },
			want{apperr.ErrInvalid, intake.CodeRequired, "schedule"}},
		{"schedule now", intake.StatusInReview, "", func(c *intake.Command) { c.Schedule.At = actedAt },
			want{apperr.ErrInvalid, intake.CodeNotAhead, "schedule"}},
		{"schedule with an answer", intake.StatusInReview, "", func(c *intake.Command) { c.Answer = &intake.Answer{Public: "x"} },
			want{apperr.ErrInvalid, intake.CodeNotAllowed, "answer"}},
		{"answer with a schedule", intake.StatusInReview, "", func(c *intake.Command) {
			s := c.Schedule
			*c = validCommand(intake.ActionAnswer)
			c.Schedule = s
		}, want{apperr.ErrInvalid, intake.CodeNotAllowed, "schedule"}},
		{"transfer nowhere", intake.StatusInReview, "", func(c *intake.Command) { *c = validCommand(intake.ActionTransfer); c.Agency = "" },
			want{apperr.ErrInvalid, intake.CodeRequired, "agency"}},
		{"transfer to an unknown agency", intake.StatusInReview, "", func(c *intake.Command) { *c = validCommand(intake.ActionTransfer); c.Agency = "tax-bureau" },
			want{apperr.ErrInvalid, intake.CodeUnknownAgency, "agency"}},
		{"transfer to where it is", intake.StatusInReview, "", func(c *intake.Command) {
			*c = validCommand(intake.ActionTransfer)
			c.Agency = agency.Procuratorate
		}, want{apperr.ErrInvalid, intake.CodeSameAgency, "agency"}},
		{"release with an agency", intake.StatusInReview, "", func(c *intake.Command) { *c = validCommand(intake.ActionRelease); c.Agency = agency.Cyberspace },
			want{apperr.ErrInvalid, intake.CodeNotAllowed, "agency"}},
		{"erase without a reason", intake.StatusAnswered, "", func(c *intake.Command) { *c = validCommand(intake.ActionErase); c.Note = " " },
			want{apperr.ErrInvalid, intake.CodeRequired, "note"}},
		{"erase with an answer", intake.StatusInReview, "", func(c *intake.Command) {
			*c = validCommand(intake.ActionErase)
			c.Answer = &intake.Answer{Public: "x"}
		}, want{apperr.ErrInvalid, intake.CodeNotAllowed, "answer"}},
		{"erase with a reason too long", intake.StatusQueued, "", func(c *intake.Command) {
			*c = validCommand(intake.ActionErase)
			c.Note = strings.Repeat("理", intake.MaxNote+1)
		}, want{apperr.ErrInvalid, intake.CodeTooLong, "note"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sub := submissionAt(tt.from)
			if tt.kind != "" {
				sub.Kind = tt.kind
			}
			before := sub.Clone()
			c := validCommand(intake.ActionSchedule)
			tt.give(&c)
			err := move(sub, c)
			var te *intake.TransitionError
			if !errors.Is(err, tt.want.kind) || !errors.As(err, &te) || te.Code != tt.want.code || te.Field != tt.want.field {
				t.Fatalf("Apply = %v (%+v), want %v with code %q, field %q", err, te, tt.want.kind, tt.want.code, tt.want.field)
			}
			if te.Action != c.Action || te.From != tt.from {
				t.Errorf("error names %s from %s, want %s from %s", te.Action, te.From, c.Action, tt.from)
			}
			if !reflect.DeepEqual(sub, before) {
				t.Errorf("a refused Apply changed the submission")
			}
		})
	}
}

// What each move does: the event it records, what else it changes, the version
// it counts and the Change it hands the store.
func TestApplyEffects(t *testing.T) {
	type want struct {
		event  intake.Event
		effect func(t *testing.T, s *intake.Submission)
	}
	tests := []struct {
		name   string
		from   intake.Status
		action intake.Action
		give   func(*intake.Command)
		want   want
	}{
		{"dispatch", intake.StatusReceived, intake.ActionDispatch, nil, want{
			intake.Event{Actor: intake.ActorSystem, Action: intake.ActionDispatch, From: intake.StatusReceived, To: intake.StatusQueued, Public: true},
			func(t *testing.T, s *intake.Submission) {
				if !s.Queued {
					t.Error("not queued")
				}
			}}},
		{"claim", intake.StatusQueued, intake.ActionClaim, nil, want{
			intake.Event{Actor: colleague.ID, Action: intake.ActionClaim, From: intake.StatusQueued, To: intake.StatusInReview, Public: true},
			func(t *testing.T, s *intake.Submission) {
				if s.Claim == nil || s.Claim.By != colleague.ID || !s.Claim.Since.Equal(actedAt) {
					t.Errorf("claim = %+v, want %s since %v", s.Claim, colleague.ID, actedAt)
				}
			}}},
		{"answer", intake.StatusInReview, intake.ActionAnswer, nil, want{
			intake.Event{Actor: holder.ID, Action: intake.ActionAnswer, From: intake.StatusInReview, To: intake.StatusAnswered, Public: true},
			func(t *testing.T, s *intake.Submission) {
				if s.Answer == nil || *s.Answer != *validCommand(intake.ActionAnswer).Answer || s.Claim == nil {
					t.Errorf("answer = %+v, claim %+v", s.Answer, s.Claim)
				}
			}}},
		{"schedule", intake.StatusInReview, intake.ActionSchedule, nil, want{
			intake.Event{Actor: holder.ID, Action: intake.ActionSchedule, From: intake.StatusInReview, To: intake.StatusScheduled, Public: true},
			func(t *testing.T, s *intake.Submission) {
				if s.Schedule == nil || *s.Schedule != *validCommand(intake.ActionSchedule).Schedule {
					t.Errorf("schedule = %+v", s.Schedule)
				}
			}}},
		{"reschedule", intake.StatusScheduled, intake.ActionSchedule, func(c *intake.Command) { c.Schedule.Place = "online" }, want{
			intake.Event{Actor: holder.ID, Action: intake.ActionSchedule, From: intake.StatusScheduled, To: intake.StatusScheduled, Public: true},
			func(t *testing.T, s *intake.Submission) {
				if s.Schedule == nil || s.Schedule.Place != "online" {
					t.Errorf("schedule = %+v", s.Schedule)
				}
			}}},
		{"reject: the reason is public", intake.StatusInReview, intake.ActionReject, nil, want{
			intake.Event{Actor: holder.ID, Action: intake.ActionReject, From: intake.StatusInReview, To: intake.StatusRejected,
				Note: "不属于本机关职能。", Public: true}, nil}},
		{"release: back to the worklist, unclaimed", intake.StatusInReview, intake.ActionRelease, func(c *intake.Command) { c.By, c.Note = supervisor, " on leave " }, want{
			intake.Event{Actor: supervisor.ID, Action: intake.ActionRelease, From: intake.StatusInReview, To: intake.StatusQueued,
				Internal: "on leave", Public: true},
			func(t *testing.T, s *intake.Submission) {
				if s.Claim != nil || !s.Queued || s.Agency != agency.Procuratorate {
					t.Errorf("claim %+v, queued %v, agency %s", s.Claim, s.Queued, s.Agency)
				}
			}}},
		{"transfer: the new agency is public, the reason internal", intake.StatusInReview, intake.ActionTransfer, nil, want{
			intake.Event{Actor: holder.ID, Action: intake.ActionTransfer, From: intake.StatusInReview, To: intake.StatusQueued,
				Agency: agency.Cyberspace, Internal: "a data-protection matter", Public: true},
			func(t *testing.T, s *intake.Submission) {
				if s.Agency != agency.Cyberspace || s.Claim != nil || s.Queued {
					t.Errorf("agency %s, claim %+v, queued %v; want cyberspace, none, waiting for its message", s.Agency, s.Claim, s.Queued)
				}
			}}},
		{"close", intake.StatusAnswered, intake.ActionClose, nil, want{
			intake.Event{Actor: holder.ID, Action: intake.ActionClose, From: intake.StatusAnswered, To: intake.StatusClosed, Public: true}, nil}},
		{"note: internal, status kept", intake.StatusScheduled, intake.ActionNote, nil, want{
			intake.Event{Actor: holder.ID, Action: intake.ActionNote, From: intake.StatusScheduled, To: intake.StatusScheduled,
				Internal: "called the firm"}, nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sub := submissionAt(tt.from)
			before := sub.Clone()
			c := validCommand(tt.action)
			if tt.give != nil {
				tt.give(&c)
			}
			ch, err := sub.Apply(c)
			if err != nil {
				t.Fatal(err)
			}
			wantEv := tt.want.event
			wantEv.At = actedAt
			if n := len(sub.History); n != len(before.History)+1 || !reflect.DeepEqual(sub.History[n-1], wantEv) {
				t.Errorf("history = %+v\nwant %+v appended", sub.History, wantEv)
			}
			if sub.Version != before.Version+1 || !sub.UpdatedAt.Equal(actedAt) {
				t.Errorf("version %d, updated %v; want %d, %v", sub.Version, sub.UpdatedAt, before.Version+1, actedAt)
			}
			if tt.want.effect != nil {
				tt.want.effect(t, sub)
			}
			// The Change writes exactly the submission now in memory, over the one before.
			if ch.Reference != sub.Reference || ch.Expect != (intake.Expect{Status: before.Status, Version: before.Version, Queued: before.Queued, Listed: before.Listed}) ||
				ch.Event == nil || !reflect.DeepEqual(*ch.Event, wantEv) {
				t.Errorf("change = %+v", ch)
			}
			if got := before.Applied(ch); !reflect.DeepEqual(got, sub) {
				t.Errorf("before.Applied(change) = %+v\nwant %+v", got, sub)
			}
		})
	}
}

// The firm sees public events only, and never their internal text.
func TestPublicHistory(t *testing.T) {
	sub := submissionAt(intake.StatusInReview)
	for _, a := range []intake.Action{intake.ActionNote, intake.ActionTransfer} {
		if _, err := sub.Apply(validCommand(a)); err != nil {
			t.Fatal(err)
		}
	}
	got := sub.PublicHistory()
	if len(got) != 2 || got[1].Action != intake.ActionTransfer || got[1].Agency != agency.Cyberspace {
		t.Fatalf("public history = %+v, want the received and transfer events", got)
	}
	for _, e := range got {
		if e.Internal != "" || !e.Public {
			t.Errorf("public event %+v shows internal text", e)
		}
	}
	if sub.History[2].Internal == "" {
		t.Error("PublicHistory changed the history itself")
	}
}

// The limits on text count characters, and a text of exactly the limit is
// taken: an answer's public and internal parts of MaxAnswer Chinese
// characters each.
func TestApplyTakesTextsAtTheirLimit(t *testing.T) {
	c := validCommand(intake.ActionAnswer)
	c.Answer = &intake.Answer{Public: strings.Repeat("理", intake.MaxAnswer), Internal: strings.Repeat("据", intake.MaxAnswer)}
	if err := move(submissionAt(intake.StatusInReview), c); err != nil {
		t.Errorf("answers of %d characters: %v", intake.MaxAnswer, err)
	}
}
