package provision

import (
	"fmt"
	"maps"
	"slices"

	"github.com/putuo-compliance/intake/infra/local/samtemplate"
)

// CheckRules evaluates the template's rules as CloudFormation does before it
// makes anything, in region with params over the parameters' defaults: an
// assertion that fails where its rule applies is a *RuleError.
func CheckRules(t *samtemplate.Template, region string, params map[string]string) error {
	s := &Stack{Name: "rules", tmpl: t, region: region, params: params,
		refs: map[string]string{}, attrs: map[string]map[string]string{}, nested: map[string]*Stack{}}
	return s.checkRules()
}

// RuleError is a template rule's assertion that failed: CloudFormation's
// refusal of the stack.
type RuleError struct {
	Rule        string
	Description string
}

func (e *RuleError) Error() string { return fmt.Sprintf("rule %s: %s", e.Rule, e.Description) }

func (s *Stack) checkRules() error {
	for _, name := range slices.Sorted(maps.Keys(s.tmpl.Rules)) {
		r := s.tmpl.Rules[name]
		if r.RuleCondition != nil {
			applies, err := s.evalCondition(r.RuleCondition)
			if err != nil {
				return fmt.Errorf("rule %s: %w", name, err)
			}
			if !applies {
				continue
			}
		}
		for _, a := range r.Assertions {
			ok, err := s.evalCondition(a.Assert)
			if err != nil {
				return fmt.Errorf("rule %s: %w", name, err)
			}
			if !ok {
				return &RuleError{Rule: name, Description: a.AssertDescription}
			}
		}
	}
	return nil
}
