package exportcsv_test

import (
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/exportcsv"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
)

func TestWrite(t *testing.T) {
	at := time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC)
	sub := &intake.Submission{
		Reference: "C-2345-6789", Kind: forms.KindConsultation, Status: intake.StatusAnswered, SubmittedAt: at, UpdatedAt: at,
		Form: []byte(`{"company":{"name":"=HYPERLINK(\"x\")","industry":"gaming"},"contact":{"name":"张三","mobile":"+8613812345678"},` +
			`"incident":{"measures":["detention","arrest"],"reportedToPolice":true}}`),
	}
	out, err := exportcsv.Write([]*intake.Submission{sub}, forms.EN)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil || len(rows) != 2 || len(rows[0]) != len(rows[1]) {
		t.Fatalf("rows %v, %v", rows, err)
	}
	cellOf := func(label string) string {
		for i, h := range rows[0] {
			if h == label {
				return rows[1][i]
			}
		}
		t.Fatalf("no column %q in %v", label, rows[0])
		return ""
	}
	tests := []struct{ label, want string }{
		{"Reference", "C-2345-6789"},
		{"Status", "Answered"},
		{"Company name", `'=HYPERLINK("x")`}, // a formula stays text
		{"Mobile number", "'+8613812345678"},
		{"Contact name", "张三"},
		{"Industry", "Gaming"},
		{"Main topic", ""}, // a training field, empty for a consultation
	}
	for _, tt := range tests {
		if got := cellOf(tt.label); got != tt.want {
			t.Errorf("%s = %q, want %q", tt.label, got, tt.want)
		}
	}
	if !strings.HasPrefix(out, "\ufeff") {
		t.Error("no byte order mark")
	}
}

// RFC 4180: CRLF ends every row (and is the line break inside a cell), and a
// cell with a comma, a quote or a line break is quoted, its quotes doubled.
func TestWriteQuotesAsRFC4180(t *testing.T) {
	at := time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC)
	sub := &intake.Submission{
		Reference: "C-2345-6789", Kind: forms.KindConsultation, Status: intake.StatusQueued, SubmittedAt: at, UpdatedAt: at,
		Form: []byte(`{"company":{"name":"A, \"B\" Co."},"incident":{"description":"line one\nline two"}}`),
	}
	out, err := exportcsv.Write([]*intake.Submission{sub}, forms.ZH)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\ufeff编号,", "\r\nC-2345-6789,", `,"A, ""B"" Co.",`, "\"line one\r\nline two\""} {
		if !strings.Contains(out, want) {
			t.Errorf("the CSV lacks %q:\n%s", want, out)
		}
	}
	if !strings.HasSuffix(out, "\r\n") || strings.Count(out, "\n") != strings.Count(out, "\r\n") {
		t.Errorf("a line ends without CR:\n%q", out)
	}
}

func TestCell(t *testing.T) {
	tests := []struct{ give, want string }{
		{"=1+1", "'=1+1"},
		{"+8613812345678", "'+8613812345678"},
		{"-2", "'-2"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"张三", "张三"},
		{"a=b", "a=b"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := exportcsv.Cell(tt.give); got != tt.want {
			t.Errorf("Cell(%q) = %q, want %q", tt.give, got, tt.want)
		}
	}
}

func TestRange(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	tests := []struct {
		name, first, last string
		wantFrom, wantTo  time.Time
		wantFaults        []string // field:code
	}{
		{"one day", "2026-11-26", "2026-11-26", time.Date(2026, 11, 26, 0, 0, 0, 0, cst), time.Date(2026, 11, 27, 0, 0, 0, 0, cst), nil},
		{"a month", "2026-11-01", "2026-11-30", time.Date(2026, 11, 1, 0, 0, 0, 0, cst), time.Date(2026, 12, 1, 0, 0, 0, 0, cst), nil},
		{"missing", "", "", time.Time{}, time.Time{}, []string{"from:required", "to:required"}},
		{"malformed", "26/11/2026", "2026-11-31", time.Time{}, time.Time{}, []string{"from:invalid-format", "to:invalid-format"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to, faults := exportcsv.Range(tt.first, tt.last)
			var got []string
			for _, f := range faults {
				got = append(got, f.Field+":"+f.Code)
			}
			if strings.Join(got, " ") != strings.Join(tt.wantFaults, " ") {
				t.Fatalf("faults %v, want %v", got, tt.wantFaults)
			}
			if len(faults) == 0 && (!from.Equal(tt.wantFrom) || !to.Equal(tt.wantTo)) {
				t.Errorf("[%s, %s), want [%s, %s)", from, to, tt.wantFrom, tt.wantTo)
			}
		})
	}
}

// A submission past its retention period is a stub without a form: the export
// has its row, with no answers, rather than fail on it.
func TestWriteRedactedStub(t *testing.T) {
	at := time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC)
	sub := &intake.Submission{
		Reference: "C-2345-6789", Kind: forms.KindConsultation, Status: intake.StatusClosed, SubmittedAt: at, UpdatedAt: at,
		Form: []byte(`{"contact":{"name":"张三"}}`), Version: 4,
	}
	sub.Redact(at.Add(181 * 24 * time.Hour))
	out, err := exportcsv.Write([]*intake.Submission{sub}, forms.EN)
	if err != nil {
		t.Fatalf("export of a stub: %v", err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][0] != "C-2345-6789" || strings.Contains(out, "张三") {
		t.Errorf("export of a stub: %v, %v", rows, err)
	}
}
