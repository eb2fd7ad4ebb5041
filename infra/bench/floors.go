package main

import (
	"sort"
	"strings"
)

// floorOf names each function's cold-start floor: a Makefile target
// (build-Floor<Name>) that builds infra/bench/floor/<name>, the same AWS clients,
// logrus and, where the function validates, validator/v10 - and nothing of ours.
// A function missing here fails the run (main.go): the bar needs a floor.
var floorOf = map[string]string{
	"SubmitFunction":     "FloorSubmit",
	"StatusFunction":     "FloorStatus",
	"RedispatchFunction": "FloorRedispatch",
	"WebFunction":        "FloorWeb",
	"InboxFunction":      "FloorInbox",
	"StaffFunction":      "FloorStaff",
	"RetentionFunction":  "FloorRetention",
	"ConsoleFunction":    "FloorConsole",
}

// functionOf is the function a floor stands for, so that the floor runs with
// that function's environment and probe event.
func functionOf(id string) (string, bool) {
	if !strings.HasPrefix(id, "Floor") {
		return "", false
	}
	for fn, f := range floorOf {
		if f == id {
			return fn, true
		}
	}
	return "", false
}

// withFloors lists each of fns followed by its floor, after the hello world:
// the order cold starts take turns in.
func withFloors(fns []string) []string {
	out := []string{baseline}
	for _, fn := range fns {
		out = append(out, fn, floorOf[fn])
	}
	return out
}

// functionIDs are the template's functions among ids, sorted.
func functionIDs(ids []string) []string {
	var out []string
	for _, id := range ids {
		if _, floor := functionOf(id); id != baseline && !floor {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}
