package main

import (
	"fmt"
	"sort"

	"go.starlark.net/starlark"
)

// blob is Tilt's Blob: text (rendered YAML, a file read) that str() turns back into a string.
type blob struct{ text string }

func (b blob) String() string        { return b.text }
func (b blob) Type() string          { return "blob" }
func (b blob) Freeze()               {}
func (b blob) Truth() starlark.Bool  { return len(b.text) > 0 }
func (b blob) Hash() (uint32, error) { return starlark.String(b.text).Hash() }

// record is what a Tilt builtin returns for later use as an argument: a live_update step or a
// port_forward. It keeps the builtin's name and the arguments it was given.
type record struct {
	kind string
	args map[string]any
}

func (r record) String() string        { return fmt.Sprintf("%s(%v)", r.kind, r.args) }
func (r record) Type() string          { return r.kind }
func (r record) Freeze()               {}
func (r record) Truth() starlark.Bool  { return true }
func (r record) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable: %s", r.kind) }

// toGo turns a Starlark value into plain Go data for JSON and YAML.
func toGo(value starlark.Value) (any, error) {
	switch v := value.(type) {
	case starlark.NoneType:
		return nil, nil
	case starlark.Bool:
		return bool(v), nil
	case starlark.Int:
		n, ok := v.Int64()
		if !ok {
			return nil, fmt.Errorf("integer out of range: %s", v)
		}
		return n, nil
	case starlark.Float:
		return float64(v), nil
	case starlark.String:
		return string(v), nil
	case blob:
		return v.text, nil
	case record:
		out := map[string]any{"builtin": v.kind}
		for name, arg := range v.args {
			out[name] = arg
		}
		return out, nil
	case *starlark.Dict:
		out := map[string]any{}
		for _, item := range v.Items() {
			key, ok := starlark.AsString(item[0])
			if !ok {
				return nil, fmt.Errorf("dict key %s is not a string", item[0])
			}
			converted, err := toGo(item[1])
			if err != nil {
				return nil, err
			}
			out[key] = converted
		}
		return out, nil
	case starlark.Indexable: // list, tuple
		out := make([]any, v.Len())
		for i := range out {
			converted, err := toGo(v.Index(i))
			if err != nil {
				return nil, err
			}
			out[i] = converted
		}
		return out, nil
	}
	return nil, fmt.Errorf("cannot record a %s", value.Type())
}

// toStarlark turns decoded YAML into Starlark dicts and lists, as Tilt's decode_yaml does.
func toStarlark(value any) (starlark.Value, error) {
	switch v := value.(type) {
	case nil:
		return starlark.None, nil
	case bool:
		return starlark.Bool(v), nil
	case int:
		return starlark.MakeInt(v), nil
	case int64:
		return starlark.MakeInt64(v), nil
	case uint64:
		return starlark.MakeUint64(v), nil
	case float64:
		return starlark.Float(v), nil
	case string:
		return starlark.String(v), nil
	case []any:
		items := make([]starlark.Value, len(v))
		for i, item := range v {
			converted, err := toStarlark(item)
			if err != nil {
				return nil, err
			}
			items[i] = converted
		}
		return starlark.NewList(items), nil
	case map[string]any:
		keys := make([]string, 0, len(v))
		for key := range v {
			keys = append(keys, key)
		}
		sort.Strings(keys)
		dict := starlark.NewDict(len(v))
		for _, key := range keys {
			converted, err := toStarlark(v[key])
			if err != nil {
				return nil, err
			}
			if err := dict.SetKey(starlark.String(key), converted); err != nil {
				return nil, err
			}
		}
		return dict, nil
	}
	return nil, fmt.Errorf("cannot turn a %T into Starlark", value)
}
