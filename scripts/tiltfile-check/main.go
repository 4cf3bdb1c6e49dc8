// tiltfile-check evaluates a Tiltfile with go.starlark.net and recording stand-ins for Tilt's
// builtins, and prints what it asked Tilt to do as JSON: the calls with their arguments, and every
// Kubernetes object it handed to k8s_yaml (helm() and kustomize() really render, with the helm and
// kustomize named by $HELM and $KUSTOMIZE). Tilt itself is not available to CI; this proves the
// Tiltfile runs, names real things and uses Tilt's parameters, not that `tilt up` works.
//
//	tiltfile-check path/to/Tiltfile
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: tiltfile-check <Tiltfile>")
		os.Exit(2)
	}
	tiltfile, err := filepath.Abs(os.Args[1])
	if err != nil {
		fail(err)
	}
	e := &evaluation{dir: filepath.Dir(tiltfile), helm: tool("HELM", "helm"), kustomize: tool("KUSTOMIZE", "kustomize")}
	thread := &starlark.Thread{
		Name: "Tiltfile",
		Load: func(_ *starlark.Thread, module string) (starlark.StringDict, error) {
			return nil, fmt.Errorf("load(%q): extensions are not available to this check", module)
		},
	}
	// Tilt's dialect: top-level if/for, while, sets, reassigned globals and recursion.
	options := &syntax.FileOptions{Set: true, While: true, TopLevelControl: true, GlobalReassign: true, Recursion: true}
	if _, err := starlark.ExecFileOptions(options, thread, tiltfile, nil, e.globals()); err != nil {
		if evalErr, ok := err.(*starlark.EvalError); ok {
			fail(fmt.Errorf("%s", evalErr.Backtrace()))
		}
		fail(err)
	}
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetIndent("", "  ")
	if err := encoder.Encode(e); err != nil {
		fail(err)
	}
}

func tool(variable, name string) string {
	if path := os.Getenv(variable); path != "" {
		return path
	}
	return name
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "tiltfile-check:", err)
	os.Exit(1)
}
