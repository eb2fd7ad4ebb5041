package console

import (
	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
)

// moveView is the form of one move the item page offers.
type moveView struct {
	Action string // the intake.Action it posts
	ID     string // the form's section id
	Title  string
	Lead   string
	Button string
	Fields []fieldView
}

// fieldView is one control of a move's form. Every control has a label; a
// hint and an error are tied to it by aria-describedby.
type fieldView struct {
	ID       string
	Name     string
	Widget   string // "textarea", "text" or "select"
	Label    string
	Hint     string
	Optional bool
	Value    string
	Error    string
	Options  []optionView
	Narrow   bool // a date or a time, not a line of text
	// Type and Autocomplete are an input's: "text" and "off" unless set.
	Type, Autocomplete string

	OptionalMark, ErrorPrefix string // in the page's language
}

// field is a control with the page's words for "optional" and "error".
func field(id, name, widget string, lang forms.Lang) fieldView {
	return fieldView{ID: id, Name: name, Widget: widget, OptionalMark: text("optional", lang), ErrorPrefix: text("error.prefix", lang)}
}

type optionView struct {
	Value    string
	Label    string
	Selected bool
}

// DescribedBy lists the ids of the field's hint and error.
func (f fieldView) DescribedBy() string {
	var ids string
	if f.Hint != "" {
		ids = f.ID + "-hint"
	}
	if f.Error != "" {
		if ids != "" {
			ids += " "
		}
		ids += f.ID + "-error"
	}
	return ids
}

// input is a control of a move's form, before the page's values.
type input struct {
	name   string
	widget string
}

// inputs are each move's controls; a move's note control is there when its
// transition takes a note (the lifecycle table's Note rule).
var inputs = map[intake.Action][]input{
	intake.ActionAnswer:   {{"public", "textarea"}, {"internal", "textarea"}},
	intake.ActionSchedule: {{"date", "text"}, {"time", "text"}, {"place", "text"}},
	intake.ActionTransfer: {{"agency", "select"}},
}

// moveOf is the form of move a on sub: its controls, with the values and
// faults of a post of the same move that is shown again.
func moveOf(a intake.Action, sub *intake.Submission, lang forms.Lang, posted *post) moveView {
	m := moveView{
		Action: string(a), ID: "move-" + string(a),
		Title: text("move."+string(a)+".title", lang), Lead: text("move."+string(a)+".lead", lang),
		Button: text("move."+string(a)+".button", lang),
	}
	controls := inputs[a]
	rule := noteRule(sub, a)
	if rule != intake.NoNote {
		controls = append(controls, input{"note", "textarea"})
	}
	for _, in := range controls {
		f := field(string(a)+"-"+in.name, in.name, in.widget, lang)
		f.Label, f.Hint = text("field."+string(a)+"."+in.name, lang), text("hint."+string(a)+"."+in.name, lang)
		f.Optional = in.name == "internal" || in.name == "place" || in.name == "note" && rule == intake.OptionalInternal
		f.Narrow = in.name == "date" || in.name == "time"
		if f.Hint == "hint."+string(a)+"."+in.name {
			f.Hint = ""
		}
		if in.name == "note" { // who reads it is the table's to say
			f.Hint = text("hint.note.internal", lang)
			if rule == intake.RequiredPublic {
				f.Hint = text("hint.note.public", lang)
			}
		}
		if posted != nil && posted.action == a {
			f.Value = posted.values.Get(in.name)
			for _, ft := range posted.faults {
				if ft.id == f.ID {
					f.Error = ft.message
				}
			}
		}
		if in.widget == "select" {
			f.Options = append(f.Options, optionView{Label: text("choose", lang)})
			for _, ag := range agency.All {
				if ag.Code != sub.Agency {
					f.Options = append(f.Options, optionView{Value: string(ag.Code), Label: ag.Name(string(lang)), Selected: f.Value == string(ag.Code)})
				}
			}
		}
		m.Fields = append(m.Fields, f)
	}
	return m
}

// noteRule is the lifecycle table's rule for the note of move a from sub's
// status.
func noteRule(sub *intake.Submission, a intake.Action) intake.NoteRule {
	for _, t := range intake.Transitions() {
		if t.From == sub.Status && t.Action == a {
			return t.Note
		}
	}
	return intake.NoNote
}

// faultText words a fault of a move's input for people: the most specific of
// the move's own words, the input's, or the code's.
func faultText(a intake.Action, input, code string, lang forms.Lang) string {
	for _, key := range []string{"fault." + string(a) + "." + input + "." + code, "fault." + input + "." + code, "fault." + code} {
		if t := text(key, lang); t != key {
			return t
		}
	}
	return text("fault.other", lang)
}
