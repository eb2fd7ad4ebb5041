package web

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
)

// widget is how a field is asked in HTML. Which control suits a field is a page
// matter; what the field is called, how to fill it in and which values it takes
// come from the forms catalog.
type widget string

const (
	wText     widget = "text"
	wTextarea widget = "textarea"
	wRadios   widget = "radios"
	wCheckbox widget = "checkboxes"
	wSelect   widget = "select"
	wYesNo    widget = "yesno"
	wConsent  widget = "consent"
	wDates    widget = "dates"
)

// controls lists the fields not asked in a one-line text box, and how.
var controls = map[string]widget{
	"company.industry":          wSelect,
	"language":                  wRadios,
	"consent.accepted":          wConsent,
	"incident.role":             wRadios,
	"incident.category":         wRadios,
	"incident.description":      wTextarea,
	"incident.reportedToPolice": wYesNo,
	"incident.measures":         wCheckbox,
	"incident.operationsImpact": wRadios,
	"incident.urgency":          wRadios,
	"incident.urgencyReason":    wTextarea,
	"incident.questions":        wTextarea,
	"training.topics":           wCheckbox,
	"training.primaryTopic":     wSelect,
	"training.format":           wRadios,
	"training.preferredDates":   wDates,
	"training.audience":         wCheckbox,
	"training.notes":            wTextarea,
}

// inputs gives one-line boxes the type, autocomplete and keyboard that help
// people (and phones) fill them in.
var inputs = map[string]struct{ typ, autocomplete, inputmode string }{
	"company.name":              {"text", "organization", ""},
	"company.creditCode":        {"text", "off", ""},
	"contact.name":              {"text", "name", ""},
	"contact.title":             {"text", "organization-title", ""},
	"contact.mobile":            {"tel", "tel-national", "tel"},
	"contact.landline":          {"tel", "tel", "tel"},
	"contact.email":             {"email", "email", "email"},
	"incident.occurredOn":       {"text", "off", "numeric"},
	"incident.discoveredOn":     {"text", "off", "numeric"},
	"incident.estimatedLossCny": {"text", "off", "numeric"},
	"training.attendees":        {"text", "off", "numeric"},
	"training.address":          {"text", "street-address", ""},
}

// maxDates is how many preferred-date boxes the training form offers (the rule
// allows one to three).
const maxDates = 3

type formView struct {
	Kind     forms.Kind
	Action   string
	Title    string
	Lead     string
	Errors   []errorLink
	Sections []sectionView
}

type errorLink struct {
	Href    string
	Message string
}

type sectionView struct {
	Legend string
	Notice string // the consent notice, shown before its fields (the current wording)
	Plain  bool   // a field of its own, which needs no section around it
	Fields []fieldView
}

type fieldView struct {
	Path         string
	ID           string
	Widget       widget
	Label        string
	Hint         string
	HintID       string
	ErrorID      string
	Optional     bool
	Errors       []string
	Value        string
	Options      []optionView
	Items        []itemView // the date boxes
	Type         string
	Autocomplete string
	InputMode    string
	Autofocus    bool
	OptionalMark string // the words of the page's language
	ErrorPrefix  string
	Choose       string
}

type optionView struct {
	ID      string
	Value   string
	Label   string
	Checked bool
}

type itemView struct {
	ID    string
	Label string
	Value string
}

// DescribedBy lists the ids of the hint and error that describe the control.
func (f fieldView) DescribedBy() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.HintID)
	}
	if len(f.Errors) > 0 {
		ids = append(ids, f.ErrorID)
	}
	return strings.Join(ids, " ")
}

// Invalid reports whether the field has errors, for aria-invalid.
func (f fieldView) Invalid() bool { return len(f.Errors) > 0 }

// Group reports whether the field is a group of controls, asked in a fieldset.
func (f fieldView) Group() bool {
	switch f.Widget {
	case wRadios, wCheckbox, wYesNo, wDates:
		return true
	}
	return false
}

// fieldID is a field's element id: its path with dots replaced, so it needs no
// escaping in CSS selectors or fragment links.
func fieldID(path string) string {
	return "f-" + strings.ReplaceAll(path, ".", "-")
}

// firstControl is the id an error links to: the field's first control.
func firstControl(f fieldView) string {
	switch {
	case len(f.Options) > 0 && f.Widget != wSelect:
		return f.Options[0].ID
	case len(f.Items) > 0:
		return f.Items[0].ID
	}
	return f.ID
}

// leafFields are the fields of a form that take a value, in the form's order
// (sections, which only group, left out), with the section each belongs to.
func leafFields(kind forms.Kind) (leaves []forms.Field, sectionOf map[string]forms.Field) {
	all := forms.Fields(kind)
	sectionOf = map[string]forms.Field{}
	for _, f := range all {
		sec, _, nested := strings.Cut(f.Path, ".")
		if isSection(f, all) {
			continue
		}
		leaves = append(leaves, f)
		if nested {
			for _, s := range all {
				if s.Path == sec {
					sectionOf[f.Path] = s
				}
			}
		}
	}
	return leaves, sectionOf
}

