// Package routing picks the one agency responsible for a submission, by ordered
// first-match rules kept as data (rules.json), not code.
package routing

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/putuo-compliance/intake/shared/agency"
)

// Facts are the parts of a submission that routing looks at.
type Facts struct {
	Kind             string // "consultation" or "training"
	Category         string // consultation: incident category
	ReportedToPolice bool   // consultation: already reported to police
	PrimaryTopic     string // training: primary topic
}

// Rule matches when every condition it sets holds; unset conditions match anything.
type Rule struct {
	Kind             string      `json:"kind"`
	Categories       []string    `json:"categories,omitempty"`
	ReportedToPolice *bool       `json:"reportedToPolice,omitempty"`
	PrimaryTopics    []string    `json:"primaryTopics,omitempty"`
	Agency           agency.Code `json:"agency"`
}

func (r Rule) matches(f Facts) bool {
	return r.Kind == f.Kind &&
		(len(r.Categories) == 0 || slices.Contains(r.Categories, f.Category)) &&
		(r.ReportedToPolice == nil || *r.ReportedToPolice == f.ReportedToPolice) &&
		(len(r.PrimaryTopics) == 0 || slices.Contains(r.PrimaryTopics, f.PrimaryTopic))
}

// Rules is an ordered rule list; the first match wins.
type Rules []Rule

//go:embed rules.json
var defaultRules []byte

// Default returns the district's default rules (docs/domain.md, "Routing").
func Default() Rules {
	rules, err := Parse(defaultRules)
	if err != nil {
		panic(err) // rules.json is part of the build and covered by tests
	}
	return rules
}

// Parse reads rules from JSON and checks that each names a known agency.
func Parse(data []byte) (Rules, error) {
	var rules Rules
	if err := json.Unmarshal(data, &rules); err != nil {
		return nil, fmt.Errorf("parse routing rules: %w", err)
	}
	for i, r := range rules {
		if _, ok := agency.Lookup(r.Agency); !ok {
			return nil, fmt.Errorf("routing rule %d: unknown agency %q", i, r.Agency)
		}
		if r.Kind == "" {
			return nil, fmt.Errorf("routing rule %d: kind is required", i)
		}
	}
	return rules, nil
}

// Route returns the agency of the first rule that matches f.
func (rs Rules) Route(f Facts) (agency.Code, error) {
	for _, r := range rs {
		if r.matches(f) {
			return r.Agency, nil
		}
	}
	return "", fmt.Errorf("no routing rule matches kind %q", f.Kind)
}
