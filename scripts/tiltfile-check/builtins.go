package main

import (
	"fmt"
	"os"
	"path/filepath"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
)

// The Tilt builtins the Tiltfile may call, with the parameter names Tilt's own source unpacks
// (internal/tiltfile in tilt-dev/tilt). Anything else is undefined, so a typo fails evaluation.
const (
	dockerBuildParams = "ref:str context:str build_args?:dict dockerfile?:str dockerfile_contents?:str|blob cache?:any " +
		"live_update?:list match_in_env_vars?:bool ignore?:str|list only?:str|list entrypoint?:str|list " +
		"container_args?:list target?:str ssh?:str|list secret?:str|list network?:str extra_tag?:str|list " +
		"cache_from?:str|list pull?:bool platform?:str extra_hosts?:str|list"
	k8sResourceParams = "workload?:str new_name?:str port_forwards?:str|int|list|port_forward extra_pod_selectors?:dict|list " +
		"trigger_mode?:trigger_mode resource_deps?:list objects?:list auto_init?:bool pod_readiness?:str " +
		"links?:str|list|link labels?:str|list discovery_strategy?:str"
	localResourceParams = "name:str cmd?:str|list deps?:str|list trigger_mode?:trigger_mode resource_deps?:list " +
		"ignore?:str|list auto_init?:bool serve_cmd?:str|list cmd_bat?:str|list serve_cmd_bat?:str|list " +
		"allow_parallel?:bool links?:str|list|link labels?:str|list env?:dict serve_env?:dict readiness_probe?:any " +
		"dir?:str serve_dir?:str"
	helmParams = "paths:str name?:str namespace?:str values?:str|list set?:str|list kube_version?:str skip_crds?:bool"
)

type call struct {
	Builtin string         `json:"builtin"`
	Args    map[string]any `json:"args"`
}

type object struct {
	Source string         `json:"source"`
	Object map[string]any `json:"object"`
}

// evaluation is one run of a Tiltfile: where it lives, the tools its helm() and kustomize() run,
// and what it asked Tilt to do.
type evaluation struct {
	dir       string
	helm      string
	kustomize string
	Calls     []call   `json:"calls"`
	Objects   []object `json:"objects"`
}

type implementation func(e *evaluation, args map[string]starlark.Value) (starlark.Value, error)

// builtin makes a stand-in that checks its arguments, records the call when record is true and
// returns what the implementation gives (None without one).
func (e *evaluation) builtin(name, params string, record bool, impl implementation) *starlark.Builtin {
	s := parseSignature(name, params)
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		bound, err := s.unpack(args, kwargs)
		if err != nil {
			return nil, err
		}
		if record {
			recorded, err := recordArgs(bound)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			e.Calls = append(e.Calls, call{Builtin: name, Args: recorded})
		}
		if impl == nil {
			return starlark.None, nil
		}
		return impl(e, bound)
	})
}

// step returns a value the Tiltfile passes on (a live_update step, a port_forward, a link).
func (e *evaluation) step(name, params string) *starlark.Builtin {
	return e.builtin(name, params, false, func(_ *evaluation, args map[string]starlark.Value) (starlark.Value, error) {
		recorded, err := recordArgs(args)
		return record{kind: name, args: recorded}, err
	})
}

func recordArgs(args map[string]starlark.Value) (map[string]any, error) {
	out := map[string]any{}
	for name, value := range args {
		converted, err := toGo(value)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[name] = converted
	}
	return out, nil
}

func (e *evaluation) globals() starlark.StringDict {
	return starlark.StringDict{
		"docker_build":        e.builtin("docker_build", dockerBuildParams, true, nil),
		"sync":                e.step("sync", "local_path:str remote_path:str"),
		"run":                 e.step("run", "cmd:str|list trigger?:str|list echo_off?:bool"),
		"fall_back_on":        e.step("fall_back_on", "paths:str|list"),
		"restart_container":   e.step("restart_container", ""),
		"helm":                e.builtin("helm", helmParams, true, helmBuiltin),
		"kustomize":           e.builtin("kustomize", "paths:str kustomize_bin?:str flags?:list", true, kustomizeBuiltin),
		"k8s_yaml":            e.builtin("k8s_yaml", "yaml:str|list|blob allow_duplicates?:bool", true, k8sYAML),
		"k8s_resource":        e.builtin("k8s_resource", k8sResourceParams, true, nil),
		"port_forward":        e.step("port_forward", "local_port:int container_port?:int name?:str link_path?:str host?:str"),
		"link":                e.step("link", "url:str name?:str"),
		"local_resource":      e.builtin("local_resource", localResourceParams, true, nil),
		"watch_file":          e.builtin("watch_file", "paths:str", true, nil),
		"read_file":           e.builtin("read_file", "paths:str default?:str", false, readFile),
		"decode_yaml_stream":  e.builtin("decode_yaml_stream", "yaml:str|blob", false, decodeYAMLBuiltin),
		"encode_yaml_stream":  e.builtin("encode_yaml_stream", "objs:list", false, encodeYAMLBuiltin),
		"update_settings":     e.builtin("update_settings", "max_parallel_updates?:int suppress_unused_image_warnings?:str|list", true, nil),
		"TRIGGER_MODE_AUTO":   record{kind: "trigger_mode", args: map[string]any{"mode": "auto"}},
		"TRIGGER_MODE_MANUAL": record{kind: "trigger_mode", args: map[string]any{"mode": "manual"}},
		"os": &starlarkstruct.Module{Name: "os", Members: starlark.StringDict{
			"path": &starlarkstruct.Module{Name: "os.path", Members: starlark.StringDict{
				"exists": e.builtin("os.path.exists", "path:str", false, pathExists),
			}},
		}},
	}
}

