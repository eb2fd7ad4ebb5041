package provision

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// errPending means a value refers to a resource not created yet; Deploy retries it
// after the others, which gives dependency order without a graph.
var errPending = errors.New("depends on a resource not created yet")

var subVar = regexp.MustCompile(`\$\{([^}!][^}]*)\}`)

// noValue is what Ref AWS::NoValue resolves to: the property or list item that
// holds it is left out, as CloudFormation does.
type noValue struct{}

// resolve evaluates the intrinsic functions the template uses (Ref, Fn::Sub,
// Fn::GetAtt, Fn::Join, Fn::If, Fn::FindInMap) against what the stack has
// created so far.
func (s *Stack) resolve(v any) (any, error) {
	switch v := v.(type) {
	case map[string]any:
		if len(v) == 1 {
			for fn, arg := range v {
				switch fn {
				case "Ref":
					name, _ := arg.(string)
					if name == "AWS::NoValue" {
						return noValue{}, nil
					}
					return s.ref(name)
				case "Fn::If":
					parts, _ := arg.([]any)
					if len(parts) != 3 {
						return nil, fmt.Errorf("bad Fn::If %v", arg)
					}
					name, _ := parts[0].(string)
					ok, err := s.condition(name)
					if err != nil {
						return nil, err
					}
					if ok {
						return s.resolve(parts[1])
					}
					return s.resolve(parts[2])
				case "Fn::GetAtt":
					parts, _ := arg.([]any)
					if len(parts) != 2 {
						return nil, fmt.Errorf("bad Fn::GetAtt %v", arg)
					}
					// The logical ID may be computed (Fn::Sub inside an Fn::ForEach).
					name, err := s.resolve(parts[0])
					if err != nil {
						return nil, err
					}
					return s.getAtt(fmt.Sprint(name), fmt.Sprint(parts[1]))
				case "Fn::FindInMap":
					return s.findInMap(arg)
				case "Fn::Sub":
					return s.sub(arg)
				case "Fn::Join":
					return s.join(arg)
				}
			}
		}
		out := make(map[string]any, len(v))
		for k, e := range v {
			r, err := s.resolve(e)
			if err != nil {
				return nil, err
			}
			if r != (noValue{}) {
				out[k] = r
			}
		}
		return out, nil
	case []any:
		out := make([]any, 0, len(v))
		for _, e := range v {
			r, err := s.resolve(e)
			if err != nil {
				return nil, err
			}
			if r != (noValue{}) {
				out = append(out, r)
			}
		}
		return out, nil
	default:
		return v, nil
	}
}

// condition evaluates the template's condition name (Fn::Equals, Fn::Not,
// Fn::And, Fn::Or and Condition, over parameters and pseudo parameters).
func (s *Stack) condition(name string) (bool, error) {
	expr, ok := s.tmpl.Conditions[name]
	if !ok {
		return false, fmt.Errorf("unknown condition %q", name)
	}
	return s.evalCondition(expr)
}

func (s *Stack) evalCondition(expr any) (bool, error) {
	m, _ := expr.(map[string]any)
	if len(m) != 1 {
		return false, fmt.Errorf("bad condition %v", expr)
	}
	for fn, arg := range m {
		if fn == "Condition" {
			name, _ := arg.(string)
			return s.condition(name)
		}
		args, _ := arg.([]any)
		switch fn {
		case "Fn::Equals":
			if len(args) != 2 {
				return false, fmt.Errorf("bad Fn::Equals %v", arg)
			}
			a, err := s.resolve(args[0])
			if err != nil {
				return false, err
			}
			b, err := s.resolve(args[1])
			if err != nil {
				return false, err
			}
			return fmt.Sprint(a) == fmt.Sprint(b), nil
		case "Fn::Not":
			if len(args) != 1 {
				return false, fmt.Errorf("bad Fn::Not %v", arg)
			}
			ok, err := s.evalCondition(args[0])
			return !ok, err
		case "Fn::And", "Fn::Or":
			all := fn == "Fn::And"
			for _, a := range args {
				ok, err := s.evalCondition(a)
				if err != nil {
					return false, err
				}
				if ok != all {
					return ok, nil
				}
			}
			return all, nil
		}
	}
	return false, fmt.Errorf("unsupported condition %v", expr)
}

