package dynamostore

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
)

// Times are stored as Unix nanoseconds, a number: 11 bytes where RFC 3339 with
// nanoseconds takes 30, and numbers sort as the times do, which the indexes
// keyed by submittedAt and updatedAt need. A zero time is not stored.
func timeValue(t time.Time) *types.AttributeValueMemberN { return num(t.UnixNano()) }

// orderedTime is t as a fixed-width decimal, for a string key that must sort
// as the times do (waitOrder). Nineteen digits hold every time from 2001 to 2262.
func orderedTime(t time.Time) string { return fmt.Sprintf("%019d", t.UnixNano()) }

// item builds an item attribute by attribute, leaving out what need not be
// stored: empty strings, false flags, zero times.
type item map[string]types.AttributeValue

func (it item) str(name, v string) {
	if v != "" {
		it[name] = str(v)
	}
}

func (it item) flag(name string, v bool) {
	if v {
		it[name] = boolean(true)
	}
}

func (it item) time(name string, t time.Time) {
	if !t.IsZero() {
		it[name] = timeValue(t)
	}
}

// marshalSubmission builds the item for s. The form is a map rather than a JSON
// string so that later features (staff views, exports) can project single
// fields, and a map's overhead is one byte a field where JSON's is four or more.
func marshalSubmission(s *intake.Submission) (map[string]types.AttributeValue, error) {
	it := item{
		attrPK:   submissionKey(s.Reference)[attrPK],
		attrType: str(typeSubmission),
		// list_append in Update needs a list, even an empty one.
		attrHistory: &types.AttributeValueMemberL{Value: make([]types.AttributeValue, 0, len(s.History))},
	}
	it.str(attrKind, string(s.Kind))
	it.str(attrStatus, string(s.Status))
	it.str(attrAgency, string(s.Agency))
	it.flag(attrUrgent, s.Urgent)
	it.str(attrLanguage, string(s.Language))
	if len(s.TokenHash) > 0 {
		it[attrTokenHash] = &types.AttributeValueMemberB{Value: s.TokenHash}
	}
	it.str(attrCorrelation, s.CorrelationID)
	it.time(attrSubmittedAt, s.SubmittedAt)
	it.time(attrUpdatedAt, s.UpdatedAt)
	it.flag(attrListed, s.Listed)
	if s.Consent != nil {
		m := item{}
		m.str(attrConsentVersion, s.Consent.Version)
		m.time(attrConsentAt, s.Consent.At)
		it[attrConsent] = &types.AttributeValueMemberM{Value: m}
	}
	if s.RedactedAt != nil {
		it[attrRedactedAt] = timeValue(*s.RedactedAt)
	}
	it.str(attrIdempotencyRecord, s.IdempotencyRecord)
	if s.Version != 0 {
		it[attrVersion] = num(s.Version)
	}
	history := it[attrHistory].(*types.AttributeValueMemberL)
	for _, e := range s.History {
		history.Value = append(history.Value, eventValue(e))
	}
	for name, v := range lifecycleValues(s.Claim, s.Answer, s.Schedule, s.AnsweredAt) {
		if v != nil {
			it[name] = v
		}
	}
	if len(s.Form) > 0 {
		form, err := formToAttribute(s.Form)
		if err != nil {
			return nil, err
		}
		it[attrForm] = form
	}
	if !s.Queued {
		it[attrDispatch] = str(dispatchPending)
	}
	it[attrWaitOrder] = str(waitOrder(s))
	for name, v := range staffKeys(s.Agency, s.Status, s.Listed) {
		if v != nil {
			it[name] = v
		}
	}
	return it, nil
}

// lifecycleValues are the attributes of what staff set on a submission; a nil
// value means the attribute must go (Update removes it).
func lifecycleValues(c *intake.Claim, a *intake.Answer, sc *intake.Schedule, answered *time.Time) map[string]types.AttributeValue {
	out := map[string]types.AttributeValue{attrClaim: nil, attrAnswer: nil, attrSchedule: nil, attrAnsweredAt: nil}
	if c != nil {
		m := item{}
		m.str(attrClaimBy, c.By)
		m.time(attrClaimSince, c.Since)
		out[attrClaim] = &types.AttributeValueMemberM{Value: m}
	}
	if a != nil {
		m := item{}
		m.str(attrAnswerPublic, a.Public)
		m.str(attrAnswerInternal, a.Internal)
		out[attrAnswer] = &types.AttributeValueMemberM{Value: m}
	}
	if sc != nil {
		m := item{}
		m.time(attrScheduleAt, sc.At)
		m.str(attrSchedulePlace, sc.Place)
		out[attrSchedule] = &types.AttributeValueMemberM{Value: m}
	}
	if answered != nil {
		out[attrAnsweredAt] = timeValue(*answered)
	}
	return out
}

