package main

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"
)

// helmTemplate renders a chart as Tilt's helm() does: `helm template` with CRDs, without the
// chart's test hooks, and with the namespace set on every namespaced object that names none.
func (e *evaluation) helmTemplate(chart, name, namespace, kubeVersion string, valueFiles, sets []string) (string, error) {
	if name == "" {
		name = "chart" // Tilt's default release name
	}
	argv := []string{"template", name, chart, "--include-crds"}
	if namespace != "" {
		argv = append(argv, "--namespace", namespace)
	}
	if kubeVersion != "" {
		argv = append(argv, "--kube-version", kubeVersion)
	}
	for _, file := range valueFiles {
		argv = append(argv, "--values", file)
	}
	for _, set := range sets {
		argv = append(argv, "--set", set)
	}
	out, err := e.run(e.helm, argv...)
	if err != nil {
		return "", err
	}
	objects, err := decodeYAMLStream(out)
	if err != nil {
		return "", err
	}
	kept := objects[:0]
	for _, object := range objects {
		metadata, _ := object["metadata"].(map[string]any)
		annotations, _ := metadata["annotations"].(map[string]any)
		if hook, _ := annotations["helm.sh/hook"].(string); strings.Contains(hook, "test") {
			continue
		}
		if _, set := metadata["namespace"]; namespace != "" && !set && metadata != nil {
			metadata["namespace"] = namespace
		}
		kept = append(kept, object)
	}
	return encodeYAMLStream(kept)
}

// kustomizeBuild is Tilt's kustomize(): `kustomize build` of a folder, with any extra flags.
func (e *evaluation) kustomizeBuild(dir string, flags []string) (string, error) {
	return e.run(e.kustomize, append(append([]string{"build"}, flags...), dir)...)
}

func (e *evaluation) run(tool string, argv ...string) (string, error) {
	cmd := exec.Command(tool, argv...)
	cmd.Dir = e.dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%s %s: %v\n%s", tool, strings.Join(argv, " "), err, stderr.String())
	}
	return stdout.String(), nil
}
