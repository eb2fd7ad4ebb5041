package samtemplate

import (
	"fmt"
	"strings"
)

// forEachPrefix starts the key of an Fn::ForEach loop (AWS::LanguageExtensions):
//
//	Fn::ForEach::Name: [Identifier, Collection, {OutputKey: OutputValue, ...}]
const forEachPrefix = "Fn::ForEach::"

// expandForEach replaces every Fn::ForEach loop in v, at any depth, by its
// output: the fragment once for each item of the collection, with ${Identifier}
// and &{Identifier} replaced in every key and string (&{} dropping what is not
// alphanumeric, as the transform does) and {"Ref": Identifier} by the item.
// A collection is a list, or a Ref to a CommaDelimitedList parameter, which
// takes its default: the local stack deploys with the defaults.
func expandForEach(v any, params map[string]Parameter) (any, error) {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			if !strings.HasPrefix(k, forEachPrefix) {
				x, err := expandForEach(e, params)
				if err != nil {
					return nil, err
				}
				out[k] = x
				continue
			}
			expanded, err := loop(k, e, params)
			if err != nil {
				return nil, err
			}
			for ek, ev := range expanded {
				if _, dup := out[ek]; dup {
					return nil, fmt.Errorf("%s: key %q made twice", k, ek)
				}
				out[ek] = ev
			}
		}
		return out, nil
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			x, err := expandForEach(e, params)
			if err != nil {
				return nil, err
			}
			out[i] = x
		}
		return out, nil
	}
	return v, nil
}

// loop expands one Fn::ForEach into the keys it makes.
func loop(name string, arg any, params map[string]Parameter) (map[string]any, error) {
	parts, _ := arg.([]any)
	if len(parts) != 3 {
		return nil, fmt.Errorf("%s: want [identifier, collection, fragment]", name)
	}
	id, _ := parts[0].(string)
	fragment, ok := parts[2].(map[string]any)
	if id == "" || !ok {
		return nil, fmt.Errorf("%s: want [identifier, collection, fragment]", name)
	}
	items, err := collection(parts[1], params)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	out := map[string]any{}
	for _, item := range items {
		// Inner loops first see the item, then expand with it in place.
		expanded, err := expandForEach(substitute(fragment, id, item), params)
		if err != nil {
			return nil, err
		}
		for k, v := range expanded.(map[string]any) {
			if _, dup := out[k]; dup {
				return nil, fmt.Errorf("%s: key %q made twice", name, k)
			}
			out[k] = v
		}
	}
	return out, nil
}

func collection(v any, params map[string]Parameter) ([]string, error) {
	switch v := v.(type) {
	case []any:
		items := make([]string, len(v))
		for i, e := range v {
			items[i] = fmt.Sprint(e)
		}
		return items, nil
	case map[string]any:
		if name, ok := v["Ref"].(string); ok && len(v) == 1 {
			p, ok := params[name]
			if !ok || p.Type != "CommaDelimitedList" {
				return nil, fmt.Errorf("collection %q is not a CommaDelimitedList parameter", name)
			}
			var items []string
			for _, s := range strings.Split(fmt.Sprint(p.Default), ",") {
				if s = strings.TrimSpace(s); s != "" {
					items = append(items, s)
				}
			}
			return items, nil
		}
	}
	return nil, fmt.Errorf("unsupported collection %v", v)
}

// substitute returns v with the identifier id replaced by item.
func substitute(v any, id, item string) any {
	r := strings.NewReplacer("${"+id+"}", item, "&{"+id+"}", alphanumeric(item))
	var walk func(any) any
	walk = func(v any) any {
		switch v := v.(type) {
		case string:
			return r.Replace(v)
		case map[string]any:
			if ref, ok := v["Ref"].(string); ok && len(v) == 1 && ref == id {
				return item
			}
			out := make(map[string]any, len(v))
			for k, e := range v {
				out[r.Replace(k)] = walk(e)
			}
			return out
		case []any:
			out := make([]any, len(v))
			for i, e := range v {
				out[i] = walk(e)
			}
			return out
		}
		return v
	}
	return walk(v)
}

func alphanumeric(s string) string {
	return strings.Map(func(r rune) rune {
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' {
			return r
		}
		return -1
	}, s)
}