func isSection(f forms.Field, all []forms.Field) bool {
	for _, g := range all {
		if strings.HasPrefix(g.Path, f.Path+".") {
			return true
		}
	}
	return false
}

// hiddenFromPage are fields the server fills in, not the firm.
var hiddenFromPage = map[string]bool{"consent.version": true}

// fieldErrors groups field errors by field path ("training.preferredDates[1]"
// counts for "training.preferredDates").
func fieldErrors(err *apperr.InvalidError) map[string][]string {
	out := map[string][]string{}
	if err == nil {
		return out
	}
	for _, f := range err.Fields {
		p, _, _ := strings.Cut(f.Field, "[")
		out[p] = append(out[p], f.Message)
	}
	return out
}

// newFormView lays out a form from the catalog with the firm's values and the
// parser's errors; focus names a field to put the cursor in (a change link).
func newFormView(kind forms.Kind, lang forms.Lang, values url.Values, invalid *apperr.InvalidError, focus string) formView {
	short := map[forms.Kind]string{forms.KindConsultation: "c", forms.KindTraining: "t"}[kind]
	v := formView{
		Kind:   kind,
		Action: Localized("/"+string(kind), lang),
		Title:  text("form."+short+".title", lang),
		Lead:   text("form."+short+".lead", lang),
	}
	errs := fieldErrors(invalid)
	leaves, sectionOf := leafFields(kind)
	for _, f := range leaves {
		if hiddenFromPage[f.Path] {
			continue
		}
		fv := newFieldView(kind, f, lang, values, errs[f.Path])
		fv.Autofocus = f.Path == focus && len(errs) == 0
		for _, m := range fv.Errors {
			v.Errors = append(v.Errors, errorLink{Href: "#" + firstControl(fv), Message: m})
		}
		sec := sectionOf[f.Path]
		legend := sec.Label.In(lang)
		if sec.Path == "" {
			legend = f.Label.In(lang) // a field of its own, such as the language
		}
		if n := len(v.Sections); n == 0 || v.Sections[n-1].Legend != legend {
			sv := sectionView{Legend: legend, Plain: sec.Path == ""}
			if sec.Path == "consent" {
				sv.Notice = forms.CurrentConsent().Notice.In(lang)
			}
			v.Sections = append(v.Sections, sv)
		}
		v.Sections[len(v.Sections)-1].Fields = append(v.Sections[len(v.Sections)-1].Fields, fv)
	}
	return v
}

func newFieldView(kind forms.Kind, f forms.Field, lang forms.Lang, values url.Values, errs []string) fieldView {
	id := fieldID(f.Path)
	w, ok := controls[f.Path]
	if !ok {
		w = wText
	}
	fv := fieldView{
		Path: f.Path, ID: id, Widget: w,
		Label:    f.Label.In(lang),
		Hint:     f.Hint.In(lang),
		HintID:   id + "-hint",
		ErrorID:  id + "-error",
		Optional: forms.Optional(kind, f.Path),
		Errors:   errs,
		Value:    values.Get(f.Path),

		OptionalMark: text("optional", lang),
		ErrorPrefix:  text("error.prefix", lang),
		Choose:       text("choose", lang),
	}
	if in, ok := inputs[f.Path]; ok {
		fv.Type, fv.Autocomplete, fv.InputMode = in.typ, in.autocomplete, in.inputmode
	} else {
		fv.Type = "text"
	}
	given := values[f.Path]
	if f.Path == "language" && len(given) == 0 {
		given = []string{string(lang)} // most firms want answers in the language they read
	}
	chosen := map[string]bool{}
	for _, s := range given {
		chosen[s] = true
	}
	switch w {
	case wConsent:
		fv.Label = forms.CurrentConsent().Box.In(lang)
		fv.Options = []optionView{{ID: id, Value: "true", Label: fv.Label, Checked: chosen["true"]}}
	case wYesNo:
		for _, o := range []struct{ v, k string }{{"true", "yes"}, {"false", "no"}} {
			fv.Options = append(fv.Options, optionView{ID: id + "-" + o.v, Value: o.v, Label: text(o.k, lang), Checked: chosen[o.v]})
		}
	case wDates:
		for i := range maxDates {
			item := itemView{ID: id + "-" + strconv.Itoa(i+1), Label: strings.ReplaceAll(text("date.n", lang), "{n}", strconv.Itoa(i+1))}
			if i < len(given) {
				item.Value = given[i]
			}
			fv.Items = append(fv.Items, item)
		}
	default:
		for _, o := range f.Options {
			fv.Options = append(fv.Options, optionView{ID: id + "-" + o.Value, Value: o.Value, Label: o.Label.In(lang), Checked: chosen[o.Value]})
		}
	}
	return fv
}