// eventValue is one history event. The actor is left out when it is the
// system, and "staff only" is stored only for an event the firm does not see:
// the common case costs nothing. Any other actor is stored as it is, even "".
func eventValue(e intake.Event) types.AttributeValue {
	m := item{}
	m.time(attrEventAt, e.At)
	if e.Actor != intake.ActorSystem {
		m[attrEventActor] = str(e.Actor)
	}
	m.str(attrEventAction, string(e.Action))
	m.str(attrEventFrom, string(e.From))
	m.str(attrEventTo, string(e.To))
	m.str(attrEventAgency, string(e.Agency))
	m.str(attrEventNote, e.Note)
	m.str(attrEventInternal, e.Internal)
	m.flag(attrEventStaffOnly, !e.Public)
	return &types.AttributeValueMemberM{Value: m}
}

// waitOrder is a submission's place on its agency's worklist: urgent before
// normal, then by submission time, then by reference.
func waitOrder(s *intake.Submission) string {
	urgency := "1"
	if s.Urgent {
		urgency = "0"
	}
	return urgency + "#" + orderedTime(s.SubmittedAt) + "#" + s.Reference
}

// staffKeys are the index keys that follow a submission's agency, status and
// listing: its by-status key always, its worklist key only while it waits for
// a person. A nil value means the attribute must go.
func staffKeys(a agency.Code, status intake.Status, listed bool) map[string]types.AttributeValue {
	keys := map[string]types.AttributeValue{attrAgencyStatus: str(string(a) + "#" + string(status)), attrWorklist: nil}
	if status == intake.StatusQueued && listed {
		keys[attrWorklist] = str(string(a))
	}
	return keys
}

// reader reads the attributes of an item, or of a map inside one, noting the
// first that is malformed. A missing attribute reads as the zero value.
type reader struct {
	m   map[string]types.AttributeValue
	err error
}

func (r *reader) fail(name string, v types.AttributeValue) {
	if r.err == nil {
		r.err = fmt.Errorf("attribute %q: unexpected %T", name, v)
	}
}

func (r *reader) str(name string) string {
	switch v := r.m[name].(type) {
	case nil:
	case *types.AttributeValueMemberS:
		return v.Value
	default:
		r.fail(name, v)
	}
	return ""
}

func (r *reader) flag(name string) bool {
	switch v := r.m[name].(type) {
	case nil:
	case *types.AttributeValueMemberBOOL:
		return v.Value
	default:
		r.fail(name, v)
	}
	return false
}

func (r *reader) int(name string) int64 {
	switch v := r.m[name].(type) {
	case nil:
	case *types.AttributeValueMemberN:
		n, err := strconv.ParseInt(v.Value, 10, 64)
		if err != nil && r.err == nil {
			r.err = fmt.Errorf("attribute %q: %w", name, err)
		}
		return n
	default:
		r.fail(name, v)
	}
	return 0
}

func (r *reader) time(name string) time.Time {
	if _, ok := r.m[name]; !ok {
		return time.Time{}
	}
	return time.Unix(0, r.int(name)).UTC()
}

func (r *reader) bytes(name string) []byte {
	switch v := r.m[name].(type) {
	case nil:
	case *types.AttributeValueMemberB:
		return v.Value
	default:
		r.fail(name, v)
	}
	return nil
}

// sub is the map at name, nil when there is none.
func (r *reader) sub(name string) *reader {
	switch v := r.m[name].(type) {
	case nil:
	case *types.AttributeValueMemberM:
		return &reader{m: v.Value}
	default:
		r.fail(name, v)
	}
	return nil
}

// absorb keeps the first error of a reader of a map inside r's item.
func (r *reader) absorb(in *reader) {
	if r.err == nil && in != nil {
		r.err = in.err
	}
}

