package main

import (
	"fmt"
	"strings"

	"go.starlark.net/starlark"
)

// signature is one Tilt builtin's parameters, as Tilt's own source unpacks them:
// "name:type" is required, "name?:type" optional; a type is kinds joined by "|".
type signature struct {
	name   string
	params []param
}

type param struct {
	name     string
	optional bool
	kinds    []string
}

func parseSignature(name, spec string) signature {
	s := signature{name: name}
	for _, field := range strings.Fields(spec) {
		paramName, kinds, found := strings.Cut(field, ":")
		if !found {
			panic(fmt.Sprintf("%s: parameter %q has no type", name, field))
		}
		s.params = append(s.params, param{
			name:     strings.TrimSuffix(paramName, "?"),
			optional: strings.HasSuffix(paramName, "?"),
			kinds:    strings.Split(kinds, "|"),
		})
	}
	return s
}

// unpack binds positional and keyword arguments to the parameters, refusing an unknown keyword,
// a missing required argument or a value of the wrong type, as Tilt does.
func (s signature) unpack(args starlark.Tuple, kwargs []starlark.Tuple) (map[string]starlark.Value, error) {
	values := make([]starlark.Value, len(s.params))
	pairs := make([]any, 0, 2*len(s.params))
	for i, p := range s.params {
		name := p.name
		if p.optional {
			name += "?"
		}
		pairs = append(pairs, name, &values[i])
	}
	if err := starlark.UnpackArgs(s.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	bound := map[string]starlark.Value{}
	for i, p := range s.params {
		if values[i] == nil {
			continue
		}
		if !p.accepts(values[i]) {
			return nil, fmt.Errorf("%s: %s must be %s, not %s", s.name, p.name, strings.Join(p.kinds, " or "), values[i].Type())
		}
		bound[p.name] = values[i]
	}
	return bound, nil
}

func (p param) accepts(value starlark.Value) bool {
	for _, kind := range p.kinds {
		switch kind {
		case "any":
			return true
		case "str":
			if _, ok := value.(starlark.String); ok {
				return true
			}
		case "list":
			switch value.(type) {
			case *starlark.List, starlark.Tuple:
				return true
			}
		default: // int, bool, dict, blob, NoneType, or a record's kind
			if value.Type() == kind {
				return true
			}
		}
	}
	return false
}
