package main

import (
	"reflect"
	"strings"
	"testing"
)

func TestVersionOf(t *testing.T) {
	const out = "/root/go/bin/gremlins: go1.26.8\n\tpath\tgithub.com/go-gremlins/gremlins/cmd/gremlins\n" +
		"\tmod\tgithub.com/go-gremlins/gremlins\tv0.6.0\th1:abc=\n\tdep\tgithub.com/spf13/cobra\tv1.8.0\th1:def=\n"
	tests := []struct {
		give, module, want string
	}{
		{out, "github.com/go-gremlins/gremlins", "v0.6.0"},
		{out, "github.com/spf13/cobra", ""}, // a dependency, not the main module
		{"", "github.com/go-gremlins/gremlins", ""},
	}
	for _, tt := range tests {
		if got := versionOf([]byte(tt.give), tt.module); got != tt.want {
			t.Errorf("versionOf(%q) = %q, want %q", tt.module, got, tt.want)
		}
	}
}

func TestReadReport(t *testing.T) {
	const rep = `{"go_module":"m","files":[
		{"file_name":"apply.go","mutations":[{"type":"CONDITIONALS_NEGATION","status":"KILLED","line":3,"column":9}]},
		{"file_name":"intaketest/intaketest.go","mutations":[{"type":"ARITHMETIC_BASE","status":"LIVED","line":7,"column":2}]}]}`
	got, err := readReport(strings.NewReader(rep), "shared/intake")
	if err != nil {
		t.Fatal(err)
	}
	want := []Mutant{
		{File: "shared/intake/apply.go", Line: 3, Col: 9, Type: "CONDITIONALS_NEGATION", Status: Killed},
		{File: "shared/intake/intaketest/intaketest.go", Line: 7, Col: 2, Type: "ARITHMETIC_BASE", Status: Lived},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("readReport = %+v, want %+v", got, want)
	}
	if got[1].Dir() != "shared/intake/intaketest" {
		t.Errorf("Dir = %q", got[1].Dir())
	}
	if _, err := readReport(strings.NewReader("not json"), "d"); err == nil {
		t.Error("no error for a broken report")
	}
}

func TestBinDir(t *testing.T) {
	tests := []struct {
		give, want string
		wantErr    bool
	}{
		{"\n/root/go\n", "/root/go/bin", false},
		{"/opt/gobin\n/root/go\n", "/opt/gobin", false},
		{"\n/a/go:/b/go\n", "/a/go/bin", false},
		{"\n\n", "", true},
	}
	for _, tt := range tests {
		got, err := binDir(tt.give)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("binDir(%q) = %q, %v, want %q (error %v)", tt.give, got, err, tt.want, tt.wantErr)
		}
	}
}