func (s *Stack) ref(name string) (string, error) {
	switch name {
	case "AWS::StackName":
		return s.Name, nil
	case "AWS::Region":
		return s.region, nil
	case "AWS::AccountId":
		return accountID, nil
	case "AWS::Partition":
		p, _ := partition(s.region)
		return p, nil
	case "AWS::URLSuffix":
		_, suffix := partition(s.region)
		return suffix, nil
	}
	if p, ok := s.tmpl.Parameters[name]; ok {
		if v, ok := s.params[name]; ok {
			return v, nil
		}
		return fmt.Sprint(p.Default), nil
	}
	if _, ok := s.tmpl.Resources[name]; !ok {
		return "", fmt.Errorf("Ref to unknown %q", name)
	}
	if err := s.mustExist(name); err != nil {
		return "", err
	}
	if v, ok := s.refs[name]; ok {
		return v, nil
	}
	if s.tmpl.Resources[name].Type == "AWS::Serverless::Function" || !s.creates(name) {
		return name, nil // not emulated locally: its logical ID stands in
	}
	return "", fmt.Errorf("Ref %s: %w", name, errPending)
}

// partition gives a region's partition and its endpoints' domain, for the
// partitions this project deploys to: the AWS China regions (aws-cn,
// amazonaws.com.cn), AWS GovCloud (US) and the global ones.
func partition(region string) (name, urlSuffix string) {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn", "amazonaws.com.cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov", "amazonaws.com"
	}
	return "aws", "amazonaws.com"
}

func (s *Stack) getAtt(name, attr string) (string, error) {
	if _, ok := s.tmpl.Resources[name]; !ok {
		return "", fmt.Errorf("Fn::GetAtt of unknown %q", name)
	}
	if err := s.mustExist(name); err != nil {
		return "", err
	}
	if v, ok := s.attrs[name][attr]; ok {
		return v, nil
	}
	if !s.creates(name) {
		return name + "." + attr, nil
	}
	return "", fmt.Errorf("GetAtt %s.%s: %w", name, attr, errPending)
}

// mustExist fails for a resource whose condition does not hold: CloudFormation
// rejects a template that refers to it outside Fn::If.
func (s *Stack) mustExist(id string) error {
	ok, err := s.exists(id)
	if err == nil && !ok {
		err = fmt.Errorf("%s is not created: its condition %s does not hold", id, s.tmpl.Resources[id].Condition)
	}
	return err
}

func (s *Stack) sub(arg any) (string, error) {
	text, vars := "", map[string]any{}
	switch a := arg.(type) {
	case string:
		text = a
	case []any:
		if len(a) != 2 {
			return "", fmt.Errorf("bad Fn::Sub %v", arg)
		}
		text, _ = a[0].(string)
		vars, _ = a[1].(map[string]any)
	}
	var firstErr error
	out := subVar.ReplaceAllStringFunc(text, func(m string) string {
		name := m[2 : len(m)-1]
		var v any
		var err error
		if given, ok := vars[name]; ok {
			v, err = s.resolve(given)
		} else if res, attr, ok := strings.Cut(name, "."); ok {
			v, err = s.getAtt(res, attr)
		} else {
			v, err = s.ref(name)
		}
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return fmt.Sprint(v)
	})
	return out, firstErr
}

func (s *Stack) findInMap(arg any) (any, error) {
	parts, _ := arg.([]any)
	if len(parts) != 3 {
		return nil, fmt.Errorf("bad Fn::FindInMap %v", arg)
	}
	keys := make([]string, 3)
	for i, p := range parts {
		r, err := s.resolve(p)
		if err != nil {
			return nil, err
		}
		keys[i] = fmt.Sprint(r)
	}
	v, ok := s.tmpl.Mappings[keys[0]][keys[1]][keys[2]]
	if !ok {
		return nil, fmt.Errorf("Fn::FindInMap: no %v in the mappings", keys)
	}
	return v, nil
}

func (s *Stack) join(arg any) (string, error) {
	a, _ := arg.([]any)
	if len(a) != 2 {
		return "", fmt.Errorf("bad Fn::Join %v", arg)
	}
	items, err := s.resolve(a[1])
	if err != nil {
		return "", err
	}
	list, _ := items.([]any)
	parts := make([]string, len(list))
	for i, e := range list {
		parts[i] = fmt.Sprint(e)
	}
	return strings.Join(parts, fmt.Sprint(a[0])), nil
}