// Tilt resolves a relative path from the Tiltfile's folder.
func (e *evaluation) path(value starlark.Value) string {
	path, _ := starlark.AsString(value)
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(e.dir, path)
}

func stringList(value starlark.Value) []string {
	if value == nil {
		return nil
	}
	if s, ok := starlark.AsString(value); ok {
		return []string{s}
	}
	list := value.(starlark.Indexable)
	out := make([]string, list.Len())
	for i := range out {
		out[i], _ = starlark.AsString(list.Index(i))
	}
	return out
}

func str(value starlark.Value) string {
	s, _ := starlark.AsString(value)
	return s
}

func helmBuiltin(e *evaluation, args map[string]starlark.Value) (starlark.Value, error) {
	chart := e.path(args["paths"])
	if _, err := os.Stat(filepath.Join(chart, "Chart.yaml")); err != nil {
		return nil, fmt.Errorf("helm: %s is not a chart: %v", chart, err)
	}
	var valueFiles []string
	for _, file := range stringList(args["values"]) {
		valueFiles = append(valueFiles, e.path(starlark.String(file)))
	}
	text, err := e.helmTemplate(chart, str(args["name"]), str(args["namespace"]), str(args["kube_version"]), valueFiles, stringList(args["set"]))
	return blob{text: text}, err
}

func kustomizeBuiltin(e *evaluation, args map[string]starlark.Value) (starlark.Value, error) {
	text, err := e.kustomizeBuild(e.path(args["paths"]), stringList(args["flags"]))
	return blob{text: text}, err
}

func k8sYAML(e *evaluation, args map[string]starlark.Value) (starlark.Value, error) {
	sources := map[string]string{}
	if text, ok := args["yaml"].(blob); ok {
		sources["blob"] = text.text
	} else {
		for _, file := range stringList(args["yaml"]) {
			content, err := os.ReadFile(e.path(starlark.String(file)))
			if err != nil {
				return nil, fmt.Errorf("k8s_yaml: %v", err)
			}
			sources[file] = string(content)
		}
	}
	for source, text := range sources {
		objects, err := decodeYAMLStream(text)
		if err != nil {
			return nil, fmt.Errorf("k8s_yaml: %s: %v", source, err)
		}
		for _, o := range objects {
			e.Objects = append(e.Objects, object{Source: source, Object: o})
		}
	}
	return starlark.None, nil
}

func readFile(e *evaluation, args map[string]starlark.Value) (starlark.Value, error) {
	content, err := os.ReadFile(e.path(args["paths"]))
	if err != nil {
		if fallback, ok := args["default"]; ok {
			return blob{text: str(fallback)}, nil
		}
		return nil, fmt.Errorf("read_file: %v", err)
	}
	return blob{text: string(content)}, nil
}

func decodeYAMLBuiltin(_ *evaluation, args map[string]starlark.Value) (starlark.Value, error) {
	text := str(args["yaml"])
	if b, ok := args["yaml"].(blob); ok {
		text = b.text
	}
	objects, err := decodeYAMLStream(text)
	if err != nil {
		return nil, fmt.Errorf("decode_yaml_stream: %v", err)
	}
	items := make([]any, len(objects))
	for i, o := range objects {
		items[i] = o
	}
	return toStarlark(items)
}

func encodeYAMLBuiltin(_ *evaluation, args map[string]starlark.Value) (starlark.Value, error) {
	items, err := toGo(args["objs"])
	if err != nil {
		return nil, fmt.Errorf("encode_yaml_stream: %v", err)
	}
	objects := make([]map[string]any, 0, len(items.([]any)))
	for _, item := range items.([]any) {
		o, ok := item.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("encode_yaml_stream: %T is not an object", item)
		}
		objects = append(objects, o)
	}
	text, err := encodeYAMLStream(objects)
	return blob{text: text}, err
}

func pathExists(e *evaluation, args map[string]starlark.Value) (starlark.Value, error) {
	_, err := os.Stat(e.path(args["path"]))
	return starlark.Bool(err == nil), nil
}
