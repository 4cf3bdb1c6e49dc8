{{/* Pieces of the NetworkPolicies: each service's own file says which it needs. */}}

{{/* gRPC from the service's callers only (shine.services lists them). */}}
{{- define "shine.ingressFromCallers" -}}
{{- $ports := fromYaml (include "shine.ports" .) -}}
- ports: [{ port: {{ $ports.grpcPort }} }]
  from:
    {{- range $caller := $ports.callers }}
    - podSelector:
        matchLabels: {{- include "shine.selector" (dict "root" $.root "service" $caller) | nindent 10 }}
    {{- end }}
{{- end -}}

{{/* The side port (metrics, health) from anywhere in the cluster, for Prometheus. */}}
{{- define "shine.ingressToSidePort" -}}
- ports: [{ port: {{ (fromYaml (include "shine.ports" .)).httpPort }} }]
  from: [{ namespaceSelector: {} }]
{{- end -}}

{{- define "shine.egressToDns" -}}
- ports: [{ port: 53, protocol: UDP }, { port: 53, protocol: TCP }]
{{- end -}}

{{/* The release's own pods: the services it calls, and the dev PostgreSQL and Kafka when they are on. */}}
{{- define "shine.egressToRelease" -}}
- to:
    - podSelector:
        matchLabels:
          app.kubernetes.io/instance: {{ .root.Release.Name }}
          app.kubernetes.io/part-of: shine
{{- end -}}

{{/* External PostgreSQL, Kafka and the OTLP collector are known by port only (their addresses are the platform's). */}}
{{- define "shine.egressToPostgres" -}}
- ports: [{ port: 5432 }]
{{- end -}}

{{- define "shine.egressToKafka" -}}
- ports: [{ port: 9092 }]
{{- end -}}

{{- define "shine.egressToOtlp" -}}
- ports: [{ port: 4317 }, { port: 4318 }]
{{- end -}}
