{{/* The parts every Shine pod shares, so each service's Deployment shows only what is its own. */}}

{{/* Non-root, read-only, nothing kept of root's powers: every pod. */}}
{{- define "shine.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
fsGroup: 1000
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "shine.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
{{- end -}}

{{/* The HPA owns the replica count when it is on: a fixed count here would reset it at every upgrade. */}}
{{- define "shine.replicas" -}}
{{- $values := index .root.Values .service -}}
{{- if not $values.autoscaling.enabled -}}
replicas: {{ $values.replicas }}
{{- end -}}
{{- end -}}

{{/*
  Checksums of what a pod reads but its spec does not show (the env is in the spec already, so a
  change of it rolls the pods by itself): the database Secret. The dev Secret is rendered here; an
  existing one is read from the cluster at install/upgrade, so rotating it rolls the pods at the
  next `helm upgrade` (`helm template` cannot see it and hashes nothing).
*/}}
{{- define "shine.podAnnotations" -}}
{{- $ports := fromYaml (include "shine.ports" .) -}}
{{- if $ports.migrate -}}
{{- if .root.Values.dev.postgres.enabled -}}
checksum/postgres-secret: {{ include (print .root.Template.BasePath "/dev/postgres-secret.yaml") .root | sha256sum }}
{{- else -}}
{{- $secret := lookup "v1" "Secret" .root.Release.Namespace .root.Values.global.postgres.existingSecret -}}
checksum/postgres-secret: {{ $secret.data | default dict | toJson | sha256sum }}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* A service's pod-level settings: its identity with no API token, non-root, spread over nodes and zones. */}}
{{- define "shine.podSpec" -}}
{{- $values := index .root.Values .service -}}
serviceAccountName: {{ $values.serviceAccount.create | ternary (include "shine.name" .) ($values.serviceAccount.name | default "default") }}
automountServiceAccountToken: false
securityContext: {{- include "shine.podSecurityContext" . | nindent 2 }}
# Per ReplicaSet (pod-template-hash), so a rollout spreads its new pods too; soft, so a small
# cluster still schedules them.
topologySpreadConstraints:
  {{- range $key := list "kubernetes.io/hostname" "topology.kubernetes.io/zone" }}
  - maxSkew: 1
    topologyKey: {{ $key }}
    whenUnsatisfiable: ScheduleAnyway
    matchLabelKeys: [pod-template-hash]
    labelSelector:
      matchLabels: {{- include "shine.selector" $ | nindent 8 }}
  {{- end }}
{{- end -}}

{{/* Settings every service reads the same way: where to listen, how to log, where traces go. */}}
{{- define "shine.commonEnv" -}}
{{- $ports := fromYaml (include "shine.ports" .) -}}
{{- $global := .root.Values.global -}}
- { name: BIND_HOST, value: "0.0.0.0" }
- { name: HTTP_PORT, value: {{ $ports.httpPort | quote }} }
{{- if $ports.grpcPort }}
- { name: GRPC_PORT, value: {{ $ports.grpcPort | quote }} }
{{- end }}
- { name: LOG_LEVEL, value: {{ $global.logLevel | quote }} }
- { name: OTEL_SERVICE_NAME, value: {{ .service | quote }} }
{{- with $global.otlpEndpoint }}
- { name: OTEL_EXPORTER_OTLP_ENDPOINT, value: {{ . | quote }} }
# Parent-based: a trace the caller sampled is kept whole across every service.
- { name: OTEL_TRACES_SAMPLER, value: parentbased_traceidratio }
- { name: OTEL_TRACES_SAMPLER_ARG, value: {{ $global.traceSampleRatio | toString | quote }} }
{{- end }}
# Spans say which pod and namespace they came from.
- { name: K8S_POD_NAME, valueFrom: { fieldRef: { fieldPath: metadata.name } } }
- { name: K8S_NAMESPACE, valueFrom: { fieldRef: { fieldPath: metadata.namespace } } }
- { name: OTEL_RESOURCE_ATTRIBUTES, value: "k8s.pod.name=$(K8S_POD_NAME),k8s.namespace.name=$(K8S_NAMESPACE),service.namespace=shine" }
{{- end -}}

{{/* The service's own database, from the database Secret's key named after it. */}}
{{- define "shine.databaseUrlEnv" -}}
- { name: DATABASE_URL, valueFrom: { secretKeyRef: { name: {{ include "shine.postgresSecret" .root }}, key: {{ .service }} } } }
{{- end -}}

{{- define "shine.containerPorts" -}}
{{- $ports := fromYaml (include "shine.ports" .) -}}
{{- if $ports.grpcPort }}
- { name: grpc, containerPort: {{ $ports.grpcPort }} }
{{- end }}
{{- if $ports.publicPort }}
- { name: http, containerPort: {{ $ports.publicPort }} }
{{- end }}
- { name: side, containerPort: {{ $ports.httpPort }} }
{{- end -}}

{{/*
  Startup: native gRPC health where there is gRPC, for up to 5 minutes (analysis warms every
  inference worker before it says ready). Then the side port: /readyz (send me traffic) and
  /healthz (the process answers).
*/}}
{{- define "shine.probes" -}}
{{- $ports := fromYaml (include "shine.ports" .) -}}
startupProbe:
  {{- if $ports.grpcPort }}
  grpc: { port: {{ $ports.grpcPort }} }
  {{- else }}
  httpGet: { path: /readyz, port: side }
  {{- end }}
  periodSeconds: 5
  failureThreshold: 60
readinessProbe:
  httpGet: { path: /readyz, port: side }
  periodSeconds: 5
livenessProbe:
  httpGet: { path: /healthz, port: side }
  periodSeconds: 10
  failureThreshold: 3
{{- end -}}

{{/* The one writable path: Node's compile cache (NODE_COMPILE_CACHE in the image). */}}
{{- define "shine.tmpVolumeMount" -}}
- { name: tmp, mountPath: /tmp }
{{- end -}}

{{- define "shine.tmpVolume" -}}
- name: tmp
  emptyDir: { sizeLimit: 256Mi }
{{- end -}}