// unmarshalSubmission reads a submission's item, or the part of it an index
// projects (then the form and the history are absent).
func unmarshalSubmission(it map[string]types.AttributeValue) (*intake.Submission, error) {
	r := &reader{m: it}
	ref, ok := ReferenceOf(it)
	if !ok {
		return nil, fmt.Errorf("unmarshal submission: pk %q", r.str(attrPK))
	}
	_, pending := it[attrDispatch]
	_, notQueued := it[attrNotQueued]
	s := &intake.Submission{
		Reference:     ref,
		Kind:          forms.Kind(r.str(attrKind)),
		Status:        intake.Status(r.str(attrStatus)),
		Agency:        agency.Code(r.str(attrAgency)),
		Urgent:        r.flag(attrUrgent),
		Language:      forms.Lang(r.str(attrLanguage)),
		TokenHash:     r.bytes(attrTokenHash),
		CorrelationID: r.str(attrCorrelation),
		SubmittedAt:   r.time(attrSubmittedAt),
		UpdatedAt:     r.time(attrUpdatedAt),
		Queued:        !pending && !notQueued,
		Listed:        r.flag(attrListed),
		Version:       r.int(attrVersion),

		IdempotencyRecord: r.str(attrIdempotencyRecord),
	}
	if co := r.sub(attrConsent); co != nil {
		s.Consent = &intake.Consent{Version: co.str(attrConsentVersion), At: co.time(attrConsentAt)}
		r.absorb(co)
	}
	if _, ok := it[attrRedactedAt]; ok {
		at := r.time(attrRedactedAt)
		s.RedactedAt = &at
	}
	if c := r.sub(attrClaim); c != nil {
		s.Claim = &intake.Claim{By: c.str(attrClaimBy), Since: c.time(attrClaimSince)}
		r.absorb(c)
	}
	if a := r.sub(attrAnswer); a != nil {
		s.Answer = &intake.Answer{Public: a.str(attrAnswerPublic), Internal: a.str(attrAnswerInternal)}
		r.absorb(a)
	}
	if sc := r.sub(attrSchedule); sc != nil {
		s.Schedule = &intake.Schedule{At: sc.time(attrScheduleAt), Place: sc.str(attrSchedulePlace)}
		r.absorb(sc)
	}
	if _, ok := it[attrAnsweredAt]; ok {
		at := r.time(attrAnsweredAt)
		s.AnsweredAt = &at
	}
	switch h := it[attrHistory].(type) {
	case nil:
	case *types.AttributeValueMemberL:
		for _, v := range h.Value {
			m, ok := v.(*types.AttributeValueMemberM)
			if !ok {
				return nil, fmt.Errorf("unmarshal submission: history holds a %T", v)
			}
			er := &reader{m: m.Value}
			s.History = append(s.History, event(er))
			r.absorb(er)
		}
	default:
		r.fail(attrHistory, h)
	}
	if form, ok := it[attrForm]; ok {
		raw, err := formFromAttribute(form)
		if err != nil {
			return nil, err
		}
		s.Form = raw
	}
	if r.err != nil {
		return nil, fmt.Errorf("unmarshal submission %s: %w", ref, r.err)
	}
	return s, nil
}

func event(r *reader) intake.Event {
	e := intake.Event{
		At:       r.time(attrEventAt),
		Actor:    intake.ActorSystem,
		Action:   intake.Action(r.str(attrEventAction)),
		From:     intake.Status(r.str(attrEventFrom)),
		To:       intake.Status(r.str(attrEventTo)),
		Agency:   agency.Code(r.str(attrEventAgency)),
		Note:     r.str(attrEventNote),
		Internal: r.str(attrEventInternal),
		Public:   !r.flag(attrEventStaffOnly),
	}
	if _, ok := r.m[attrEventActor]; ok {
		e.Actor = r.str(attrEventActor)
	}
	return e
}

// marshalIdempotency builds the item for r; expiresAt is epoch seconds, as TTL
// requires.
func marshalIdempotency(r *intake.Idempotency) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		attrPK:          idempotencyKey(r.Key)[attrPK],
		attrType:        str(typeIdempotency),
		attrBodyHash:    &types.AttributeValueMemberB{Value: r.BodyHash},
		attrIdemRef:     str(r.Reference),
		attrSealedToken: &types.AttributeValueMemberB{Value: r.SealedToken},
		attrExpiresAt:   num(r.ExpiresAt.Unix()),
	}
}

func unmarshalIdempotency(it map[string]types.AttributeValue) (*intake.Idempotency, error) {
	r := &reader{m: it}
	key, ok := strings.CutPrefix(r.str(attrPK), prefixIdempotency)
	if !ok {
		return nil, fmt.Errorf("unmarshal idempotency: pk %q", r.str(attrPK))
	}
	rec := &intake.Idempotency{
		Key:         key,
		BodyHash:    r.bytes(attrBodyHash),
		Reference:   r.str(attrIdemRef),
		SealedToken: r.bytes(attrSealedToken),
		ExpiresAt:   time.Unix(r.int(attrExpiresAt), 0).UTC(),
	}
	if r.err != nil {
		return nil, fmt.Errorf("unmarshal idempotency: %w", r.err)
	}
	return rec, nil
}
