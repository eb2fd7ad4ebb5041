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

// resolve evaluates the intrinsic functions the template uses (Ref, Fn::Sub,
// Fn::GetAtt, Fn::Join) against what the stack has created so far.
func (s *Stack) resolve(v any) (any, error) {
	switch v := v.(type) {
	case map[string]any:
		if len(v) == 1 {
			for fn, arg := range v {
				switch fn {
				case "Ref":
					name, _ := arg.(string)
					return s.ref(name)
				case "Fn::GetAtt":
					parts, _ := arg.([]any)
					if len(parts) != 2 {
						return nil, fmt.Errorf("bad Fn::GetAtt %v", arg)
					}
					return s.getAtt(fmt.Sprint(parts[0]), fmt.Sprint(parts[1]))
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
			out[k] = r
		}
		return out, nil
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			r, err := s.resolve(e)
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	default:
		return v, nil
	}
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
		return "aws", nil
	case "AWS::URLSuffix":
		return "amazonaws.com", nil
	}
	if p, ok := s.tmpl.Parameters[name]; ok {
		if v, ok := LocalParameters[name]; ok {
			return v, nil
		}
		return fmt.Sprint(p.Default), nil
	}
	if _, ok := s.tmpl.Resources[name]; !ok {
		return "", fmt.Errorf("Ref to unknown %q", name)
	}
	if v, ok := s.refs[name]; ok {
		return v, nil
	}
	if s.tmpl.Resources[name].Type == "AWS::Serverless::Function" || !s.creates(name) {
		return name, nil // not emulated locally: its logical ID stands in
	}
	return "", fmt.Errorf("Ref %s: %w", name, errPending)
}

func (s *Stack) getAtt(name, attr string) (string, error) {
	if _, ok := s.tmpl.Resources[name]; !ok {
		return "", fmt.Errorf("Fn::GetAtt of unknown %q", name)
	}
	if v, ok := s.attrs[name][attr]; ok {
		return v, nil
	}
	if !s.creates(name) {
		return name + "." + attr, nil
	}
	return "", fmt.Errorf("GetAtt %s.%s: %w", name, attr, errPending)
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
