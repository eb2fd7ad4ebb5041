package provision

import (
	"context"
	"fmt"
	"sort"

	"github.com/putuo-compliance/intake/infra/local/samtemplate"
)

// createApplication deploys a nested application (AWS::Serverless::Application
// with a local template) as CloudFormation deploys the nested stack it becomes:
// the template at its Location, with the Parameters given, as a stack of its own
// named after this one and the logical ID. Fn::GetAtt <id>.Outputs.<name> gives
// the nested stack's outputs, Ref a stack ARN.
func (s *Stack) createApplication(ctx context.Context, id string, p map[string]any) error {
	n, err := s.nestedStack(id, p)
	if err != nil {
		return err
	}
	if n, err = DeployWith(ctx, s.cfg, n.tmpl, n.Name, n.params); err != nil {
		return err
	}
	outputs, err := n.outputs()
	if err != nil {
		return fmt.Errorf("outputs: %w", err)
	}
	s.nested[id] = n
	s.refs[id] = fmt.Sprintf("arn:%s:cloudformation:%s:%s:stack/%s/local", n.partition(), s.region, accountID, n.Name)
	s.attrs[id] = map[string]string{}
	for k, v := range outputs {
		s.attrs[id]["Outputs."+k] = v
	}
	return nil
}

// nestedStack is the nested application id's stack, not yet deployed: its
// template, its name and its parameters, from the application's resolved
// properties p.
func (s *Stack) nestedStack(id string, p map[string]any) (*Stack, error) {
	t, err := s.tmpl.Nested(id)
	if err != nil {
		return nil, err
	}
	params := map[string]string{}
	given, _ := p["Parameters"].(map[string]any)
	for k, v := range given {
		if _, ok := t.Parameters[k]; !ok {
			return nil, fmt.Errorf("nested template has no parameter %s", k)
		}
		params[k] = fmt.Sprint(v)
	}
	for k, def := range t.Parameters {
		if _, ok := params[k]; !ok && def.Default == nil {
			return nil, fmt.Errorf("nested template's parameter %s has no default and is not given", k)
		}
	}
	return newStack(s.cfg, t, s.Name+"-"+id, params), nil
}

// outputs resolves the template's outputs whose condition holds.
func (s *Stack) outputs() (map[string]string, error) {
	out := map[string]string{}
	for name, o := range s.tmpl.Outputs {
		if o.Condition != "" {
			ok, err := s.condition(o.Condition)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			if !ok {
				continue
			}
		}
		v, err := s.resolve(o.Value)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[name] = fmt.Sprint(v)
	}
	return out, nil
}

// nestedStacks lists the nested applications' stacks, by logical ID.
func (s *Stack) nestedStacks() []*Stack {
	ids := make([]string, 0, len(s.nested))
	for id := range s.nested {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	out := make([]*Stack, len(ids))
	for i, id := range ids {
		out[i] = s.nested[id]
	}
	return out
}

// withNested is this stack and, depth first, every nested one.
func (s *Stack) withNested() []*Stack {
	all := []*Stack{s}
	for _, n := range s.nestedStacks() {
		all = append(all, n.withNested()...)
	}
	return all
}

func (s *Stack) partition() string {
	p, _ := partition(s.region)
	return p
}

// ConditionHolds evaluates the template's condition name as CloudFormation
// would in region, with params over the parameters' defaults, without
// deploying anything: the region tests ask where a nested application is made.
func ConditionHolds(t *samtemplate.Template, region string, params map[string]string, name string) (bool, error) {
	s := &Stack{Name: "condition", tmpl: t, region: region, params: params,
		refs: map[string]string{}, attrs: map[string]map[string]string{}, nested: map[string]*Stack{}}
	return s.condition(name)
}
