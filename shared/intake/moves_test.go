package intake_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
)

// Moves offers exactly the actions Apply (or Erase) lets an actor start: for
// every status, kind of form and actor, an action is offered if and only if
// Apply, given good inputs, refuses it for none of the reasons Moves asks
// about (the status, the actor, the kind).
func TestMovesAgreeWithApply(t *testing.T) {
	actors := map[string]intake.Actor{"holder": holder, "colleague": colleague, "supervisor": supervisor,
		"outsider": outsider, "system": intake.System()}
	for _, status := range statuses {
		for _, kind := range []forms.Kind{forms.KindConsultation, forms.KindTraining} {
			for name, by := range actors {
				sub := submissionAt(status)
				sub.Kind = kind
				offered := sub.Moves(by)
				for _, action := range actions {
					c := validCommand(action)
					c.By = by
					var err error
					if action == intake.ActionErase { // not Apply's: it leaves a stub
						_, err = sub.Clone().Erase(c)
					} else {
						_, err = sub.Clone().Apply(c)
					}
					var refused *intake.TransitionError
					startable := !errors.As(err, &refused) || !slices.Contains(
						[]string{intake.CodeInvalidTransition, intake.CodeActorNotAllowed, intake.CodeWrongKind}, refused.Code)
					if slices.Contains(offered, action) != startable {
						t.Errorf("%s %s, %s, %s: offered %v, Apply says %v", status, kind, name, action, offered, err)
					}
				}
			}
		}
	}
}

// A few plain cases, as a console shows them.
func TestMoves(t *testing.T) {
	tests := []struct {
		name   string
		status intake.Status
		kind   forms.Kind
		by     intake.Actor
		want   []intake.Action
	}{
		{"a waiting item: any staff member may claim it", intake.StatusQueued, forms.KindConsultation, colleague, []intake.Action{intake.ActionClaim}},
		{"the holder of a consultation: no schedule", intake.StatusInReview, forms.KindConsultation, holder,
			[]intake.Action{intake.ActionAnswer, intake.ActionReject, intake.ActionRelease, intake.ActionTransfer, intake.ActionNote}},
		{"the holder of a training request", intake.StatusInReview, forms.KindTraining, holder,
			[]intake.Action{intake.ActionAnswer, intake.ActionSchedule, intake.ActionReject, intake.ActionRelease, intake.ActionTransfer, intake.ActionNote}},
		{"a colleague of the holder: nothing", intake.StatusInReview, forms.KindConsultation, colleague, nil},
		{"a supervisor: release anyone's claim, or erase", intake.StatusInReview, forms.KindConsultation, supervisor, []intake.Action{intake.ActionRelease, intake.ActionErase}},
		{"another agency's supervisor: nothing", intake.StatusInReview, forms.KindConsultation, outsider, nil},
		{"answered, the holder", intake.StatusAnswered, forms.KindConsultation, holder, []intake.Action{intake.ActionClose, intake.ActionNote}},
		{"closed: nothing", intake.StatusClosed, forms.KindConsultation, holder, nil},
		{"closed, a supervisor: erase", intake.StatusClosed, forms.KindConsultation, supervisor, []intake.Action{intake.ActionErase}},
	}
	for _, tt := range tests {
		sub := submissionAt(tt.status)
		sub.Kind = tt.kind
		if got := sub.Moves(tt.by); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}
